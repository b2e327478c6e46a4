import { defineConfig } from "vite";

// The page is static: everything it loads comes from its own origin (CSP in index.html and
// in scripts/serve.mjs). Workers are ES modules so they can import the wasm glue.
const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // The wasm module is large on purpose; do not warn about it.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: "es" },
  // Cross-origin isolation (as scripts/serve.mjs sends it) for `vite dev`/`vite preview`:
  // the layer workers share memory with their inflaters only in an isolated page.
  server: { headers: ISOLATION },
  preview: { headers: ISOLATION },
});
