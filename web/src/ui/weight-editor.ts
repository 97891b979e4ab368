/**
 * The form that sets one weight by hand, under the network drawing: which weight (its
 * target is fixed by the clicked line or the focused neuron; its source can be changed),
 * the value, Set and Cancel. The page pauses while it is open; a set weight becomes part
 * of the set-up (see WeightEdit).
 */
import type { LinkRef } from "./network-links.js";
import { byId } from "./controls.js";

export interface EditorHost {
  /** Names of the source nodes of Linear layer `layer`. */
  sourceNames(layer: number): string[];
  targetName(link: LinkRef): string;
  /** The weight now (null before the first picture). */
  weight(link: LinkRef): number | null;
  /** Marks the link under edit on the drawing (null: none). */
  select(link: LinkRef | null): void;
}

export class WeightEditor {
  private readonly el = {
    form: byId<HTMLFormElement>("weight-editor"),
    target: byId("weight-target"),
    from: byId<HTMLSelectElement>("weight-from"),
    value: byId<HTMLInputElement>("weight-value"),
    cancel: byId<HTMLButtonElement>("weight-cancel"),
    error: byId("weight-error"),
  };
  private link: LinkRef | null = null;
  /** The person has typed a value: a newer picture no longer overwrites it. */
  private typed = false;

  constructor(
    private readonly host: EditorHost,
    private readonly onSet: (link: LinkRef, value: number) => void,
  ) {
    const e = this.el;
    e.form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const v = Number(e.value.value);
      if (!this.link) return;
      if (e.value.value.trim() === "" || !Number.isFinite(v)) {
        e.error.textContent = "Enter a number for the weight, such as -0.5 or 2.";
        e.value.focus();
        return;
      }
      const link = this.link;
      this.close();
      this.onSet(link, v);
    });
    e.cancel.addEventListener("click", () => this.close());
    e.form.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") this.close();
    });
    e.value.addEventListener("input", () => (this.typed = true));
    e.from.addEventListener("change", () => {
      if (!this.link) return;
      this.link = { ...this.link, from: Number(e.from.value) };
      this.typed = false;
      this.showValue();
    });
  }

  get isOpen(): boolean {
    return this.link !== null;
  }

  open(link: LinkRef): void {
    const e = this.el;
    this.link = link;
    this.typed = false;
    e.error.textContent = "";
    e.target.textContent = `Set a weight into ${this.host.targetName(link)}`;
    e.from.replaceChildren(...this.host.sourceNames(link.layer).map((name, i) => new Option(`from ${name}`, String(i))));
    e.from.value = String(link.from);
    e.form.hidden = false;
    this.showValue();
    e.value.focus();
    e.value.select();
  }

  /** A newer picture arrived (the paused one): shows its weight unless the person has typed. */
  refresh(): void {
    if (this.link && !this.typed) this.showValue();
  }

  private showValue(): void {
    if (!this.link) return;
    const w = this.host.weight(this.link);
    this.el.value.value = w === null ? "" : String(Number(w.toPrecision(4)));
    this.host.select(this.link);
  }

  close(): void {
    // Every change of set-up closes the editor: when it is closed already, nothing to redraw.
    if (this.link === null) return;
    this.link = null;
    this.el.form.hidden = true;
    this.host.select(null);
  }
}
