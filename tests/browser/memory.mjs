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
      total += (heap?.usedSize ?? 0) + (wasm?.result?.value ?? 0);
    }
    return total;
  };

  let peak = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const value = await sample().catch(() => 0);
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
