// Page entry: tabs, the drop zone / file picker, and wiring the scan to the results view.
import { byId } from "./dom";
import { setupLintTab } from "./lint-tab";
import { setupScanPanel } from "./scan-panel";
import { loadDb } from "./db";
import { prepareWorkers } from "./scan/controller";
import { sweepLeftovers } from "./scan/gunzip";

function setupTabs(): void {
  const tabs = [byId<HTMLButtonElement>("tab-scan"), byId<HTMLButtonElement>("tab-lint")];
  const select = (tab: HTMLButtonElement) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute("aria-selected", String(selected));
      t.tabIndex = selected ? 0 : -1;
      byId(t.getAttribute("aria-controls") ?? "").hidden = !selected;
    }
    tab.focus();
    history.replaceState(null, "", tab.id === "tab-lint" ? "#lint" : "#scan");
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (step !== 0) select(tabs[(i + step + tabs.length) % tabs.length]);
    });
  });
  if (location.hash === "#lint") select(tabs[1]);
}

setupTabs();
setupLintTab();
setupScanPanel();
// The scan workers load the wasm module now, not when a file is dropped.
prepareWorkers();
// Inflated .tar.gz copies a closed or reloaded tab left on disk go now.
void sweepLeftovers();
// Offline once loaded: the service worker stores the page and what it loads (web/public/sw.js).
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("./sw.js").catch(() => undefined);
}
void loadDb().then((db) => {
  byId("db-date").textContent = db
    ? `Vulnerability DB: built ${db.index.built_at} (${db.index.ecosystems.length} ecosystems)`
    : "Vulnerability DB: not bundled — vulnerabilities will not be matched";
});
