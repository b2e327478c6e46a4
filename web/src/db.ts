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

export async function fetchShards(db: LoadedDb, ecosystems: string[]): Promise<FetchedShard[]> {
  const wanted = new Set(ecosystems.map(baseEcosystem));
  const entries = db.index.ecosystems.filter((e) => wanted.has(e.name));
  return Promise.all(
    entries.map(async (entry) => {
      const response = await fetch(new URL(entry.file, DB_BASE));
      if (!response.ok) throw new Error(`DB shard ${entry.file}: HTTP ${response.status}`);
      return { ecosystem: entry.name, bytes: new Uint8Array(await response.arrayBuffer()) };
    }),
  );
}
