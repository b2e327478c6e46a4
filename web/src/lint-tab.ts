// The Lint tab: lints the textarea's content on every edit (debounced) with the same rules
// the CLI and the editor use, and accepts a dropped Dockerfile or YAML file.
import { lint, type Finding } from "../pkg/lookout_wasm.js";
import { byId, h } from "./dom";
import { errorMessage, loadWasm } from "./wasm";

const DEBOUNCE_MS = 120;

export function setupLintTab(): void {
  const input = byId<HTMLTextAreaElement>("lint-input");
  const filename = byId<HTMLInputElement>("lint-filename");
  const status = byId("lint-status");
  const list = byId<HTMLOListElement>("lint-findings");
  let timer: number | undefined;

  const run = async () => {
    await loadWasm();
    const text = input.value;
    if (text.trim() === "") {
      status.textContent = "Nothing to lint yet.";
      list.replaceChildren();
      return;
    }
    try {
      const result = lint(text, filename.value || "Dockerfile", {});
      renderFindings(list, result.findings);
      const n = result.findings.length;
      status.textContent = n === 0 ? "No findings." : `${n} finding${n === 1 ? "" : "s"}.`;
    } catch (error) {
      list.replaceChildren();
      status.textContent = `Cannot lint: ${errorMessage(error)}`;
    }
  };
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), DEBOUNCE_MS);
  };

  input.addEventListener("input", schedule);
  filename.addEventListener("input", schedule);
  input.addEventListener("dragover", (e) => e.preventDefault());
  input.addEventListener("drop", (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void file.text().then((text) => {
      input.value = text;
      filename.value = file.name;
      schedule();
    });
  });
  void run();
}

function renderFindings(list: HTMLOListElement, findings: Finding[]): void {
  list.replaceChildren(
    ...findings.map((f) =>
      h(
        "li",
        { class: `finding sev-${f.severity}`, "data-rule": f.rule, "data-line": f.line },
        h("span", { class: "where" }, `${f.line}:${f.column}`),
        h("span", { class: `badge sev-${f.severity}` }, f.severity),
        h("a", { class: "rule", href: f.docs_url, target: "_blank", rel: "noopener noreferrer" }, f.rule),
        h("span", { class: "msg" }, f.message),
        f.fix ? h("span", { class: "fix", title: f.fix.title }, `fix: ${f.fix.title}`) : null,
      ),
    ),
  );
}
