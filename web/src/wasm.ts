// Loads the wasm module once per realm (the page and each worker instantiate their own).
import init from "../pkg/lookout_wasm.js";

let ready: Promise<unknown> | null = null;

export function loadWasm(): Promise<unknown> {
  ready ??= init().then((exports) => {
    // Exposed so tests can read the module's linear memory size through DevTools.
    (globalThis as { __lookoutWasmMemory?: WebAssembly.Memory }).__lookoutWasmMemory = exports.memory;
    return exports;
  });
  return ready;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function errorKind(error: unknown): string {
  if (error && typeof error === "object" && "kind" in error) {
    return String((error as { kind: unknown }).kind);
  }
  return "internal";
}
