// A sortable table over plain rows. Filtering is done by the caller (it knows the fields);
// the table keeps its sort across re-renders and renders at most `limit` rows so a
// 5,000-package SBOM stays fast.
import { h } from "./dom";

export interface Column<T> {
  key: string;
  title: string;
  value: (row: T) => string | number;
  render?: (row: T) => Node | string;
  className?: string;
}

export class SortableTable<T> {
  readonly element: HTMLDivElement;
  private sortKey: string;
  private ascending = true;
  private rows: T[] = [];

  constructor(
    private readonly columns: Column<T>[],
    private readonly label: string,
    initialSort: string,
    private readonly limit = 2000,
  ) {
    this.sortKey = initialSort;
    this.element = h("div", { class: "table-wrap" });
  }

  setRows(rows: T[]): void {
    this.rows = rows;
    this.render();
  }

  private sortBy(key: string): void {
    this.ascending = this.sortKey === key ? !this.ascending : true;
    this.sortKey = key;
    this.render();
  }

  private render(): void {
    const column = this.columns.find((c) => c.key === this.sortKey) ?? this.columns[0];
    const sorted = [...this.rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return this.ascending ? order : -order;
    });
    const head = h(
      "tr",
      {},
      this.columns.map((c) =>
        h(
          "th",
          {
            scope: "col",
            "aria-sort": c.key === column.key ? (this.ascending ? "ascending" : "descending") : "none",
          },
          h("button", { type: "button", class: "sort", "data-key": c.key, onclick: () => this.sortBy(c.key) }, c.title),
        ),
      ),
    );
    const body = sorted.slice(0, this.limit).map((row) =>
      h("tr", {}, this.columns.map((c) => h("td", { class: c.className }, c.render ? c.render(row) : String(c.value(row))))),
    );
    const more =
      sorted.length > this.limit ? h("p", { class: "more" }, `Showing ${this.limit} of ${sorted.length} rows; refine the filter to see the rest.`) : null;
    const empty = sorted.length === 0 ? h("p", { class: "empty" }, "Nothing matches.") : null;
    this.element.replaceChildren(
      h("table", { "aria-label": this.label }, h("thead", {}, head), h("tbody", {}, body)),
      empty ?? "",
      more ?? "",
    );
  }
}
