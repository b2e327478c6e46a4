// The results view: severity summary, then sub-tabs for vulnerabilities, packages,
// secrets, misconfigurations, layers and the image config, plus a download button per
// report format.
import type { ArchiveInfo, ImageChoice, LayerContents, ScanReport, ScanVulnerability, ScanPackage } from "../pkg/lookout_wasm.js";
import { download, formatBytes, h } from "./dom";
import { SortableTable } from "./table";

const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"] as const;
const SEVERITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, UNKNOWN: 4 };

export const FORMATS: { format: string; label: string; file: string; type: string }[] = [
  { format: "json", label: "JSON", file: "lookout.json", type: "application/json" },
  { format: "sarif", label: "SARIF", file: "lookout.sarif", type: "application/sarif+json" },
  { format: "cyclonedx", label: "CycloneDX", file: "lookout.cdx.json", type: "application/vnd.cyclonedx+json" },
  { format: "spdx", label: "SPDX", file: "lookout.spdx.json", type: "application/spdx+json" },
  { format: "cosign-vuln", label: "cosign-vuln", file: "lookout.cosign-vuln.json", type: "application/json" },
];

export function renderResults(
  container: HTMLElement,
  fileName: string,
  { info, report, layers }: { info: ArchiveInfo; report: ScanReport; layers: LayerContents[] },
  encode: (format: string) => Promise<string>,
  pickImage?: (choice: ImageChoice) => void,
): void {
  const stem = fileName.replace(/\.(tar\.gz|tgz|tar)$/i, "");
  const downloads = h(
    "div",
    { class: "downloads", role: "group", "aria-label": "Download the report" },
    h("span", {}, "Download:"),
    FORMATS.map((f) =>
      h(
        "button",
        {
          type: "button",
          "data-format": f.format,
          onclick: async (event: Event) => {
            const button = event.currentTarget as HTMLButtonElement;
            button.disabled = true;
            try {
              download(`${stem}.${f.file}`, await encode(f.format), f.type);
            } finally {
              button.disabled = false;
            }
          },
        },
        f.label,
      ),
    ),
  );

  const sections: [string, string, () => HTMLElement][] = [
    ["vulns", `Vulnerabilities (${report.vulnerabilities.length})`, () => vulnerabilitiesView(report)],
    ["packages", `Packages (${report.packages.length})`, () => packagesView(report)],
    ["secrets", `Secrets (${report.secrets.length})`, () => secretsView(report)],
    ["misconfig", `Misconfigurations (${report.misconfigurations.length})`, () => misconfigView(report)],
    ["layers", `Layers (${info.layers.length})`, () => layersView(info, report, layers)],
    ["config", "Image config", () => configView(info)],
  ];
  const panel = h("div", { class: "result-panel", role: "tabpanel" });
  const tabButtons = sections.map(([id, title, build]) =>
    h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `result-tab-${id}`,
        "aria-selected": "false",
        onclick: (event: Event) => {
          for (const b of tabButtons) b.setAttribute("aria-selected", String(b === event.currentTarget));
          panel.replaceChildren(build());
        },
      },
      title,
    ),
  );
  container.replaceChildren(
    h(
      "div",
      { class: "result-head" },
      h("h2", {}, fileName),
      h(
        "p",
        { class: "artifact" },
        `${report.artifact.format} · ${report.os ? `${report.os.family} ${report.os.version}` : "unknown OS"} · `,
        h("code", { title: report.artifact.digest ?? "" }, (report.artifact.digest ?? "no digest").slice(0, 19)),
      ),
      imagePicker(info.images, pickImage),
      downloads,
    ),
    incompleteNotice(layers),
    summaryView(report),
    report.warnings.length
      ? h("ul", { class: "warnings" }, report.warnings.map((w) => h("li", {}, pageWording(w, info.images.length > 1 && !!pickImage))))
      : "",
    h("div", { class: "result-tabs", role: "tablist", "aria-label": "Results" }, tabButtons),
    panel,
  );
  tabButtons[0].click();
}

/**
 * A layer not read to its end (a corrupt or truncated blob) leaves the scan partial: what
 * came after the break is missing, and zero findings do not mean a clean image. The CLI
 * fails such a run (exit 2); the page says so above everything else.
 */
function incompleteNotice(layers: LayerContents[]): HTMLElement | string {
  const unread = layers.filter((l) => !l.complete).map((l) => l.index);
  if (!unread.length) return "";
  const which = unread.length === 1 ? `Layer ${unread[0]}` : `Layers ${unread.join(", ")}`;
  return h(
    "p",
    { class: "incomplete", role: "alert" },
    h("strong", {}, "Incomplete scan. "),
    `${which} could not be read to the end (see the warning below): the results miss whatever came after the break, so they do not show the image is clean.`,
  );
}

/**
 * The core's warnings name the CLI's flags (`pick another with --ref`); in the page the
 * Image picker does that job, so the hint points at it. The downloaded report keeps the
 * core's words, the same as `lookout scan`'s.
 */
export function pageWording(warning: string, hasPicker: boolean): string {
  return hasPicker ? warning.replace(/pick another with --(?:ref|platform)\b/, "pick another in the Image list above") : warning;
}

/** `app:1 (linux/arm64)`: how an image of a multi-image archive is named in the picker. */
function choiceLabel(choice: ImageChoice): string {
  const name = choice.reference ?? "untagged";
  return choice.platform ? `${name} (${choice.platform})` : name;
}

/**
 * A select over the archive's images when it holds several; empty otherwise. Images are
 * picked by their place in the archive, so two that share a name and platform (untagged
 * ones) are both offered, numbered.
 */
function imagePicker(images: ImageChoice[], pick?: (choice: ImageChoice) => void): HTMLElement | string {
  if (images.length < 2 || !pick) return "";
  const labels = images.map(choiceLabel);
  const repeated = (label: string) => labels.filter((l) => l === label).length > 1;
  const select = h(
    "select",
    { "aria-label": "Image", class: "image-picker" },
    images.map((choice, i) =>
      h("option", { value: String(i), selected: choice.chosen }, repeated(labels[i]) ? `${labels[i]} #${choice.position + 1}` : labels[i]),
    ),
  );
  select.addEventListener("change", () => {
    const choice = images[Number(select.value)];
    if (choice) pick(choice);
  });
  return h("label", { class: "image-pick" }, `Image (${images.length} in this archive): `, select);
}

function summaryView(report: ScanReport): HTMLElement {
  const s = report.summary;
  const counts: Record<string, number> = { CRITICAL: s.critical, HIGH: s.high, MEDIUM: s.medium, LOW: s.low, UNKNOWN: s.unknown };
  return h(
    "div",
    { class: "summary", "aria-label": "Vulnerabilities by severity" },
    SEVERITIES.map((sev) =>
      h("div", { class: `count sev-${sev.toLowerCase()}`, "data-severity": sev }, h("strong", {}, counts[sev]), h("span", {}, sev.toLowerCase())),
    ),
    h("div", { class: "count" }, h("strong", {}, report.packages.length), h("span", {}, "packages")),
    h("div", { class: "count" }, h("strong", {}, report.secrets.length), h("span", {}, "secrets")),
    h("div", { class: "count" }, h("strong", {}, report.misconfigurations.length), h("span", {}, "misconfigurations")),
  );
}

function advisoryUrl(id: string, references: string[]): string {
  return references.find((r) => r.startsWith("https://")) ?? `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

function vulnerabilitiesView(report: ScanReport): HTMLElement {
  const table = new SortableTable<ScanVulnerability>(
    [
      {
        key: "id",
        title: "ID",
        value: (v) => v.id,
        render: (v) => h("a", { href: advisoryUrl(v.id, v.references), target: "_blank", rel: "noopener noreferrer" }, v.id),
      },
      {
        key: "severity",
        title: "Severity",
        value: (v) => SEVERITY_RANK[v.severity] ?? 9,
        render: (v) => h("span", { class: `badge sev-${v.severity.toLowerCase()}` }, v.severity),
      },
      {
        key: "package",
        title: "Package",
        value: (v) => v.package,
        // One package found in several files (a lockfile, the hidden lockfile, the installed
        // package.json) is one row per file: the path tells those rows apart.
        render: (v) => h("span", {}, v.package, h("span", { class: "found-in mono" }, v.path)),
        className: "wrap",
      },
      { key: "version", title: "Installed", value: (v) => v.version },
      { key: "fixed", title: "Fixed in", value: (v) => v.fixed_version ?? "" },
      { key: "layer", title: "Layer", value: (v) => v.layer ?? -1 },
      { key: "title", title: "Title", value: (v) => v.title ?? "", className: "wrap" },
    ],
    "Vulnerabilities",
    "severity",
  );
  const severity = new Set<string>(SEVERITIES);
  const search = h("input", { type: "search", placeholder: "Search ID, package, path, title…", "aria-label": "Search vulnerabilities" });
  const fixed = h(
    "select",
    { "aria-label": "Fix status" },
    h("option", { value: "all" }, "fixed and unfixed"),
    h("option", { value: "fixed" }, "has a fix"),
    h("option", { value: "unfixed" }, "no fix yet"),
  );
  const packages = [...new Set(report.vulnerabilities.map((v) => v.package))].sort();
  const pkg = h("select", { "aria-label": "Package" }, h("option", { value: "" }, "all packages"), packages.map((p) => h("option", { value: p }, p)));
  const layers = [...new Set(report.vulnerabilities.map((v) => v.layer ?? -1))].sort((a, b) => a - b);
  const layer = h("select", { "aria-label": "Layer" }, h("option", { value: "" }, "all layers"), layers.map((l) => h("option", { value: String(l) }, `layer ${l}`)));
  const apply = () => {
    const q = search.value.trim().toLowerCase();
    table.setRows(
      report.vulnerabilities.filter(
        (v) =>
          severity.has(v.severity) &&
          (fixed.value === "all" || (fixed.value === "fixed") === Boolean(v.fixed_version)) &&
          (pkg.value === "" || v.package === pkg.value) &&
          (layer.value === "" || String(v.layer ?? -1) === layer.value) &&
          (q === "" || [v.id, v.package, v.path, v.title ?? "", ...v.aliases].some((s) => s.toLowerCase().includes(q))),
      ),
    );
  };
  const severityBoxes = SEVERITIES.map((sev) =>
    h(
      "label",
      { class: `sev-toggle sev-${sev.toLowerCase()}` },
      h("input", {
        type: "checkbox",
        checked: true,
        value: sev,
        onchange: (e: Event) => {
          if ((e.target as HTMLInputElement).checked) severity.add(sev);
          else severity.delete(sev);
          apply();
        },
      }),
      sev.toLowerCase(),
    ),
  );
  for (const el of [search, fixed, pkg, layer]) el.addEventListener("input", apply);
  apply();
  return h("div", {}, h("div", { class: "filters" }, severityBoxes, fixed, pkg, layer, search), table.element);
}

function packagesView(report: ScanReport): HTMLElement {
  const table = new SortableTable<ScanPackage>(
    [
      { key: "name", title: "Name", value: (p) => p.name },
      { key: "version", title: "Version", value: (p) => p.version },
      { key: "ecosystem", title: "Ecosystem", value: (p) => p.ecosystem },
      { key: "layer", title: "Layer", value: (p) => p.layer ?? -1 },
      { key: "licenses", title: "Licenses", value: (p) => p.licenses.join(", "), className: "wrap" },
      { key: "path", title: "Found in", value: (p) => p.path, className: "wrap mono" },
      { key: "purl", title: "purl", value: (p) => p.purl, className: "wrap mono" },
    ],
    "Packages",
    "name",
  );
  const search = h("input", { type: "search", placeholder: "Search name, purl, path…", "aria-label": "Search packages" });
  const apply = () => {
    const q = search.value.trim().toLowerCase();
    table.setRows(report.packages.filter((p) => q === "" || [p.name, p.purl, p.path, p.ecosystem].some((s) => s.toLowerCase().includes(q))));
  };
  search.addEventListener("input", apply);
  apply();
  return h("div", {}, h("div", { class: "filters" }, search), table.element);
}

function secretsView(report: ScanReport): HTMLElement {
  if (report.secrets.length === 0) return h("p", { class: "empty" }, "No secrets found.");
  const table = new SortableTable<ScanReport["secrets"][number]>(
    [
      { key: "severity", title: "Severity", value: (s) => SEVERITY_RANK[s.severity] ?? 9, render: (s) => h("span", { class: `badge sev-${s.severity.toLowerCase()}` }, s.severity) },
      { key: "rule", title: "Rule", value: (s) => s.rule },
      { key: "path", title: "Path", value: (s) => s.path, className: "mono wrap" },
      { key: "line", title: "Line", value: (s) => s.line },
      { key: "layer", title: "Layer", value: (s) => s.layer ?? -1, render: (s) => (s.layer === null ? "image config" : String(s.layer)) },
      { key: "deleted", title: "Deleted in layer", value: (s) => (s.deleted_in_layer ?? "") as string | number },
      { key: "match", title: "Match (redacted)", value: (s) => s.match, className: "mono" },
    ],
    "Secrets",
    "severity",
  );
  table.setRows(report.secrets);
  return table.element;
}

function misconfigView(report: ScanReport): HTMLElement {
  if (report.misconfigurations.length === 0) return h("p", { class: "empty" }, "No misconfigurations found.");
  const table = new SortableTable<ScanReport["misconfigurations"][number]>(
    [
      { key: "severity", title: "Severity", value: (m) => SEVERITY_RANK[m.severity] ?? 9, render: (m) => h("span", { class: `badge sev-${m.severity.toLowerCase()}` }, m.severity) },
      { key: "rule", title: "Rule", value: (m) => m.rule },
      { key: "message", title: "Message", value: (m) => m.message, className: "wrap" },
      { key: "source", title: "Source", value: (m) => m.source },
    ],
    "Misconfigurations",
    "severity",
  );
  table.setRows(report.misconfigurations);
  return table.element;
}

/** Paths listed under a layer before "and N more". */
const PATHS_SHOWN = 50;

function pathList(title: string, paths: string[]): HTMLElement | string {
  if (paths.length === 0) return "";
  const shown = paths.slice(0, PATHS_SHOWN).join("\n");
  const more = paths.length > PATHS_SHOWN ? `\n… and ${paths.length - PATHS_SHOWN} more` : "";
  return h("details", {}, h("summary", {}, `${title} (${paths.length})`), h("pre", { class: "paths mono" }, shown + more));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function layersView(info: ArchiveInfo, report: ScanReport, contents: LayerContents[]): HTMLElement {
  return h(
    "ol",
    { class: "layers", start: 0 },
    info.layers.map((layer) => {
      const packages = report.packages.filter((p) => p.layer === layer.index);
      const secrets = report.secrets.filter((s) => s.layer === layer.index);
      const vulns = report.vulnerabilities.filter((v) => v.layer === layer.index);
      const held = contents.find((c) => c.index === layer.index);
      const files = held ? ` · ${plural(held.files, "path", "paths")}, ${formatBytes(held.tar_bytes)} unpacked${held.complete ? "" : " (not read to its end)"}` : "";
      return h(
        "li",
        { class: "layer", "data-layer": String(layer.index) },
        h("div", { class: "layer-head" }, h("strong", {}, `Layer ${layer.index}`), ` · ${formatBytes(layer.size)}${files} · `, h("code", {}, layer.diff_id.slice(0, 19))),
        h("pre", { class: "created-by" }, layer.created_by ?? "(no history entry)"),
        h(
          "p",
          { class: "layer-added" },
          `Added ${plural(packages.length, "package", "packages")}, ${plural(vulns.length, "vulnerability", "vulnerabilities")}, ${plural(secrets.length, "secret", "secrets")}` +
            (held && held.removed_packages.length ? `; removed or replaced ${plural(held.removed_packages.length, "package", "packages")}` : "") +
            (held && held.whiteouts.length ? `; deleted ${plural(held.whiteouts.length, "path", "paths")} of lower layers` : "") +
            (held && held.opaque_dirs.length ? `; emptied ${plural(held.opaque_dirs.length, "directory", "directories")} of lower layers` : "") +
            ".",
        ),
        packages.length ? h("details", {}, h("summary", {}, "Packages added"), h("p", { class: "wrap" }, packages.map((p) => `${p.name} ${p.version}`).join(", "))) : "",
        held && held.removed_packages.length
          ? h(
              "details",
              { class: "layer-removed" },
              h("summary", {}, "Packages removed or replaced"),
              h("p", { class: "wrap" }, held.removed_packages.map((p) => `${p.name} ${p.version}`).join(", ")),
            )
          : "",
        held ? pathList("Deleted (whiteouts)", held.whiteouts) : "",
        held ? pathList("Made opaque", held.opaque_dirs) : "",
      );
    }),
  );
}

function configView(info: ArchiveInfo): HTMLElement {
  return h("pre", { class: "config" }, JSON.stringify(info.config, null, 2));
}

export function downloadButtons(container: HTMLElement): HTMLButtonElement[] {
  return [...container.querySelectorAll<HTMLButtonElement>(".downloads button")];
}
