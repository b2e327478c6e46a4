// The vulnerability DB is static files next to the page (copied from the repo's db/
// snapshot by scripts/copy-db.mjs): `db/index.json` (lookout-vuln-db, plain JSON) naming
// one gzip shard per base ecosystem. The page reads the index once and fetches only the
// shards whose ecosystems the scanned image contains.

export interface DbEcosystem {
  /** Base ecosystem name (`Debian`, `npm`, `crates.io`). */
  name: string;
  /** Shard file, relative to the index. */
  file: string;
  bytes: number;
  advisories: number;
  packages: number;
}
export interface DbIndex {
  format: string;
  schema: number;
  built_at: string;
  ecosystems: DbEcosystem[];
}
export interface LoadedDb {
  index: DbIndex;
  /** The index file's bytes, handed to the wasm matcher as they are. */
  indexBytes: Uint8Array;
}
export interface FetchedShard {
  ecosystem: string;
  bytes: Uint8Array;
}

const DB_BASE = new URL("./db/", document.baseURI);
let loaded: Promise<LoadedDb | null> | null = null;

export function loadDb(): Promise<LoadedDb | null> {
  loaded ??= fetch(new URL("index.json", DB_BASE))
    .then(async (response) => {
      if (!response.ok) return null;
      const indexBytes = new Uint8Array(await response.arrayBuffer());
      const index = JSON.parse(new TextDecoder().decode(indexBytes)) as DbIndex;
      return index.format === "lookout-vuln-db" ? { index, indexBytes } : null;
    })
    .catch(() => null);
  return loaded;
}

/** `Debian:12` and `Debian:11` both live in the `Debian` shard. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(":");
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
}

/** The shards fetched, and the base ecosystems whose shard could not be (offline, an error). */
export interface Shards {
  shards: FetchedShard[];
  unavailable: string[];
}

/**
 * A shard's URL carries its DB's build time (`Debian.json.gz?v=2026-11-27T06:38:43Z`): under
 * that URL its bytes never change, so the service worker answers it from its store without
 * asking the server again (~9 against ~55 ms for debian12-apps' six shards), and a new DB
 * (a new index) asks for new URLs. Static hosts ignore the query.
 */
function shardUrl(db: LoadedDb, entry: DbEcosystem): URL {
  const url = new URL(entry.file, DB_BASE);
  url.searchParams.set("v", db.index.built_at);
  return url;
}

export async function fetchShards(db: LoadedDb, ecosystems: string[]): Promise<Shards> {
  const wanted = new Set(ecosystems.map(baseEcosystem));
  const entries = db.index.ecosystems.filter((e) => wanted.has(e.name));
  const fetched = await Promise.all(
    entries.map(async (entry) => {
      try {
        const response = await fetch(shardUrl(db, entry));
        if (!response.ok) return { ecosystem: entry.name, bytes: null };
        return { ecosystem: entry.name, bytes: new Uint8Array(await response.arrayBuffer()) };
      } catch {
        // Offline with the shard not cached: the scan goes on, and the report says which
        // ecosystems were not matched.
        return { ecosystem: entry.name, bytes: null };
      }
    }),
  );
  return {
    shards: fetched.flatMap((f) => (f.bytes ? [{ ecosystem: f.ecosystem, bytes: f.bytes }] : [])),
    unavailable: fetched.filter((f) => !f.bytes).map((f) => f.ecosystem),
  };
}
