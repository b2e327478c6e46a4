// The wasm API's TypeScript declarations (written beside the Rust exports, emitted into
// web/pkg/lookout_wasm.d.ts by wasm-bindgen) must describe what the exports really
// return. This test runs every export on real inputs in Node — lint a Dockerfile and a
// Kubernetes manifest, the rule catalog, and the whole image scan of the shared images
// (index, layers, merge, DB match, report, layer contents) — then has `tsc` check each
// result, written out as an object literal, against its declared type: a field Rust adds
// and the declaration lacks is an excess property, a declared field Rust no longer sends is
// a missing one, a changed type does not assign. So the declarations cannot drift by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const WEB = resolve(fileURLToPath(new URL("..", import.meta.url)));
const PKG = join(WEB, "pkg");
const DB = join(WEB, "dist", "db");
const IMAGES = resolve(WEB, "..", "..", "shared", "images");

for (const [what, path] of [
  ["the wasm build (bash scripts/build-wasm.sh)", join(PKG, "lookout_wasm_bg.wasm")],
  ["the page's DB copy (npm run build:page -w web)", join(DB, "index.json")],
  ["../shared/images beside the repository", IMAGES],
]) {
  if (!existsSync(path)) throw new Error(`this test needs ${what}: ${path} is missing`);
}

const wasm = await import(join(PKG, "lookout_wasm.js"));
wasm.initSync({ module: readFileSync(join(PKG, "lookout_wasm_bg.wasm")) });

/** A `ReadAt` over a file on disk (the page's is FileReaderSync over a File). */
function fileReader(path) {
  const fd = openSync(path, "r");
  return {
    reader: {
      read_at(offset, length) {
        const buffer = new Uint8Array(length);
        const n = readSync(fd, buffer, 0, length, offset);
        return buffer.subarray(0, n);
      },
    },
    close: () => closeSync(fd),
  };
}

/** What the page's coordinator and layer workers do, in one thread. */
function scanImage(path) {
  const size = readFileSync(path).length;
  const { reader, close } = fileReader(path);
  try {
    const index = wasm.ArchiveIndex.open(reader, size);
    const info = index.info();
    const saved = index.to_bytes();
    const layers = info.layers.map((layer) => wasm.scan_layer(wasm.ArchiveIndex.from_bytes(saved, reader, size), layer.index, () => {}));
    const session = wasm.ScanSession.merge(index, path.split("/").pop(), layers);
    const dbIndex = readFileSync(join(DB, "index.json"));
    const catalog = JSON.parse(dbIndex.toString("utf8"));
    const wanted = new Set(session.ecosystems().map((e) => e.split(":")[0]));
    const shards = catalog.ecosystems.filter((e) => wanted.has(e.name));
    session.match_vulnerabilities(
      dbIndex,
      shards.map((s) => s.name),
      shards.map((s) => readFileSync(join(DB, s.file))),
      [],
    );
    return { info, report: session.report(), contents: session.layer_contents() };
  } finally {
    close();
  }
}

/**
 * One element per distinct shape (keys, and which are null) of every array, recursively:
 * every variant of a record is still checked, and the literal stays small.
 */
function byShape(value) {
  if (Array.isArray(value)) {
    const seen = new Map();
    for (const item of value.map(byShape)) {
      const shape =
        item && typeof item === "object" && !Array.isArray(item)
          ? Object.entries(item)
              .map(([k, v]) => `${k}:${v === null ? "null" : Array.isArray(v) ? `array${v.length ? "" : "0"}` : typeof v}`)
              .sort()
              .join(",")
          : typeof item;
      if (!seen.has(shape)) seen.set(shape, item);
    }
    return [...seen.values()];
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, byShape(v)]));
  return value;
}

test("every export's result has exactly the shape its TypeScript declaration says", () => {
  const checks = [];
  const check = (type, value) => checks.push(`export const value${checks.length}: ${type} = ${JSON.stringify(byShape(value))};`);

  check("LintResult", wasm.lint("FROM nginx:latest\nUSER root\nRUN apt-get install curl\n", "Dockerfile", null));
  check(
    "LintResult",
    wasm.lint(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      privileged: true\n",
      "pod.yaml",
      { disable: ["KSV012"], rules: { KSV017: "warning" } },
    ),
  );
  check("LintResult", wasm.lint("hello", "notes.txt", undefined));
  check("RulesCatalog", wasm.rules());
  const images = ["debian12-apps.oci.tar", "debian12-apps.docker.tar", "alpine-synthetic.oci.tar", "alpine-synthetic.docker25.tar"];
  for (const name of images) {
    const { info, report, contents } = scanImage(join(IMAGES, name));
    assert.ok(report.packages.length > 0, `${name}: the scan found packages`);
    check("ArchiveInfo", info);
    check("ScanReport", report);
    check("LayerContents[]", contents);
  }

  const dir = mkdtempSync(join(tmpdir(), "lookout-api-types-"));
  try {
    const declarations = relative(dir, join(PKG, "lookout_wasm.js")).replace(/\\/g, "/");
    const types = ["LintResult", "RulesCatalog", "ArchiveInfo", "ScanReport", "LayerContents"];
    writeFileSync(join(dir, "values.ts"), `import type { ${types.join(", ")} } from "${declarations}";\n${checks.join("\n")}\n`);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "bundler", lib: ["ES2023", "ESNext.Disposable", "DOM"], types: [], skipLibCheck: false },
        files: ["values.ts"],
      }),
    );
    let output = "";
    try {
      execFileSync(join(WEB, "..", "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      output = `${error.stdout ?? ""}${error.stderr ?? ""}`;
    }
    assert.equal(output, "", `the results do not match their declarations:\n${output.slice(0, 4000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
