#!/usr/bin/env node
// Serves the built page (web/dist) on 127.0.0.1:${PORT:-8080} with the right MIME types
// (application/wasm for streaming compilation) and a Content-Security-Policy that lets
// the page connect only to its own origin. No dependencies: plain node:http.
//
// COOP + COEP make the page cross-origin isolated, which is what lets a layer worker and
// its inflater share memory (web/src/scan/ring.ts). Everything the page loads is
// same-origin, so `require-corp` blocks nothing of ours.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(process.env.LOOKOUT_WEB_DIST ?? join(fileURLToPath(new URL(".", import.meta.url)), "..", "web", "dist"));
const HOST = process.env.HOST ?? "127.0.0.1";
const PORT = Number(process.env.PORT ?? 8080);

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".tar": "application/x-tar",
  ".gz": "application/gzip",
  ".bin": "application/octet-stream",
};

export function startServer({ root = ROOT, host = HOST, port = PORT, isolated = true } = {}) {
  // Cross-origin isolation (COOP + COEP) lets the page share memory between workers; a
  // static host that cannot send these headers gets the page without it (`isolated:
  // false`, what the tests check the page still scans under).
  const isolation = isolated
    ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" }
    : {};
  const server = createServer(async (req, res) => {
    const headers = {
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      ...isolation,
      "Cache-Control": "no-cache",
    };
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403, headers).end("forbidden");
        return;
      }
      let info = await stat(path).catch(() => null);
      if (info?.isDirectory()) {
        path = join(path, "index.html");
        info = await stat(path).catch(() => null);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { ...headers, "Content-Type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, {
        ...headers,
        "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
        "Content-Length": info.size,
      });
      if (req.method === "HEAD") res.end();
      else createReadStream(path).pipe(res);
    } catch (error) {
      res.writeHead(500, headers).end(String(error));
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      resolvePromise({ server, url: `http://${host}:${actualPort}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer().catch((error) => {
    console.error(`serve: cannot listen on ${HOST}:${PORT}: ${error.message}`);
    process.exit(2);
  });
  console.log(`Lookout is running at ${url}  (serving ${ROOT}; Ctrl+C to stop)`);
}
