/**
 * `MetricCollection`, as torchmetrics': several metrics updated, computed, reset and
 * forwarded together, their results keyed by name with an optional prefix and postfix.
 * A list names each metric after its class; a record keeps its keys, sorted; a nested
 * collection contributes its metrics under its own (prefixed) names.
 */
import { DeviceError, ValueError } from "../errors.js";
import type { Device } from "../tensor/device.js";
import type { Tensor } from "../tensor/tensor.js";
import type { MetricLike } from "./metric.js";
import type { CurveResult } from "./reduce/curves.js";

/** What a metric of this module computes: a tensor, or a curve (three tensors or three lists). */
export type MetricOutput = Tensor | CurveResult;

export type CollectionMember = MetricLike<MetricOutput> | MetricCollection;
export type CollectionInput = CollectionMember | readonly CollectionMember[] | Readonly<Record<string, CollectionMember>>;

export interface MetricCollectionOptions {
  /** Put in front of every result's name. */
  prefix?: string | null;
  /** Put after every result's name. */
  postfix?: string | null;
}

function checkAffix(x: unknown, name: string): string | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== "string") throw new ValueError(`Expected input \`${name}\` to be a string, but got <class '${typeof x}'>`);
  return x;
}

export class MetricCollection {
  prefix: string | null;
  postfix: string | null;
  /** Metrics under their base names, in insertion order. */
  private readonly metrics = new Map<string, MetricLike<MetricOutput>>();

  constructor(metrics: CollectionInput, options: MetricCollectionOptions = {}) {
    this.prefix = checkAffix(options.prefix, "prefix");
    this.postfix = checkAffix(options.postfix, "postfix");
    this.addMetrics(metrics);
  }

  addMetrics(metrics: CollectionInput): void {
    if (metrics instanceof MetricCollection || isMetric(metrics)) metrics = [metrics];
    if (Array.isArray(metrics)) {
      for (const m of metrics as readonly CollectionMember[]) {
        if (m instanceof MetricCollection) {
          for (const [k, v] of m.items()) this.metrics.set(k, v);
        } else if (isMetric(m)) {
          const name = m.constructor.name;
          if (this.metrics.has(name)) throw new ValueError(`Encountered two metrics both named ${name}`);
          this.metrics.set(name, m);
        } else {
          throw new ValueError(`Input ${String(m)} to \`MetricCollection\` is not a instance of \`torchmetrics.Metric\` or \`torchmetrics.MetricCollection\``);
        }
      }
      return;
    }
    const record = metrics as Readonly<Record<string, CollectionMember>>;
    for (const name of Object.keys(record).sort()) {
      const m = record[name];
      if (m instanceof MetricCollection) {
        for (const [k, v] of m.items()) this.metrics.set(`${name}_${k}`, v);
      } else if (isMetric(m)) {
        this.metrics.set(name, m);
      } else {
        throw new ValueError(
          `Value ${String(m)} belonging to key ${name} is not an instance of \`torchmetrics.Metric\` or \`torchmetrics.MetricCollection\``,
        );
      }
    }
  }

  private named(base: string): string {
    return `${this.prefix ?? ""}${base}${this.postfix ?? ""}`;
  }

  /** Result names (with prefix and postfix), or the base names. */
  keys(keepBase = false): string[] {
    return [...this.metrics.keys()].map((k) => (keepBase ? k : this.named(k)));
  }

  items(keepBase = false): [string, MetricLike<MetricOutput>][] {
    return [...this.metrics.entries()].map(([k, m]) => [keepBase ? k : this.named(k), m]);
  }

  values(): MetricLike<MetricOutput>[] {
    return [...this.metrics.values()];
  }

  get size(): number {
    return this.metrics.size;
  }

  /** The metric under a name, with or without the prefix and postfix. */
  get(key: string): MetricLike<MetricOutput> {
    let k = key;
    if (this.prefix && k.startsWith(this.prefix)) k = k.slice(this.prefix.length);
    if (this.postfix && k.endsWith(this.postfix)) k = k.slice(0, k.length - this.postfix.length);
    const m = this.metrics.get(k);
    if (m === undefined) throw new ValueError(`No metric named ${key} in the collection`);
    return m;
  }

  update(preds: Tensor, target: Tensor): void {
    for (const m of this.metrics.values()) m.update(preds, target);
  }

  compute(): Record<string, MetricOutput> {
    const out: Record<string, MetricOutput> = {};
    for (const [k, m] of this.metrics) out[this.named(k)] = m.compute();
    return out;
  }

  /** Every metric's `computeAsync` (one read per metric on a GPU; `compute` for those without it). */
  async computeAsync(): Promise<Record<string, MetricOutput>> {
    const entries = [...this.metrics];
    const values = await Promise.all(entries.map(([, m]) => (m.computeAsync ? m.computeAsync() : m.compute())));
    const out: Record<string, MetricOutput> = {};
    entries.forEach(([k], i) => (out[this.named(k)] = values[i]));
    return out;
  }

  /** Moves every metric (`metric.to(device)`); a metric without `to` stays on the CPU and refuses other devices. */
  to(device: Device): this {
    for (const m of this.metrics.values()) {
      if (m.to) m.to(device);
      else if (device !== "cpu") throw new DeviceError(`${m.constructor.name} has no to(device): it counts on the CPU`);
    }
    return this;
  }

  /** Every metric's `forward`: updates them all and returns each one's value on this batch. */
  forward(preds: Tensor, target: Tensor): Record<string, MetricOutput> {
    const out: Record<string, MetricOutput> = {};
    for (const [k, m] of this.metrics) out[this.named(k)] = m.forward(preds, target);
    return out;
  }

  reset(): void {
    for (const m of this.metrics.values()) m.reset();
  }
}

function isMetric(x: unknown): x is MetricLike<MetricOutput> {
  const m = x as Partial<MetricLike> | null;
  // Metrics are callable (functions) like nn modules; anything with the four methods counts.
  return (typeof m === "object" || typeof m === "function") && m !== null && typeof m.update === "function" && typeof m.compute === "function"
    && typeof m.reset === "function" && typeof m.forward === "function";
}
