#!/usr/bin/env node
// Writes web/dist/precache.json: what the service worker (web/public/sw.js) stores when it
// installs, so the page works offline once loaded — the page, its scripts and styles, the
// wasm module and the DB index. DB shards and the example image are left out: a shard is
// stored when a scan that needs it fetches it (the page fetches only the ecosystems an
// image contains), the example when it is opened.
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = process.env.LOOKOUT_WEB_DIST ?? join(fileURLToPath(new URL(".", import.meta.url)), "..", "web", "dist");

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const skipped = (path) =>
  path === "precache.json" || path === "sw.js" || path.startsWith("examples/") || (path.startsWith("db/") && path !== "db/index.json");
const list = files(DIST)
  .map((path) => relative(DIST, path).split(sep).join("/"))
  .filter((path) => !skipped(path))
  .sort();
// The page itself is asked for as "./" (a navigation) as well as by name.
const entries = ["./", ...list];
writeFileSync(join(DIST, "precache.json"), JSON.stringify(entries, null, 1) + "\n");
console.log(`precache-list: ${entries.length} entries in precache.json`);
