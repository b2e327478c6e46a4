// didChange → publishDiagnostics latency of `lookout lsp` over stdio (what an editor
// sees), p50/p99 over 200 incremental edits of ../shared/bench/big.Dockerfile and
// big-manifests.yaml, and the server's resident memory across 1,000 edits.
// Not a timed test: prints figures. Debounce is 0 so the figure is the server's own work.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification, PublishDiagnosticsNotification, ShutdownRequest, ExitNotification,
} from 'vscode-languageserver-protocol';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bin = process.env.LOOKOUT_BIN ?? join(root, 'target/release/lookout');
const shared = resolve(root, '../shared/bench');
const EDITS = Number(process.env.EDITS ?? 200);
const MEMORY_EDITS = Number(process.env.MEMORY_EDITS ?? 1000);

const server = spawn(bin, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const pending = new Map();
connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
  const key = `${p.uri}@${p.version}`;
  const resolveWaiter = pending.get(key);
  if (resolveWaiter) { pending.delete(key); resolveWaiter(p.diagnostics.length); }
});
connection.listen();
await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0, useConfigFile: false } });
await connection.sendNotification(InitializedNotification.type, {});

const published = (uri, version) => new Promise((res) => pending.set(`${uri}@${version}`, res));
const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? NaN);
// utime+stime of the server in ms (clock ticks are 100 Hz on Linux).
const cpuMs = () => { const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function run(file, languageId, edits) {
  const text = readFileSync(join(shared, file), 'utf8');
  const uri = `file:///bench/${file}`;
  const opened = published(uri, 1);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  const findings = await opened;
  // Each edit types or deletes one character at the end of the first line (a change
  // every keystroke of a real session makes), alternating so the text stays the same size.
  const firstLineEnd = text.indexOf('\n');
  const times = [];
  const cpuStart = cpuMs();
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const typing = i % 2 === 0;
    const change = typing
      ? { range: { start: { line: 0, character: firstLineEnd }, end: { line: 0, character: firstLineEnd } }, text: 'x' }
      : { range: { start: { line: 0, character: firstLineEnd }, end: { line: 0, character: firstLineEnd + 1 } }, text: '' };
    const done = published(uri, version);
    const start = process.hrtime.bigint();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    await done;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpuPerEdit = (cpuMs() - cpuStart) / edits;
  times.sort((a, b) => a - b);
  return { cpuPerEdit, file, lines: text.split('\n').length, findings, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) };
}

const results = [];
for (const [file, lang] of [['big.Dockerfile', 'dockerfile'], ['big-manifests.yaml', 'yaml']]) {
  results.push(await run(file, lang, EDITS));
}
for (const r of results) {
  console.log(`${r.file.padEnd(20)} ${String(r.lines).padStart(5)} lines ${String(r.findings).padStart(5)} findings  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(2)} ms  server CPU ${r.cpuPerEdit.toFixed(2)} ms/edit  (${EDITS} edits)`);
}

// Memory: resident set after warm-up, then after MEMORY_EDITS more edits of each file.
const before = rssKiB();
const half = Math.floor(MEMORY_EDITS / 2);
await run('big.Dockerfile', 'dockerfile', half);
await run('big-manifests.yaml', 'yaml', MEMORY_EDITS - half);
const afterEdits = rssKiB();
console.log(`memory: RSS ${(before / 1024).toFixed(1)} MiB before, ${(afterEdits / 1024).toFixed(1)} MiB after ${MEMORY_EDITS} more edits (${(((afterEdits - before) / before) * 100).toFixed(1)} %)`);

await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
connection.dispose();
