/**
 * The hidden layers: buttons to add and remove layers and neurons, and under each layer
 * a small heat map per neuron of what it responds to over the plotted region
 * (orange positive, blue negative, each neuron scaled by its own largest |activation|).
 */
import { LIMITS } from "../state/config.js";
import { divergingColor } from "./palette.js";
import { paintPixels } from "./canvas.js";

export class NetworkView {
  private hidden: number[] = [];
  private maps: HTMLCanvasElement[][] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly onChange: (hidden: number[]) => void,
  ) {}

  /**
   * Rebuilds the editor for these layer widths (new maps are blank until the next picture).
   * A focused − / + button is focused again after the rebuild (or its partner, if it is
   * now disabled), so keyboard users keep their place.
   */
  setLayers(hidden: readonly number[]): void {
    // The same widths keep their maps (a new run repaints them with its first picture).
    if (this.root.childElementCount > 0 && hidden.length === this.hidden.length && hidden.every((w, i) => w === this.hidden[i])) return;
    this.hidden = [...hidden];
    const focused = this.root.contains(document.activeElement) ? document.activeElement?.getAttribute("aria-label") : null;
    this.root.replaceChildren();
    const n = hidden.length;
    const neurons = n === 1 && hidden[0] === 1 ? "1 neuron" : `${hidden.join("–")} neurons`;
    this.summary.textContent = n === 0 ? "No hidden layer: a linear model." : `${n} hidden layer${n > 1 ? "s" : ""}: ${neurons}.`;
    this.maps = hidden.map((width, li) => {
      const col = document.createElement("div");
      col.className = "layer";
      const title = document.createElement("div");
      title.className = "layer-title";
      title.textContent = `Layer ${li + 1}`;
      const controls = document.createElement("div");
      controls.className = "layer-controls";
      const minus = this.button("−", `Remove a neuron from layer ${li + 1}`, width <= LIMITS.neurons.min, () => this.resize(li, -1));
      const plus = this.button("+", `Add a neuron to layer ${li + 1}`, width >= LIMITS.neurons.max, () => this.resize(li, 1));
      const count = document.createElement("span");
      count.className = "layer-count";
      count.textContent = String(width);
      count.setAttribute("aria-label", `${width} neurons in layer ${li + 1}`);
      controls.append(minus, count, plus);
      const maps = Array.from({ length: width }, (_, j) => {
        const c = document.createElement("canvas");
        c.className = "neuron";
        c.width = 1;
        c.height = 1;
        c.setAttribute("role", "img");
        c.setAttribute("aria-label", `What neuron ${j + 1} of layer ${li + 1} responds to`);
        return c;
      });
      col.append(title, controls, ...maps);
      this.root.append(col);
      return maps;
    });
    if (focused) this.refocus(focused);
  }

  private refocus(label: string): void {
    const buttons = Array.from(this.root.querySelectorAll<HTMLButtonElement>("button"));
    const i = buttons.findIndex((b) => b.getAttribute("aria-label") === label);
    if (i < 0) return;
    // The partner is the other button of the same layer (− and + come in pairs).
    const target = buttons[i].disabled ? buttons[i % 2 === 0 ? i + 1 : i - 1] : buttons[i];
    target?.focus();
  }

  private button(text: string, label: string, disabled: boolean, act: () => void): HTMLButtonElement {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "small";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.disabled = disabled;
    b.addEventListener("click", act);
    return b;
  }

  private resize(layer: number, delta: number): void {
    const next = [...this.hidden];
    next[layer] = Math.min(LIMITS.neurons.max, Math.max(LIMITS.neurons.min, next[layer] + delta));
    this.onChange(next);
  }

  /** Paints every neuron's map from the worker's array (layer by layer, neuron by neuron, cell by cell). */
  update(values: Float32Array, size: number): void {
    const cells = size * size;
    let offset = 0;
    for (const layer of this.maps) {
      for (const canvas of layer) {
        if (offset + cells > values.length) return;
        let peak = 0;
        for (let c = 0; c < cells; c++) peak = Math.max(peak, Math.abs(values[offset + c]));
        const base = offset, scale = peak > 0 ? 1 / peak : 0;
        paintPixels(canvas, size, (c) => divergingColor(values[base + c] * scale));
        offset += cells;
      }
    }
  }
}
