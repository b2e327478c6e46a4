// `lookout lsp` over stdio, driven with vscode-jsonrpc exactly as VS Code's language
// client talks to it: the acceptance exchange against the built binary
// ($LOOKOUT_BIN). Every step waits on the message it expects; nothing sleeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  CodeActionRequest,
  ShutdownRequest,
  ExitNotification,
} from 'vscode-languageserver-protocol';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bin = process.env.LOOKOUT_BIN ?? join(root, 'target/release/lookout');
const sharedNpm = resolve(root, '../shared/osv/npm/all.zip');
const WAIT_MS = 20000;

let server;
let connection;
let exitCode;
const published = [];
const waiters = [];
const work = mkdtempSync(join(tmpdir(), 'lookout-lsp-node-'));

function waitDiagnostics(uri, version) {
  const match = (p) => p.uri === uri && p.version === version;
  const found = published.find(match);
  if (found) return Promise.resolve(found.diagnostics);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), WAIT_MS);
    waiters.push({ match, resolve: (p) => { clearTimeout(timer); resolvePromise(p.diagnostics); } });
  });
}

async function open(uri, languageId, version, text) {
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  return waitDiagnostics(uri, version);
}

async function changeFull(uri, version, text) {
  await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  return waitDiagnostics(uri, version);
}

/** Applies a WorkspaceEdit's TextEdits for `uri` (UTF-16 columns, like JS strings). */
function applyEdit(text, edit, uri) {
  const lines = text.split('\n');
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...edit.changes[uri]].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

before(async () => {
  assert.ok(existsSync(bin), `LOOKOUT_BIN not found: ${bin} (build with cargo build --release -p lookout_cli)`);
  assert.ok(existsSync(sharedNpm), `this test needs ../shared beside the repository (${sharedNpm})`);
  const db = join(work, 'db');
  execFileSync(bin, ['db', 'build', '--from', sharedNpm, '--out', db], { stdio: 'pipe' });

  server = spawn(bin, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  server.on('exit', (code) => { exitCode = code; });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const [i, w] of waiters.entries()) {
      if (w.match(params)) { waiters.splice(i, 1); w.resolve(params); break; }
    }
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(work).href,
    capabilities: { general: { positionEncodings: ['utf-16'] }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: { debounceMs: 0, db },
    workspaceFolders: null,
  });
  assert.equal(init.capabilities.positionEncoding, 'utf-16');
  assert.equal(init.serverInfo.name, 'lookout');
  await connection.sendNotification(InitializedNotification.type, {});
});

after(async () => {
  if (connection && exitCode === undefined) {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
  }
  const exited = await new Promise((res) => {
    if (exitCode !== undefined) return res(exitCode);
    const timer = setTimeout(() => res('timeout'), WAIT_MS);
    server.on('exit', (code) => { clearTimeout(timer); res(code); });
  });
  assert.equal(exited, 0, 'the server exits with 0 after shutdown/exit');
  connection.dispose();
});

test('Dockerfile: DL3007 at line 0 with its docs link, cleared by the fix', async () => {
  const uri = pathToFileURL(join(work, 'Dockerfile')).href;
  const diagnostics = await open(uri, 'dockerfile', 1, 'FROM nginx:latest\n');
  const latest = diagnostics.find((d) => d.code === 'DL3007');
  assert.ok(latest, JSON.stringify(diagnostics));
  assert.deepEqual(latest.range.start, { line: 0, character: 5 });
  assert.equal(latest.source, 'lookout');
  assert.equal(latest.codeDescription.href, 'https://lookout.dev/rules/dl3007');
  const after = await changeFull(uri, 2, 'FROM nginx:1.27.3\n');
  assert.ok(!after.some((d) => d.code === 'DL3007'), JSON.stringify(after));
});

test('quick fix applied gives the expected text; hover shows the rule docs', async () => {
  const uri = pathToFileURL(join(work, 'app.Dockerfile')).href;
  const text = 'FROM nginx:latest\nADD app.py /app/\n';
  const diagnostics = await open(uri, 'dockerfile', 1, text);
  const add = diagnostics.find((d) => d.code === 'DL3020');
  assert.ok(add, JSON.stringify(diagnostics));
  const actions = await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: add.range, context: { diagnostics: [add] } });
  const preferred = actions.find((a) => a.isPreferred);
  assert.equal(applyEdit(text, preferred.edit, uri), 'FROM nginx:latest\nCOPY app.py /app/\n');
  assert.ok(actions.some((a) => a.title === 'Ignore DL3020 for this line'));
  assert.ok(actions.some((a) => a.title === 'Ignore DL3020 in this file'));

  const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 14 } });
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /### DL3007/);
  assert.match(hover.contents.value, /## What it does/);
  assert.match(hover.contents.value, /registry \| docker.io \(default\)/);
});

test('Kubernetes manifest: privileged: true reported with KSV-0017 on its line', async () => {
  const uri = pathToFileURL(join(work, 'pod.yaml')).href;
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
  const diagnostics = await open(uri, 'yaml', 1, text);
  const privileged = diagnostics.find((d) => d.message.includes('KSV-0017'));
  assert.ok(privileged, JSON.stringify(diagnostics));
  assert.equal(privileged.range.start.line, 9);
});

test('package-lock.json: vulnerable lodash 4.17.15 flagged on its line', async () => {
  const uri = pathToFileURL(join(work, 'package-lock.json')).href;
  const text = '{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/lodash": {\n      "version": "4.17.15"\n    }\n  }\n}\n';
  const diagnostics = await open(uri, 'json', 1, text);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.equal(diagnostics[0].range.start.line, 5);
  assert.match(diagnostics[0].message, /^lodash 4\.17\.15: .*fixed in /);
});

test('UTF-16 positions after an emoji', async () => {
  const uri = pathToFileURL(join(work, 'emoji.Dockerfile')).href;
  const line = 'RUN echo "🐳" && apt-get install -y curl';
  const diagnostics = await open(uri, 'dockerfile', 1, `FROM debian:12.7\n${line}\n`);
  const pin = diagnostics.find((d) => d.code === 'DL3008');
  assert.ok(pin, JSON.stringify(diagnostics));
  // JS string indices are UTF-16 code units, the LSP default.
  assert.deepEqual(pin.range.start, { line: 1, character: line.indexOf('curl') });
});

test('a garbage document does not crash the server', async () => {
  const uri = pathToFileURL(join(work, 'garbage/Dockerfile')).href;
  mkdirSync(join(work, 'garbage'), { recursive: true });
  writeFileSync(join(work, 'garbage/Dockerfile'), '');
  await open(uri, 'dockerfile', 1, '\u0000\u0001FROM\t\\\n\\\n\ufeffRUN <<EOF\n"[{]}🐳\r\r\nARG ${{{{\nCOPY --from= \n');
  await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 99, character: 99 } });
  const again = await open(pathToFileURL(join(work, 'after-garbage.Dockerfile')).href, 'dockerfile', 1, 'FROM nginx:latest\n');
  assert.ok(again.some((d) => d.code === 'DL3007'));
});

test('exit without shutdown ends the process with code 1 (LSP spec), closing stdin too', async () => {
  const exitOf = (child) => new Promise((res) => {
    const timer = setTimeout(() => { child.kill(); res('timeout'); }, WAIT_MS);
    child.on('exit', (code) => { clearTimeout(timer); res(code); });
  });
  const abrupt = spawn(bin, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = exitOf(abrupt);
  const c = createProtocolConnection(new StreamMessageReader(abrupt.stdout), new StreamMessageWriter(abrupt.stdin));
  c.listen();
  await c.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  await c.sendNotification(InitializedNotification.type, {});
  await c.sendNotification(ExitNotification.type);
  assert.equal(await exited, 1);
  c.dispose();

  const closed = spawn(bin, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const closedExit = exitOf(closed);
  closed.stdin.end();
  assert.equal(await closedExit, 1, 'stdin closed before shutdown');
});
