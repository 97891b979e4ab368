/**
 * The config in the URL's fragment (`#ds=circles&h=8,8&...`), so a link reproduces the
 * set-up. The fragment, not the query, because static servers ignore it and changing it
 * does not reload the page. Short keys keep links readable; anything missing or
 * unreadable falls back to the default, so old or hand-edited links still open.
 */
import {
  ACTIVATIONS, DATASETS, DEFAULT_CONFIG, DEFAULT_NOISE, FEATURES, LOSSES, OPTIMIZERS, SCHEDULES,
  normalizeConfig, type Config,
} from "./config.js";

const oneOf = <T extends string>(all: readonly T[], v: string | null, fallback: T): T =>
  v !== null && (all as readonly string[]).includes(v) ? (v as T) : fallback;

const num = (v: string | null, fallback: number): number => {
  if (v === null || v.trim() === "") return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
};

/** Writes every field, defaults included, so a link stays exact if the defaults change. */
export function configToParams(c: Config): URLSearchParams {
  const p = new URLSearchParams();
  p.set("ds", c.dataset);
  p.set("k", String(c.classes));
  p.set("noise", String(c.noise));
  p.set("n", String(c.points));
  p.set("test", String(c.testFraction));
  p.set("seed", String(c.seed));
  p.set("f", c.features.join(","));
  p.set("h", c.hidden.join(","));
  p.set("act", c.activation);
  if (c.layerActivations.length > 0) p.set("acts", c.layerActivations.join(","));
  p.set("loss", c.loss);
  p.set("opt", c.optimizer);
  p.set("lr", String(c.lr));
  p.set("bs", String(c.batchSize));
  p.set("l2", String(c.l2));
  p.set("l1", String(c.l1));
  p.set("drop", String(c.dropout));
  p.set("sched", c.schedule);
  if (c.schedule === "step") {
    p.set("ss", String(c.stepSize));
    p.set("gamma", String(c.gamma));
  }
  if (c.schedule === "cosine") p.set("tmax", String(c.tMax));
  // Stop conditions only when set (0 is "never").
  if (c.maxEpochs > 0) p.set("max", String(c.maxEpochs));
  if (c.targetAcc > 0) p.set("target", String(c.targetAcc));
  if (c.patience > 0) p.set("patience", String(c.patience));
  // Points drawn on the plot: x:y:class, comma-separated, in the order drawn.
  if (c.drawn.length > 0) p.set("pts", c.drawn.map((d) => [d.x, d.y, d.label].join(":")).join(","));
  // Weights set by hand: epoch:layer:to:from:value, comma-separated, in the order made.
  // The device only when it is the GPU, so a CPU link is what it was before the switch.
  if (c.device === "webgpu") p.set("dev", "webgpu");
  if (c.edits.length > 0) p.set("w", c.edits.map((e) => [e.epoch, e.layer, e.to, e.from, e.value].join(":")).join(","));
  return p;
}

export function paramsToConfig(p: URLSearchParams): Config {
  const d = DEFAULT_CONFIG;
  const f = p.get("f");
  const h = p.get("h");
  const features = f === null ? d.features : f.split(",").filter((x) => (FEATURES as readonly string[]).includes(x));
  // "h=" (empty) is a network with no hidden layer, which is a real choice (logistic regression).
  const hidden = h === null ? d.hidden : h === "" ? [] : h.split(",").map((x) => num(x, 4));
  const dataset = oneOf(DATASETS, p.get("ds"), d.dataset);
  return normalizeConfig({
    dataset,
    classes: num(p.get("k"), d.classes),
    noise: num(p.get("noise"), DEFAULT_NOISE[dataset]),
    points: num(p.get("n"), d.points),
    testFraction: num(p.get("test"), d.testFraction),
    seed: num(p.get("seed"), d.seed),
    features: features as Config["features"],
    hidden,
    activation: oneOf(ACTIVATIONS, p.get("act"), d.activation),
    layerActivations: (p.get("acts") ?? "").split(",").filter((a) => a !== "").map((a) => oneOf(ACTIVATIONS, a, d.activation)),
    loss: oneOf(LOSSES, p.get("loss"), d.loss),
    optimizer: oneOf(OPTIMIZERS, p.get("opt"), d.optimizer),
    lr: num(p.get("lr"), d.lr),
    batchSize: num(p.get("bs"), d.batchSize),
    l2: num(p.get("l2"), d.l2),
    l1: num(p.get("l1"), d.l1),
    dropout: num(p.get("drop"), d.dropout),
    edits: readEdits(p.get("w")),
    drawn: readDrawn(p.get("pts")),
    schedule: oneOf(SCHEDULES, p.get("sched"), d.schedule),
    stepSize: num(p.get("ss"), d.stepSize),
    gamma: num(p.get("gamma"), d.gamma),
    tMax: num(p.get("tmax"), d.tMax),
    maxEpochs: num(p.get("max"), d.maxEpochs),
    targetAcc: num(p.get("target"), d.targetAcc),
    patience: num(p.get("patience"), d.patience),
    ...(p.get("dev") === "webgpu" ? { device: "webgpu" as const } : {}),
  });
}

/** `w=0:1:3:2:-0.5,…`; an unreadable edit is dropped (normalizeConfig drops those the network lacks). */
function readEdits(w: string | null): Config["edits"] {
  if (w === null || w === "") return [];
  return w.split(",").flatMap((item) => {
    const f = item.split(":").map((x) => num(x, NaN));
    if (f.length !== 5 || f.some((x) => Number.isNaN(x))) return [];
    return [{ epoch: f[0], layer: f[1], to: f[2], from: f[3], value: f[4] }];
  });
}

/** `pts=0.5:-1.25:1,…`; an unreadable point is dropped (normalizeConfig drops classes the data lack). */
function readDrawn(pts: string | null): Config["drawn"] {
  if (pts === null || pts === "") return [];
  return pts.split(",").flatMap((item) => {
    const f = item.split(":").map((x) => num(x, NaN));
    if (f.length !== 3 || f.some((x) => Number.isNaN(x))) return [];
    return [{ x: f[0], y: f[1], label: f[2] }];
  });
}

/** The fragment without its '#'. */
export function fragmentOf(hash: string): URLSearchParams {
  return new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
}
