// The client's share of bench.mjs' latency: the real server's publishDiagnostics for
// big-manifests.yaml is captured once, then a stand-in server (null-server.mjs) that
// answers each edit with it instantly is measured with the same client and edits. The
// difference to bench.mjs' figure is the server's time.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { createProtocolConnection, InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, PublishDiagnosticsNotification, ShutdownRequest, ExitNotification } from "vscode-languageserver-protocol";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const bin = process.env.LOOKOUT_BIN ?? join(root, "target/release/lookout");
const file = join(root, "../shared/bench/big-manifests.yaml");

// Capture the real server's diagnostics for the file.
const server = spawn(bin, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
let captured;
const published = new Promise((res) => (captured = res));
connection.onNotification(PublishDiagnosticsNotification.type, (p) => captured(p.diagnostics));
connection.listen();
await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0, useConfigFile: false } });
await connection.sendNotification(InitializedNotification.type, {});
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: "file:///bench/big-manifests.yaml", languageId: "yaml", version: 1, text: readFileSync(file, "utf8") } });
const diagnostics = await published;
await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
connection.dispose();

const dir = mkdtempSync(join(tmpdir(), "lookout-floor-"));
const canned = join(dir, "diagnostics.json");
writeFileSync(canned, JSON.stringify(diagnostics));
try {
  const out = execFileSync(process.execPath, [join(here, "bench.mjs")], {
    env: { ...process.env, LOOKOUT_BIN: join(here, "null-server.mjs"), LOOKOUT_CANNED_DIAGNOSTICS: canned, MEMORY_EDITS: "0" },
    encoding: "utf8",
  });
  const line = out.split("\n").find((l) => l.startsWith("big-manifests.yaml")) ?? out;
  console.log(`stand-in server answering instantly with the same ${diagnostics.length} diagnostics:`);
  console.log(line.replace(/server CPU [\d.]+ ms\/edit/, "").replace(/\s+\(/, "  ("));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
