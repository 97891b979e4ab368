/**
 * The network, drawn: a column of input nodes (each feature's map over the plot), a
 * column per hidden layer (each neuron's map: orange positive, blue negative, scaled by
 * its own largest |activation|), the output units (each class's probability; for one
 * logit, the boundary itself), and between them one line per weight (network-links.ts),
 * all updated with each picture. Above each hidden layer, − / + change its width.
 * Hovering or focusing a node shows its map large (node-zoom.ts); a click on a line, or
 * Enter on a focused neuron, asks to edit a weight; a dead neuron (0 over the whole plot)
 * is struck through. Node sizes follow the panel's width (styles.css), so six layers of
 * eight fit without scrolling sideways.
 */
import { LIMITS } from "../state/config.js";
import type { Picture } from "../engine/protocol.js";
import { cellColor, classColor, divergingColor, tint } from "./palette.js";
import { paintPixels } from "./canvas.js";
import { LinkLayer, type LinkRef, type NodeBox } from "./network-links.js";
import { NodeZoom } from "./node-zoom.js";

/** What the drawing needs to know of the network: input labels, hidden widths, output units. */
export interface NetShape {
  inputs: string[];
  hidden: number[];
  /** Output units: 1 for one logit (BCE), else one per class. */
  outputs: number;
  /** The one output is a predicted value, not a class's logit. */
  regression?: boolean;
}

interface Node {
  el: HTMLElement;
  canvas: HTMLCanvasElement;
  /** What the zoom says about it. */
  caption: string;
}

export class NetworkView {
  private shape: NetShape | null = null;
  /** Nodes per column: inputs, each hidden layer, outputs. */
  private columns: Node[][] = [];
  private readonly links: LinkLayer;
  private readonly linkCanvas = document.createElement("canvas");
  /** The grid cell under all the node columns that holds the links' canvas. */
  private readonly linksCell = document.createElement("div");
  private readonly zoom: NodeZoom;
  private layoutStale = true;

  constructor(
    private readonly root: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly onChange: (hidden: number[]) => void,
    /** A weight the person wants to set: a clicked line, or Enter on a neuron (its first incoming weight). */
    private readonly onEdit: (link: LinkRef) => void,
  ) {
    this.linkCanvas.className = "links";
    this.linksCell.className = "links-cell";
    this.linksCell.append(this.linkCanvas);
    this.linkCanvas.setAttribute("aria-hidden", "true");
    this.links = new LinkLayer(this.linkCanvas);
    this.zoom = new NodeZoom(root);
    this.linkCanvas.addEventListener("click", (e) => {
      const link = this.links.hit(e.offsetX, e.offsetY);
      if (link) this.onEdit(link);
    });
    this.linkCanvas.addEventListener("pointermove", (e) => {
      this.linkCanvas.style.cursor = this.links.hit(e.offsetX, e.offsetY) ? "pointer" : "";
    });
  }

  /**
   * Rebuilds the drawing for this network (new maps are blank until the next picture).
   * A focused − / + button is focused again after the rebuild (or its partner, if it is
   * now disabled), so keyboard users keep their place.
   */
  setShape(shape: NetShape): void {
    if (this.shape && JSON.stringify(shape) === JSON.stringify(this.shape) && this.root.childElementCount > 0) return;
    this.shape = { inputs: [...shape.inputs], hidden: [...shape.hidden], outputs: shape.outputs };
    const { hidden } = shape;
    const focused = this.root.contains(document.activeElement) ? document.activeElement?.getAttribute("aria-label") : null;
    this.zoom.hide();
    this.root.replaceChildren();
    const n = hidden.length;
    const neurons = n === 1 && hidden[0] === 1 ? "1 neuron" : `${hidden.join("–")} neurons`;
    this.summary.textContent = n === 0 ? "No hidden layer: a linear model." : `${n} hidden layer${n > 1 ? "s" : ""}: ${neurons}.`;
    this.root.style.setProperty("--hidden", String(n));

    const heads = [this.head("Inputs", "net-head")];
    hidden.forEach((width, li) => heads.push(this.layerHead(width, li)));
    heads.push(this.head(shape.outputs === 1 ? "Output" : "Outputs", "net-head"));
    heads.forEach((h, i) => (h.style.gridColumn = String(i + 1)));

    const inputs = shape.inputs.map((label) => this.node("input-map", `Input ${label}`, `Input feature ${label}: its value over the plot`, label, null));
    const layers = hidden.map((width, li) =>
      Array.from({ length: width }, (_, j) =>
        this.node("neuron", `Neuron ${j + 1} of layer ${li + 1}`, `Layer ${li + 1}, neuron ${j + 1}: what it responds to over the plot`, null, { layer: li, to: j, from: 0 }),
      ),
    );
    const outputs = Array.from({ length: shape.outputs }, (_, k) => {
      const what = shape.regression ? "the predicted value over the plot" : shape.outputs === 1 ? "the probability of class 1 (the decision boundary)" : `the probability of class ${k}`;
      return this.node("output-map", shape.outputs === 1 ? "Output" : `Output ${k}`, `Output: ${what}`, null, { layer: n, to: k, from: 0 });
    });
    this.columns = [inputs, ...layers, outputs];
    const cols = this.columns.map((col, i) => {
      const div = document.createElement("div");
      div.className = i === 0 ? "net-col inputs" : i === this.columns.length - 1 ? "net-col outputs" : "layer";
      div.style.gridColumn = String(i + 1);
      div.append(...col.map((nd) => nd.el));
      return div;
    });
    this.root.append(...heads, this.linksCell, ...cols);
    this.layoutStale = true;
    if (focused) this.refocus(focused);
  }

  private head(text: string, className: string): HTMLElement {
    const d = document.createElement("div");
    d.className = className;
    d.textContent = text;
    return d;
  }

  private layerHead(width: number, li: number): HTMLElement {
    const head = document.createElement("div");
    head.className = "layer-head";
    const title = document.createElement("div");
    title.className = "layer-title";
    title.innerHTML = `<span class="long">Layer </span><span class="short" aria-hidden="true">L</span>${li + 1}`;
    const controls = document.createElement("div");
    controls.className = "layer-controls";
    const minus = this.button("−", `Remove a neuron from layer ${li + 1}`, width <= LIMITS.neurons.min, () => this.resize(li, -1));
    const plus = this.button("+", `Add a neuron to layer ${li + 1}`, width >= LIMITS.neurons.max, () => this.resize(li, 1));
    const count = document.createElement("span");
    count.className = "layer-count";
    count.textContent = String(width);
    count.setAttribute("aria-label", `${width} neurons in layer ${li + 1}`);
    controls.append(minus, count, plus);
    head.append(title, controls);
    return head;
  }

  /** One node: a focusable box with its map; `incoming` set for neurons and outputs, whose weights can be edited. */
  private node(kind: string, label: string, caption: string, text: string | null, incoming: LinkRef | null): Node {
    const el = document.createElement("span");
    el.className = "node";
    el.tabIndex = 0;
    el.setAttribute("role", incoming ? "button" : "img");
    el.setAttribute("aria-label", incoming ? `${label}: show its map; Enter edits its incoming weights` : `${label}: show its map`);
    const canvas = document.createElement("canvas");
    canvas.className = kind;
    canvas.width = 1;
    canvas.height = 1;
    canvas.setAttribute("aria-hidden", "true");
    if (text !== null) {
      const t = document.createElement("span");
      t.className = "node-label";
      t.textContent = text;
      el.append(t);
    }
    el.append(canvas);
    const nd: Node = { el, canvas, caption };
    const show = (): void => this.zoom.show(el, canvas, this.captionOf(nd));
    el.addEventListener("pointerenter", show);
    el.addEventListener("focus", show);
    el.addEventListener("pointerleave", () => {
      if (document.activeElement !== el) this.zoom.hide();
    });
    el.addEventListener("blur", () => this.zoom.hide());
    if (incoming) {
      el.addEventListener("keydown", (e) => {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        this.onEdit(incoming);
      });
    }
    return nd;
  }

  private captionOf(nd: Node): string {
    return nd.el.classList.contains("dead") ? `${nd.caption}. Dead: it outputs 0 everywhere on the plot, so its incoming weights no longer learn.` : `${nd.caption}.`;
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
    if (!this.shape) return;
    const next = [...this.shape.hidden];
    next[layer] = Math.min(LIMITS.neurons.max, Math.max(LIMITS.neurons.min, next[layer] + delta));
    this.onChange(next);
  }

  /** The page was resized: the links are re-measured at the next draw. */
  relayout(): void {
    this.layoutStale = true;
  }

  /** Measures where the nodes are (one layout read, only after a rebuild or a resize). */
  private measure(): void {
    if (!this.layoutStale) return;
    this.layoutStale = false;
    const o = this.linkCanvas.getBoundingClientRect();
    const box = (c: HTMLCanvasElement): NodeBox => {
      const r = c.getBoundingClientRect();
      return { x: r.left - o.left, y: r.top - o.top, w: r.width, h: r.height };
    };
    this.links.setColumns(this.columns.map((col) => col.map((nd) => box(nd.canvas))));
  }

  /** Paints every map from a picture, marks dead neurons and redraws the links with the new weights. */
  update(pic: Picture, nClasses: number, regression = false): void {
    const size = pic.neuronSize, cells = size * size;
    const paintSigned = (nodes: Node[], values: Float32Array): void => {
      nodes.forEach((nd, i) => {
        const base = i * cells;
        if (base + cells > values.length) return;
        let peak = 0;
        for (let c = 0; c < cells; c++) peak = Math.max(peak, Math.abs(values[base + c]));
        const scale = peak > 0 ? 1 / peak : 0;
        paintPixels(nd.canvas, size, (c) => divergingColor(values[base + c] * scale));
      });
    };
    const hidden = this.columns.slice(1, -1);
    paintSigned(this.columns[0], pic.inputs);
    let offset = 0, neuron = 0;
    for (const layer of hidden) {
      paintSigned(layer, pic.neurons.subarray(offset));
      offset += layer.length * cells;
      for (const nd of layer) {
        const dead = pic.dead[neuron++] === 1;
        if (nd.el.classList.contains("dead") !== dead) nd.el.classList.toggle("dead", dead);
      }
    }
    this.paintOutputs(pic, nClasses, regression);
    this.measure();
    this.links.setWeights(pic.weights);
    this.links.draw();
    this.zoom.refresh();
  }

  /** Each output unit's map: one logit shows the boundary's colours; one unit per class shows that class's probability. */
  private paintOutputs(pic: Picture, nClasses: number, regression: boolean): void {
    const outs = this.columns[this.columns.length - 1];
    const size = pic.neuronSize, step = Math.max(1, Math.round(pic.boundarySize / size));
    const cellOf = (c: number): number => Math.floor(c / size) * step * pic.boundarySize + (c % size) * step;
    const p = pic.boundary;
    // Regression: the one output is the value, on the boundary's diverging scale.
    if (regression) {
      paintPixels(outs[0].canvas, size, (c) => divergingColor(p[cellOf(c)]));
      return;
    }
    if (outs.length === 1) {
      paintPixels(outs[0].canvas, size, (c) => cellColor(p, cellOf(c) * nClasses, nClasses));
      return;
    }
    outs.forEach((nd, k) => {
      if (k >= nClasses) return;
      paintPixels(nd.canvas, size, (c) => tint(classColor(k), p[cellOf(c) * nClasses + k]));
    });
  }

  /** Redraws the links (after a resize or a selection), with the weights of the last picture. */
  drawLinks(): void {
    this.measure();
    this.links.draw();
  }

  /** Marks the link being edited (null: none) and redraws. */
  select(link: LinkRef | null): void {
    this.links.select(link);
    this.drawLinks();
  }

  /** The weight as of the last picture, or null before one. */
  weight(link: LinkRef): number | null {
    return this.links.weight(link);
  }

  /** Names of the nodes in a column (for the editor's "from" choice): inputs by label, neurons by number. */
  sourceNames(layer: number): string[] {
    if (!this.shape) return [];
    return layer === 0 ? [...this.shape.inputs] : Array.from({ length: this.shape.hidden[layer - 1] }, (_, j) => `layer ${layer} neuron ${j + 1}`);
  }

  /** The name of a weight's target node. */
  targetName(link: LinkRef): string {
    if (!this.shape) return "";
    if (link.layer === this.shape.hidden.length) return this.shape.outputs === 1 ? "the output" : `output ${link.to}`;
    return `layer ${link.layer + 1} neuron ${link.to + 1}`;
  }
}
