#!/usr/bin/env node
// A stand-in language server for bench/lsp/floor.mjs: it answers `initialize` and
// `shutdown`, and answers every didOpen/didChange at once with the same prepared
// publishDiagnostics (the file named by LOOKOUT_CANNED_DIAGNOSTICS, a JSON array) for the
// document's version. What remains of the latency is the client's and the pipe's.
import { readFileSync } from "node:fs";

const diagnostics = readFileSync(process.env.LOOKOUT_CANNED_DIAGNOSTICS, "utf8").trim();
let pending = Buffer.alloc(0);

// The notification is encoded once per document; each answer writes the version into its
// padded slot (JSON allows the spaces) and sends the same bytes, so answering costs one
// write.
const VERSION_SLOT = 12;
const frames = new Map();
function publish(uri, version) {
  let frame = frames.get(uri);
  if (!frame) {
    const body = Buffer.from(`{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(uri)},"diagnostics":${diagnostics},"version":${" ".repeat(VERSION_SLOT)}}}`, "utf8");
    const header = Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii");
    frame = { bytes: Buffer.concat([header, body]), slot: header.length + body.length - 2 - VERSION_SLOT };
    frames.set(uri, frame);
  }
  frame.bytes.write(String(version).padStart(VERSION_SLOT, " "), frame.slot, "ascii");
  process.stdout.write(frame.bytes);
}

function send(body) {
  const bytes = Buffer.from(body, "utf8");
  process.stdout.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, "ascii"), bytes]));
}

function handle(message) {
  const { id, method, params } = message;
  if (method === "initialize") send(JSON.stringify({ jsonrpc: "2.0", id, result: { capabilities: { textDocumentSync: 2 } } }));
  else if (method === "shutdown") send(JSON.stringify({ jsonrpc: "2.0", id, result: null }));
  else if (method === "exit") process.exit(0);
  else if (method === "textDocument/didOpen" || method === "textDocument/didChange") {
    const { uri, version } = params.textDocument;
    publish(uri, version);
  } else if (id !== undefined) send(JSON.stringify({ jsonrpc: "2.0", id, result: null }));
}

process.stdin.on("data", (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const end = pending.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: *(\d+)/i.exec(pending.subarray(0, end).toString("ascii"))?.[1]);
    if (pending.length < end + 4 + length) return;
    const body = pending.subarray(end + 4, end + 4 + length).toString("utf8");
    pending = pending.subarray(end + 4 + length);
    handle(JSON.parse(body));
  }
});
