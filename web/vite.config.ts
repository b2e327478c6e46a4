import { defineConfig } from "vite";

// The page is static: everything it loads comes from its own origin (CSP in index.html and
// in scripts/serve.mjs). Workers are ES modules so they can import the wasm glue.
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
});
