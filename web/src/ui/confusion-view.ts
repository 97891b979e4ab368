/**
 * The test set's confusion matrix as a table (rows: true class, columns: predicted),
 * each cell shaded by its share of its row, so a person reading numbers and a screen
 * reader both get the counts.
 */
import { classColor, css, tint } from "./palette.js";

export class ConfusionView {
  private cells: HTMLTableCellElement[][] = [];

  constructor(private readonly table: HTMLTableElement) {}

  /** Rebuilds the table for a new run's classes. */
  setClasses(names: readonly string[]): void {
    this.table.replaceChildren();
    const caption = this.table.createCaption();
    caption.textContent = "Test set: rows are true classes, columns predicted";
    const head = this.table.createTHead().insertRow();
    const corner = document.createElement("th");
    corner.textContent = "true \\ pred";
    head.append(corner);
    names.forEach((n, j) => head.append(headerCell(n, j, "col")));
    const body = this.table.createTBody();
    this.cells = names.map((n, i) => {
      const row = body.insertRow();
      row.append(headerCell(n, i, "row"));
      return names.map(() => row.insertCell());
    });
  }

  update(m: readonly (readonly number[])[]): void {
    m.forEach((row, i) => {
      const total = row.reduce((a, b) => a + b, 0);
      row.forEach((count, j) => {
        const cell = this.cells[i]?.[j];
        if (!cell) return;
        const share = total > 0 ? count / total : 0;
        // An unchanged cell is left alone: restyling the table costs the page a style pass.
        const key = `${count}/${total}`;
        if (cell.dataset.key === key) return;
        cell.dataset.key = key;
        cell.textContent = String(count);
        // Diagonal cells in the class colour, mistakes in grey, both by share of the row.
        const bg = tint(i === j ? classColor(i) : [90, 90, 90], share * 0.85);
        cell.style.background = css(bg);
        // White on dark cells, black on light ones (sand stays light however full).
        cell.style.color = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2] < 140 ? "#fff" : "#111";
      });
    });
  }
}

function headerCell(name: string, k: number, scope: "row" | "col"): HTMLTableCellElement {
  const th = document.createElement("th");
  th.scope = scope;
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = css(classColor(k));
  th.append(swatch, name);
  return th;
}
