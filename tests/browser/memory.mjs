// Samples JS heap + wasm linear memory of the page and of every worker through the
// DevTools protocol (Runtime.getHeapUsage per target; the page exposes each realm's wasm
// memory as globalThis.__lookoutWasmMemory). Workers are reached with
// Target.attachToTarget (non-flattened) and Target.sendMessageToTarget.

export async function memorySampler(context, page, intervalMs = 200) {
  const cdp = await context.newCDPSession(page);
  let nextId = 1;
  const pending = new Map();
  cdp.on("Target.receivedMessageFromTarget", ({ message }) => {
    const parsed = JSON.parse(message);
    const resolve = pending.get(parsed.id);
    if (resolve) {
      pending.delete(parsed.id);
      resolve(parsed.result ?? null);
    }
  });
  const sessions = new Map(); // targetId -> sessionId
  // A worker busy in wasm may not answer within the timeout; its last known figures
  // stand in for it then, so a slow answer never reads as "no memory used".
  const lastKnown = new Map(); // targetId -> { heap, wasm }
  const inTarget = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => {
        pending.delete(id);
        resolve(null);
      });
      setTimeout(() => {
        if (pending.delete(id)) resolve(null);
      }, 1000);
    });
  const WASM_BYTES = "globalThis.__lookoutWasmMemory ? globalThis.__lookoutWasmMemory.buffer.byteLength : 0";

  const sample = async () => {
    let total = 0;
    const page_heap = await cdp.send("Runtime.getHeapUsage").catch(() => null);
    total += page_heap?.usedSize ?? 0;
    const page_wasm = await cdp.send("Runtime.evaluate", { expression: WASM_BYTES, returnByValue: true }).catch(() => null);
    total += page_wasm?.result?.value ?? 0;
    const { targetInfos } = await cdp.send("Target.getTargets");
    for (const info of targetInfos.filter((t) => t.type === "worker")) {
      let sessionId = sessions.get(info.targetId);
      if (!sessionId) {
        const attached = await cdp.send("Target.attachToTarget", { targetId: info.targetId, flatten: false }).catch(() => null);
        if (!attached) continue;
        sessionId = attached.sessionId;
        sessions.set(info.targetId, sessionId);
      }
      const heap = await inTarget(sessionId, "Runtime.getHeapUsage");
      const wasm = await inTarget(sessionId, "Runtime.evaluate", { expression: WASM_BYTES, returnByValue: true });
      const known = lastKnown.get(info.targetId) ?? { heap: 0, wasm: 0 };
      const figures = { heap: heap?.usedSize ?? known.heap, wasm: wasm?.result?.value ?? known.wasm };
      lastKnown.set(info.targetId, figures);
      total += figures.heap + figures.wasm;
      if (process.env.LOOKOUT_MEMORY_TRACE) {
        console.log(`  worker ${info.targetId.slice(0, 6)}: heap ${(figures.heap / 2 ** 20).toFixed(1)} MiB, wasm ${(figures.wasm / 2 ** 20).toFixed(1)} MiB`);
      }
    }
    return total;
  };

  let peak = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const value = await sample().catch(() => 0);
      if (process.env.LOOKOUT_MEMORY_TRACE) console.log(`memory sample: ${(value / 2 ** 20).toFixed(1)} MiB`);
      peak = Math.max(peak, value);
      samples++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await cdp.detach().catch(() => {});
      return { peak, samples };
    },
  };
}
