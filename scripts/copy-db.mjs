#!/usr/bin/env node
// Copies the repository's vulnerability DB snapshot (db/: index.json + one gzip shard per
// ecosystem) into web/public/db so the page serves it as static files next to itself.
// Without a snapshot the page still works and says that no DB is bundled.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = process.env.LOOKOUT_DB ?? join(ROOT, "db");
const TARGET = join(ROOT, "web", "public", "db");

rmSync(TARGET, { recursive: true, force: true });
const index = join(SOURCE, "index.json");
if (!existsSync(index)) {
  console.warn(`copy-db: no DB snapshot at ${SOURCE}; the page will scan without vulnerability matching`);
  process.exit(0);
}
const parsed = JSON.parse(readFileSync(index, "utf8"));
mkdirSync(TARGET, { recursive: true });
cpSync(index, join(TARGET, "index.json"));
let bytes = 0;
for (const entry of parsed.ecosystems ?? []) {
  const from = join(SOURCE, entry.file);
  if (!existsSync(from)) throw new Error(`copy-db: ${SOURCE}/index.json names ${entry.file}, which is missing`);
  cpSync(from, join(TARGET, entry.file));
  bytes += entry.bytes ?? 0;
}
console.log(`copy-db: ${parsed.ecosystems?.length ?? 0} shards (${(bytes / 1e6).toFixed(1)} MB), built ${parsed.built_at}`);
