// The scan panel: drop zone (mouse, keyboard, file picker), progress bar, messages for
// files that cannot be scanned, and the results view. A failed scan leaves the panel
// ready for the next file.
import { byId, formatBytes } from "./dom";
import { renderResults } from "./results";
import type { ImageSelection } from "../pkg/lookout_wasm.js";
import { type Progress, type ScanOutcome, ScanError, scanFile } from "./scan/controller";

const MESSAGES: Record<string, (name: string, detail: string) => string> = {
  empty: (name) => `${name} is empty (0 bytes) — there is nothing to scan.`,
  "not-an-image": (name, detail) => `${name} is not a container image archive: ${detail}. Expected a .tar or .tar.gz from \`docker save\` or an OCI layout.`,
  truncated: (name, detail) => `${name} is truncated: ${detail}. The file ends before the archive does — was the download or \`docker save\` interrupted?`,
  unsupported: (name, detail) => `${name} is a tar archive, but not an image this version can read: ${detail}.`,
  read: (name, detail) => `Could not read ${name}: ${detail}.`,
  cancelled: () => "Scan cancelled.",
};

export function setupScanPanel(): void {
  const zone = byId("drop-zone");
  const input = byId<HTMLInputElement>("file-input");
  const message = byId("message");
  const progressBox = byId("progress");
  const bar = byId<HTMLProgressElement>("progress-bar");
  const step = byId("progress-step");
  const numbers = byId("progress-numbers");
  const results = byId("results");
  const cancel = byId<HTMLButtonElement>("cancel-button");
  let current: { controller: AbortController; outcome?: ScanOutcome } | null = null;

  const showMessage = (text: string, kind: "error" | "info") => {
    message.textContent = text;
    message.className = `message ${kind}`;
    message.hidden = false;
  };

  let shown = 0;
  const showProgress = (p: Progress) => {
    // Never move backwards within one scan: the bar tells the truth about work done.
    shown = Math.max(shown, Math.floor(p.fraction * 100));
    bar.value = shown;
    bar.setAttribute("aria-valuetext", `${bar.value}%`);
    step.textContent = p.step;
    numbers.textContent =
      p.bytesTotal > 0
        ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)} · ${p.layersDone}/${p.layersTotal} layers · ${bar.value}%`
        : `${bar.value}%`;
  };

  const scan = async (file: File, selection?: ImageSelection) => {
    // Marks from the file's arrival to the results on screen (the benchmark reads them).
    performance.mark("lookout:start");
    current?.controller.abort();
    current?.outcome?.dispose();
    const controller = new AbortController();
    const mine: { controller: AbortController; outcome?: ScanOutcome } = { controller };
    current = mine;
    message.hidden = true;
    results.hidden = true;
    results.replaceChildren();
    progressBox.hidden = false;
    cancel.hidden = false;
    shown = 0;
    bar.value = 0;
    zone.setAttribute("aria-busy", "true");
    try {
      const outcome = await scanFile(file, showProgress, controller.signal, selection);
      if (current !== mine) {
        outcome.dispose();
        return;
      }
      mine.outcome = outcome;
      // An archive of several images: picking another scans the same file again for it.
      renderResults(results, file.name, outcome, outcome.encode, (choice) =>
        void scan(file, { position: choice.position, reference: choice.reference ?? undefined, platform: choice.platform ?? undefined }),
      );
      results.hidden = false;
      // Nothing left to cancel; the bar stays to say the scan is done.
      cancel.hidden = true;
      performance.mark("lookout:shown");
    } catch (error) {
      if (current !== mine) return;
      const kind = error instanceof ScanError ? error.kind : "internal";
      const detail = error instanceof Error ? error.message : String(error);
      const text = MESSAGES[kind]?.(file.name, detail) ?? `Scanning ${file.name} failed: ${detail}`;
      showMessage(text, kind === "cancelled" ? "info" : "error");
      progressBox.hidden = true;
    } finally {
      zone.removeAttribute("aria-busy");
      input.value = "";
    }
  };

  /** Stops the running scan, if any, and hides its progress. */
  const stopScan = () => {
    current?.controller.abort();
    current = null;
    progressBox.hidden = true;
  };

  cancel.addEventListener("click", () => {
    if (!current) return;
    stopScan();
    showMessage("Scan cancelled.", "info");
  });
  zone.addEventListener("click", () => input.click());
  zone.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      input.click();
    }
  });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) void scan(file);
  });
  zone.addEventListener("dragenter", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const file = e.dataTransfer?.files[0];
    // A dropped folder arrives as a File too, whose reads then fail with a DOMException
    // nobody can act on; say what to drop instead.
    const entry = e.dataTransfer?.items[0]?.webkitGetAsEntry?.();
    if (file && entry?.isDirectory) {
      stopScan();
      results.hidden = true;
      showMessage(
        `${file.name} is a folder. Drop the image's archive instead: \`docker save -o image.tar IMAGE\`, or a tar of an OCI layout (\`tar -cf image.tar -C ${file.name} .\`).`,
        "error",
      );
    } else if (file) void scan(file);
    else showMessage("Drop a file (not a folder or a link).", "error");
  });
  // A file dropped outside the zone must not navigate away from the page.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());

  byId("example-button").addEventListener("click", async () => {
    const response = await fetch(new URL("./examples/example.tar", document.baseURI));
    if (!response.ok) {
      showMessage("The example image is not bundled with this build.", "error");
      return;
    }
    const blob = await response.blob();
    void scan(new File([blob], "example.tar", { type: "application/x-tar" }));
  });
}
