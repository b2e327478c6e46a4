// Writes container image archives (docker-archive, `docker save` classic layout) from
// declared layers, with no dependencies: ustar headers written by hand. Used for the
// page's bundled example image, the bad-input fixtures and the ≥1 GB browser test image.
import { createHash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

const BLOCK = 512;

function octal(value, width) {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** One ustar header block for a regular file (a directory when `dir`, a hardlink to `link`). */
export function tarHeader(name, size, { dir = false, link = null, mode = dir ? 0o755 : 0o644, mtime = 1_700_000_000 } = {}) {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar name too long for ustar: ${name}`);
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, "utf8");
  header.write(octal(mode, 8), 100, "ascii");
  header.write(octal(0, 8), 108, "ascii");
  header.write(octal(0, 8), 116, "ascii");
  header.write(octal(size, 12), 124, "ascii");
  header.write(octal(mtime, 12), 136, "ascii");
  header.write("        ", 148, "ascii");
  header.write(dir ? "5" : link ? "1" : "0", 156, "ascii");
  if (link) header.write(link, 157, 100, "utf8");
  header.write("ustar\0", 257, "ascii");
  header.write("00", 263, "ascii");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + " ", 148, "ascii");
  return header;
}

function padding(size) {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}

/**
 * A complete in-memory tar of `{ name, data }` entries (names ending in `/` are dirs;
 * `{ name, link }` is a hardlink to the member `link`).
 */
export function tarBytes(entries) {
  const parts = [];
  for (const { name, data, link = null } of entries) {
    const dir = name.endsWith("/");
    const body = dir || link ? Buffer.alloc(0) : Buffer.from(data);
    parts.push(tarHeader(name, body.length, { dir, link }), body, padding(body.length));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/**
 * A docker-archive with in-memory layers: `layers` is a list of
 * `{ createdBy, files: [{ name, data }], encode? }`, where `encode(tar)` gives the layer
 * blob as stored (gzip, damaged, …; default: the plain tar). Returns the archive bytes.
 */
export function dockerArchive({ repoTag, layers, config = {} }) {
  return dockerArchiveOf([{ repoTag, layers, config }]);
}

/** `docker save a b`: several images (each as for `dockerArchive`) in one archive. */
export function dockerArchiveOf(images) {
  const members = [];
  const manifest = [];
  for (const { repoTag, layers, config = {} } of images) {
    const layerTars = layers.map((layer) => tarBytes(layer.files));
    const diffIds = layerTars.map((bytes) => `sha256:${sha256(bytes)}`);
    const configJson = Buffer.from(
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        created: "2026-01-01T00:00:00Z",
        config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["/bin/sh"], ...config },
        rootfs: { type: "layers", diff_ids: diffIds },
        history: layers.map((layer) => ({ created: "2026-01-01T00:00:00Z", created_by: layer.createdBy })),
      }),
    );
    const configName = `${sha256(configJson)}.json`;
    const layerNames = diffIds.map((id) => `${id.slice(7)}/layer.tar`);
    manifest.push({ Config: configName, RepoTags: [repoTag], Layers: layerNames });
    members.push(
      { name: configName, data: configJson },
      ...layerTars.flatMap((bytes, i) => [
        { name: `${diffIds[i].slice(7)}/` },
        { name: layerNames[i], data: layers[i].encode ? layers[i].encode(bytes) : bytes },
      ]),
    );
  }
  return tarBytes([...members, { name: "manifest.json", data: Buffer.from(JSON.stringify(manifest)) }]);
}

/**
 * Streams a large docker-archive to `path` without holding it in memory: layer `l` holds
 * the files `filesFor(l)` returns (`{ name, size }`), filled with pseudo-random
 * (incompressible) bytes. The layer tar is hashed while written, so its diff_id is known
 * only afterwards; the config and manifest come last, which docker-archive readers accept
 * in any order.
 */
export function writeLargeDockerArchive(path, { layers, filesFor, extraFirstLayer = [] }) {
  const fd = openSync(path, "w");
  let offset = 0;
  const write = (bytes) => {
    writeSync(fd, bytes, 0, bytes.length, offset);
    offset += bytes.length;
  };
  const chunk = Buffer.alloc(1 << 20);
  let state = 0x9e3779b9;
  const fillRandom = () => {
    for (let i = 0; i < chunk.length; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      chunk.writeUInt32LE(state >>> 0, i);
    }
  };
  const diffIds = [];
  const layerNames = [];
  for (let l = 0; l < layers; l++) {
    const small = l === 0 ? extraFirstLayer.map((f) => ({ ...f, data: Buffer.from(f.data) })) : [];
    const big = filesFor(l);
    const layerSize =
      small.reduce((s, f) => s + BLOCK + f.data.length + padding(f.data.length).length, 0) +
      big.reduce((s, f) => s + BLOCK + f.size + padding(f.size).length, 0) +
      2 * BLOCK;
    const name = `layer${l}/layer.tar`;
    write(tarHeader(`layer${l}/`, 0, { dir: true }));
    write(tarHeader(name, layerSize));
    const hash = createHash("sha256");
    const emit = (bytes) => {
      hash.update(bytes);
      write(bytes);
    };
    for (const f of small) {
      emit(tarHeader(f.name, f.data.length));
      emit(f.data);
      emit(padding(f.data.length));
    }
    for (const f of big) {
      emit(tarHeader(f.name, f.size));
      for (let left = f.size; left > 0; left -= chunk.length) {
        fillRandom();
        emit(left >= chunk.length ? chunk : chunk.subarray(0, left));
      }
      emit(padding(f.size));
    }
    emit(Buffer.alloc(2 * BLOCK));
    write(padding(layerSize));
    diffIds.push(`sha256:${hash.digest("hex")}`);
    layerNames.push(name);
  }
  const configJson = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: { Cmd: ["/bin/sh"] },
      rootfs: { type: "layers", diff_ids: diffIds },
      history: diffIds.map((_, i) => ({ created_by: `generated layer ${i}` })),
    }),
  );
  const configName = `${sha256(configJson)}.json`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: ["lookout/large:test"], Layers: layerNames }]));
  for (const [name, data] of [[configName, configJson], ["manifest.json", manifest]]) {
    write(tarHeader(name, data.length));
    write(data);
    write(padding(data.length));
  }
  write(Buffer.alloc(2 * BLOCK));
  closeSync(fd);
  return offset;
}
