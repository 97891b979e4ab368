/**
 * The page: holds the current set-up, keeps it in the URL, sends it to the training
 * worker and draws what comes back. Everything is drawn in requestAnimationFrame: the
 * worker's small frames (epoch, progress, loss records) as they come, its pictures
 * (boundary, neuron maps, confusion matrix) when one arrives, acknowledged after the draw
 * (even one that throws), so the worker never outruns the screen. A click shows at once:
 * Play/Pause flips its label before the worker answers.
 */
import { DEFAULT_CONFIG, LIMITS, STOP_KEYS, classesOf, normalizeConfig, outputUnits, problemOf, type Config } from "./state/config.js";
import { StopWatch } from "./engine/stopping.js";
import { featureLabel } from "./state/feature-text.js";
import { configToParams, fragmentOf, paramsToConfig } from "./state/url.js";
import { DEFAULT_VIEW, paramsToView, viewToParams, type ViewOptions } from "./state/view.js";
import { decodeCsvParam, encodeCsvParam } from "./state/csv-param.js";
import type { CsvSummary } from "./data/csv-table.js";
import type { Frame, FromWorker, Picture, Setup, ToWorker } from "./engine/protocol.js";
import type { EpochRecord, RunInfo } from "./engine/session.js";
import { Controls, byId, type DataFacts } from "./ui/controls.js";
import { BoundaryView } from "./ui/boundary-view.js";
import { LossChart } from "./ui/loss-chart.js";
import { ConfusionView } from "./ui/confusion-view.js";
import { NetworkView } from "./ui/network-view.js";
import { WeightEditor } from "./ui/weight-editor.js";
import type { LinkRef } from "./ui/network-links.js";
import { CodeDialog } from "./ui/code-dialog.js";
import { Messages } from "./ui/messages.js";
import { classColor, css, divergingColor } from "./ui/palette.js";
import { whenCanvasResized } from "./ui/canvas.js";
import { EpochCounter } from "./ui/epoch-counter.js";

const worker = new Worker(new URL("./engine/worker.ts", import.meta.url), { type: "module" });
const send = (msg: ToWorker): void => worker.postMessage(msg);
/** The number of the last command sent; a frame answers it when it echoes it. */
let seq = 0;
/** The latest configure command's seq: a run the worker made before handling it is already replaced. */
let configureSeq = 0;
const command = (type: "play" | "pause" | "step" | "reset"): void => send({ type, seq: ++seq });

let setup: Setup = { config: DEFAULT_CONFIG, csvText: null, csvLabel: null };
/** How the output is shown (test points, discretized): in the link, but no restart. */
let view: ViewOptions = DEFAULT_VIEW;
/** The last set-up the worker accepted, to go back to when a CSV is refused. */
let lastGood: Setup | null = null;
/** The run the worker trains now; for a CSV, its columns and the text (for "Show code"). */
let run: { info: RunInfo; csv: { summary: CsvSummary; text: string; columns: string[] } | null } | null = null;
/** The worker's state as of the latest command, and what the Play button shows (ahead of the worker). */
let running = false;
let wantRunning = false;
let epoch = 0;
let progress = 0;
let latest: EpochRecord | null = null;
let picture: Picture | null = null;
let boundaryStale = true;
/** The network's links need drawing again (a resize). */
let linksStale = false;
/** The loss chart has records (or a size) it has not drawn yet. */
let chartStale = true;
let statsAt = 0;
let drawScheduled = false;

const boundary = new BoundaryView(byId("boundary"));
const chart = new LossChart(byId("loss-chart"), byId("acc-chart"));
/** The run's test scores epoch by epoch, to tell whether new stop conditions would have stopped it already. */
let watch = new StopWatch();
const confusion = new ConfusionView(byId("confusion"));
const network = new NetworkView(byId("layers"), byId("layers-summary"), (hidden) => change({ hidden }), (link) => openEditor(link));
const editor = new WeightEditor(network, (link, value) => send({ type: "edit", seq: ++seq, ...link, value }));
const controls = new Controls((patch) => change(patch), (csvLabel) => start({ ...setup, csvLabel }));
const codeDialog = new CodeDialog();
const outputPanel = byId("output-panel");
const counter = new EpochCounter(byId<HTMLOutputElement>("epoch"), byId<HTMLCanvasElement>("epoch-canvas"));
const messages = new Messages(() => command("reset"));
const el = {
  play: byId<HTMLButtonElement>("play"),
  trainLoss: byId("train-loss"),
  testLoss: byId("test-loss"),
  trainAcc: byId("train-acc"),
  testAcc: byId("test-acc"),
  trainRmse: byId("train-rmse"),
  testRmse: byId("test-rmse"),
  lrStat: byId("lr-stat"),
  lrNow: byId("lr-now"),
  stopNote: byId("stop-note"),
  legend: byId("legend"),
  csvMessage: byId("csv-message"),
  csvFile: byId<HTMLInputElement>("csv-file"),
  copyLink: byId<HTMLButtonElement>("copy-link"),
  linkBox: byId<HTMLInputElement>("link-box"),
  announce: byId("announce"),
};

/**
 * Applies a change from the form: normalise, show, put in the URL, restart training. New
 * stop conditions alone keep the run going when they would not have stopped it before the
 * epoch it is at (so the link and "Show code", which stop there too, still give its numbers).
 */
function change(patch: Partial<Config>): void {
  const next = normalizeConfig({ ...setup.config, ...patch }, nClassesFor({ ...setup.config, ...patch }));
  const stopsOnly = Object.keys(patch).every((k) => (STOP_KEYS as readonly string[]).includes(k));
  if (stopsOnly && run && lastGood === setup && watch.earlier(next) === null) {
    setup = { ...setup, config: next };
    lastGood = setup;
    run = { ...run, info: { ...run.info, config: next } };
    send({ type: "stops", maxEpochs: next.maxEpochs, targetAcc: next.targetAcc, patience: next.patience });
    // The run is no longer stopped: clear the marker with the note, so that "stopped" always
    // names the latest stop (a test waiting for the next stop must not see the old one).
    el.stopNote.textContent = "";
    delete document.body.dataset.stopped;
    showSetup();
    void writeUrl(setup);
    return;
  }
  start({ ...setup, config: next });
}

/** The class count the data will have: a CSV keeps its own while it stays the data set. */
function nClassesFor(c: Config): number {
  return c.dataset === "csv" && run?.csv ? run.csv.summary.classNames.length : classesOf(c);
}

function start(next: Setup): void {
  setup = next;
  // Shown at once: the picture dims until the worker's new run replaces it.
  outputPanel.classList.add("restarting");
  messages.clear();
  editor.close();
  showSetup();
  void writeUrl(next);
  const csv = next.config.dataset === "csv";
  configureSeq = ++seq;
  send({ type: "configure", seq: configureSeq, config: next.config, csvText: csv ? next.csvText : null, csvLabel: csv ? next.csvLabel : null });
}

function dataFacts(): DataFacts {
  const csv = run?.csv;
  return {
    nClasses: nClassesFor(setup.config),
    csv: csv ? { rows: csv.summary.rows, featureNames: csv.summary.featureNames, columns: csv.columns, labelName: csv.summary.labelName } : null,
  };
}

function showSetup(): void {
  const facts = dataFacts(), c = setup.config;
  controls.show(c, facts);
  const names = c.dataset === "csv" ? (facts.csv?.featureNames ?? null) : null;
  const regression = problemOf(c.dataset) === "regression";
  network.setShape({ inputs: c.features.map((f) => featureLabel(f, names)), hidden: c.hidden, outputs: regression ? 1 : outputUnits(c.loss, facts.nClasses), regression });
  showEdits();
  showDrawn();
  byId<HTMLButtonElement>("add-layer").disabled = setup.config.hidden.length >= LIMITS.layers.max;
  byId<HTMLButtonElement>("remove-layer").disabled = setup.config.hidden.length === 0;
}

async function writeUrl(s: Setup): Promise<void> {
  const params = configToParams(s.config);
  viewToParams(view, params);
  if (s.config.dataset === "csv" && s.csvText !== null) {
    params.set("csv", await encodeCsvParam(s.csvText));
    if (s.csvLabel !== null) params.set("label", s.csvLabel);
  }
  // A later change may have started while the CSV was being compressed: only the latest writes.
  if (s === setup) history.replaceState(null, "", `#${params.toString()}`);
}

/** The set-up in the URL, and a notice for the page when part of it could not be read. */
async function readUrl(): Promise<{ setup: Setup; notice: string | null }> {
  const params = fragmentOf(location.hash);
  // Shown in another page's frame (<kindling-playground>): the picture first at any width.
  if (params.get("embed") === "1") document.body.classList.add("embedded");
  setView(paramsToView(params));
  const config = paramsToConfig(params);
  const csvParam = params.get("csv");
  if (csvParam === null) return { setup: { config, csvText: null, csvLabel: null }, notice: null };
  try {
    return { setup: { config, csvText: await decodeCsvParam(csvParam), csvLabel: params.get("label") }, notice: null };
  } catch {
    return {
      setup: { config: { ...config, dataset: DEFAULT_CONFIG.dataset }, csvText: null, csvLabel: null },
      notice: "The CSV in this link is damaged; showing the default data set instead.",
    };
  }
}

function open(url: { setup: Setup; notice: string | null }): void {
  start(url.setup);
  if (url.notice) messages.show("data", url.notice);
}

function onRun(info: RunInfo, csv: CsvSummary | null, csvNote: string | null, csvColumns: string[] | null, runSeq: number): void {
  document.body.dataset.device = info.device;
  run = { info, csv: csv && csvColumns && setup.csvText !== null ? { summary: csv, text: setup.csvText, columns: csvColumns } : null };
  lastGood = setup;
  outputPanel.classList.remove("restarting");
  epoch = 0;
  latest = null;
  watch = new StopWatch();
  el.stopNote.textContent = "";
  delete document.body.dataset.stopped;
  chart.reset();
  chartStale = true;
  boundary.setRun(info);
  boundaryStale = true;
  confusion.setClasses(info.classNames);
  messages.clearTraining();
  el.csvMessage.textContent = csvNote ?? "";
  showDrawMode(info.classNames, csv !== null);
  showProblem(info.regression);
  if (info.regression) el.legend.replaceChildren(valueLegend());
  else el.legend.replaceChildren(
    ...info.classNames.map((name, k) => {
      const item = document.createElement("span");
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = css(classColor(k));
      item.append(sw, csv ? name : `class ${name}`);
      return item;
    }),
  );
  // The worker may have adjusted the set-up for the data (BCE with more than two classes). A
  // run for an earlier configure (the user changed the data set again meanwhile) must not
  // bring its set-up back over the newer one: the newer run follows.
  if (runSeq >= configureSeq && JSON.stringify(info.config) !== JSON.stringify(setup.config)) {
    setup = { ...setup, config: info.config };
    lastGood = setup;
    void writeUrl(setup);
  }
  showSetup();
}

function onFrame(f: Frame): void {
  chart.add(f.history);
  for (const r of f.history) watch.add(r.epoch, r.testLoss, r.testAcc);
  if (f.history.length > 0) chartStale = true;
  if (f.history.length > 0) latest = f.history[f.history.length - 1];
  epoch = f.epoch;
  progress = f.progress;
  document.body.dataset.epoch = String(f.epoch);
  if (latest) document.body.dataset.testAcc = latest.testAcc.toFixed(2);
  if (latest && run?.info.regression) document.body.dataset.testR2 = latest.testR2.toFixed(4);
  // Only a frame that answers the latest command says whether the worker runs now.
  if (f.seq === seq) setRunning(f.running);
  if (f.picture) picture = f.picture;
  if (codeWanted && f.seq === seq && !f.running) showCode();
  scheduleDraw();
}

function scheduleDraw(): void {
  if (!drawScheduled) {
    drawScheduled = true;
    requestAnimationFrame(draw);
  }
}

/** Runs one part of a draw; a part that throws is reported and the others still draw. */
function attempt(part: string, act: () => void): void {
  try {
    act();
  } catch (e) {
    console.error(`Drawing the ${part} failed:`, e);
  }
}

/** Writes text only when it changed: an unchanged write still costs the page a layout. */
function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function draw(): void {
  drawScheduled = false;
  const pic = picture;
  picture = null;
  try {
    counter.show(epoch, progress, running);
    // The four numbers at most four times a second while training: nobody reads faster,
    // and text is the costliest thing a frame paints (a canvas costs a fraction of it).
    const now = performance.now();
    if (latest && (!running || now - statsAt >= 250)) {
      statsAt = now;
      setText(el.trainLoss, latest.trainLoss.toFixed(5));
      setText(el.testLoss, latest.testLoss.toFixed(5));
      if (run?.info.regression) {
        setText(el.trainAcc, latest.trainR2.toFixed(4));
        setText(el.testAcc, latest.testR2.toFixed(4));
        setText(el.trainRmse, latest.trainRmse.toFixed(5));
        setText(el.testRmse, latest.testRmse.toFixed(5));
      } else {
        setText(el.trainAcc, `${latest.trainAcc.toFixed(2)} %`);
        setText(el.testAcc, `${latest.testAcc.toFixed(2)} %`);
      }
      el.lrStat.hidden = setup.config.schedule === "none";
      setText(el.lrNow, latest.lr === 0 ? "0" : latest.lr.toPrecision(3));
      // The epoch whose numbers the page now shows: dataset.epoch moves when a frame arrives,
      // the text only when it is drawn, and a reader (a test, a screen reader) waits for this.
      document.body.dataset.shownEpoch = String(latest.epoch);
    }
    if (pic) {
      attempt("decision boundary", () => boundary.setProbabilities(pic.boundary, pic.boundarySize));
      attempt("network", () => network.update(pic, run?.info.nClasses ?? 2, run?.info.regression ?? false));
      attempt("weight editor", () => editor.refresh());
      linksStale = false;
      attempt("confusion matrix", () => confusion.update(pic.confusion));
      boundaryStale = true;
    }
    if (linksStale) attempt("network", () => network.drawLinks());
    linksStale = false;
    if (boundaryStale) attempt("decision boundary", () => boundary.draw());
    boundaryStale = false;
    if (chartStale) attempt("loss chart", () => chart.draw());
    chartStale = false;
  } finally {
    // Whatever happened above, the worker may send the next picture.
    if (pic) send({ type: "ack" });
  }
}

function setRunning(on: boolean): void {
  if (running && !on) el.announce.textContent = `Paused at epoch ${epoch}. Test ${run?.info.regression ? "R²" : "accuracy"} ${el.testAcc.textContent}.`;
  running = on;
  document.body.dataset.running = String(on);
  showPlay(on);
}

function showPlay(on: boolean): void {
  wantRunning = on;
  ticking();
  el.play.textContent = on ? "❚❚ Pause" : "▶ Play";
  el.play.setAttribute("aria-pressed", String(on));
}

worker.addEventListener("message", (e: MessageEvent<FromWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case "run":
      onRun(msg.info, msg.csv, msg.csvNote, msg.csvColumns, msg.seq);
      break;
    case "frame":
      onFrame(msg);
      break;
    case "model":
      saveFile(msg.bytes, msg.fileName);
      break;
    case "edited":
      onEdited(msg.config);
      break;
    case "stopped":
      showPlay(false);
      el.stopNote.textContent = `Stopped at epoch ${msg.epoch}: ${msg.reason}. Change the stop conditions to go on, or Reset.`;
      el.announce.textContent = el.stopNote.textContent;
      document.body.dataset.stopped = String(msg.epoch);
      break;
    case "device":
      document.body.dataset.gpu = String(msg.available);
      controls.showGpu(msg);
      break;
    case "error":
      if (msg.scope === "data") refused(msg.message);
      else messages.show(msg.scope, msg.message);
      break;
  }
});
worker.addEventListener("error", (e) => {
  messages.show("train", `The training worker failed: ${e.message}`);
});

/** Applies view options: redraws the picture and keeps them in the link, without restarting. */
function setView(next: ViewOptions): void {
  view = next;
  byId<HTMLInputElement>("show-test").checked = view.showTest;
  byId<HTMLInputElement>("discretize").checked = view.discretize;
  byId<HTMLInputElement>("loss-log").checked = view.logLoss;
  byId<HTMLSelectElement>("speed").value = String(view.speed);
  send({ type: "speed", speed: view.speed });
  ticking();
  boundary.setView(view);
  chart.setLog(view.logLoss);
  boundaryStale = chartStale = true;
  scheduleDraw();
}
for (const [id, key] of [["show-test", "showTest"], ["discretize", "discretize"], ["loss-log", "logLoss"]] as const) {
  byId<HTMLInputElement>(id).addEventListener("change", (e) => {
    setView({ ...view, [key]: (e.target as HTMLInputElement).checked });
    void writeUrl(setup);
  });
}

byId<HTMLSelectElement>("speed").addEventListener("change", (e) => {
  setView({ ...view, speed: Number((e.target as HTMLSelectElement).value) });
  void writeUrl(setup);
});

/**
 * At a set pace, one tick to the worker per animation frame while playing: each buys
 * `speed` epochs of training. `data-ticks` counts them (the browser test reads it).
 */
let ticks = 0;
let tickScheduled = false;
function ticking(): void {
  if (tickScheduled || !wantRunning || view.speed === 0) return;
  tickScheduled = true;
  requestAnimationFrame(() => {
    tickScheduled = false;
    if (!wantRunning || view.speed === 0) return;
    send({ type: "tick" });
    document.body.dataset.ticks = String(++ticks);
    ticking();
  });
}

/** The draw-mode choices: add a point of each class, or remove; the choice is kept when the classes stay. */
function showDrawMode(classNames: readonly string[], csv: boolean): void {
  const select = byId<HTMLSelectElement>("draw-mode");
  const before = select.value;
  select.replaceChildren(
    ...classNames.map((name, k) => new Option(`add ${csv ? name : `class ${name}`}`, String(k))),
    new Option("remove the nearest drawn point", "remove"),
  );
  if (Array.from(select.options).some((o) => o.value === before)) select.value = before;
}

/**
 * Classification or regression: the stats' names (R² in the accuracies' place, RMSE beside
 * it; the R² chart in the accuracy chart's), what the colours mean, and the parts only
 * classes have (confusion matrix, drawing points of a class).
 */
function showProblem(regression: boolean): void {
  chart.setRegression(regression);
  byId("acc-caption").textContent = regression ? "test R²" : "test acc. (%)";
  byId("acc-chart").setAttribute("aria-label", regression ? "Train and test R² by epoch" : "Train and test accuracy by epoch");
  byId("train-acc-label").textContent = regression ? "Train R²" : "Train accuracy";
  byId("test-acc-label").textContent = regression ? "Test R²" : "Test accuracy";
  byId("train-rmse-stat").hidden = byId("test-rmse-stat").hidden = !regression;
  byId("colour-meaning").textContent = regression ? "colour = predicted value (points: their value)" : "colour = predicted class, strength = probability";
  byId("boundary").setAttribute("aria-label", regression ? "Predicted value over the plot, with the training and test points" : "Decision boundary with the training and test points");
  for (const id of ["confusion-wrap", "draw-row", "draw-help"]) byId(id).hidden = regression;
}

/** The regression colour scale: −1 blue, 0 white, +1 orange (the neuron maps' diverging scale). */
function valueLegend(): HTMLElement {
  const item = document.createElement("span");
  const bar = document.createElement("span");
  bar.className = "swatch value-scale";
  const stops = [-1, -0.5, 0, 0.5, 1].map((v) => css(divergingColor(v))).join(", ");
  bar.style.background = `linear-gradient(to right, ${stops})`;
  item.append("−1 ", bar, " +1");
  return item;
}

/** Shows how many points were drawn, with a button to clear them. */
function showDrawn(): void {
  const n = setup.config.drawn.length;
  const clear = byId<HTMLButtonElement>("clear-drawn");
  clear.hidden = n === 0;
  clear.textContent = `Clear ${n} drawn point${n === 1 ? "" : "s"}`;
}
byId("clear-drawn").addEventListener("click", () => change({ drawn: [] }));

/** A coordinate rounded to a thousandth of the plot's span (short in the link, exact in the shown code). */
function roundTo(v: number, span: number): number {
  // 10^⌊log10(span / 1000)⌋ from the decimal exponent, which ECMAScript specifies exactly
  // (Math.log10 and ** are engine-dependent in the last bits, and the points train the model).
  const step = Number(`1e${(span / 1000).toExponential().split("e")[1]}`);
  return Number((Math.round(v / step) * step).toPrecision(12));
}

/** Click the plot: add a point of the chosen class there; shift-click (or the remove mode) removes the nearest drawn point. */
byId<HTMLCanvasElement>("boundary").addEventListener("click", (e) => {
  const at = boundary.toData(e.offsetX, e.offsetY);
  // Regression has no classes to draw points of.
  if (!at || !run || run.info.regression) return;
  const mode = byId<HTMLSelectElement>("draw-mode").value;
  const drawn = setup.config.drawn;
  if (e.shiftKey || mode === "remove") {
    let best = -1, bestD = 15 * 15;
    drawn.forEach((p, i) => {
      const c = boundary.toCanvas(p.x, p.y);
      const dx = c.x - e.offsetX, dy = c.y - e.offsetY;
      const d = dx * dx + dy * dy;
      if (d <= bestD) [best, bestD] = [i, d];
    });
    if (best < 0) {
      el.announce.textContent = "No drawn point there to remove.";
      return;
    }
    change({ drawn: drawn.filter((_, i) => i !== best) });
    return;
  }
  const d = run.info.domain;
  const point = { x: roundTo(at.x, d.xMax - d.xMin), y: roundTo(at.y, d.yMax - d.yMin), label: Number(mode) };
  if (drawn.length >= LIMITS.drawn.max) {
    messages.show("data", `At most ${LIMITS.drawn.max} points can be drawn; clear some first.`);
    return;
  }
  change({ drawn: [...drawn, point] });
});

/** Opens the weight editor; a running page pauses first (the worker finishes the epoch under way). */
function openEditor(link: LinkRef): void {
  if (running || wantRunning) {
    showPlay(false);
    command("pause");
  }
  editor.open(link);
}

/** The worker set a weight: it is now part of the set-up (the link, Reset, "Show code"). */
function onEdited(config: Config): void {
  setup = { ...setup, config };
  lastGood = setup;
  if (run) run = { ...run, info: { ...run.info, config } };
  void writeUrl(setup);
  showEdits();
  el.announce.textContent = "Weight set.";
}

/** Says how many weights were set by hand, and when, with a button to drop them. */
function showEdits(): void {
  const edits = setup.config.edits;
  byId("edits-row").hidden = edits.length === 0;
  const epochs = [...new Set(edits.map((e) => e.epoch))].join(", ");
  byId("edits-summary").textContent =
    `${edits.length} weight${edits.length === 1 ? "" : "s"} set by hand (at epoch ${epochs}); a link and "Show code" replay ${edits.length === 1 ? "it" : "them"}.`;
}
byId("clear-edits").addEventListener("click", () => change({ edits: [] }));

/** A data set the worker refused: the run it had goes on, and the form shows that run again. */
function refused(message: string): void {
  el.csvFile.value = "";
  outputPanel.classList.remove("restarting");
  if (lastGood) {
    setup = lastGood;
    showSetup();
    void writeUrl(setup);
  } else if (setup.config.dataset !== DEFAULT_CONFIG.dataset) {
    start({ config: { ...setup.config, dataset: DEFAULT_CONFIG.dataset }, csvText: null, csvLabel: null });
  }
  messages.show("data", message);
}

function saveFile(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

el.play.addEventListener("click", () => {
  const on = !wantRunning;
  showPlay(on);
  command(on ? "play" : "pause");
});
byId("step").addEventListener("click", () => {
  showPlay(false);
  command("step");
});
byId("reset").addEventListener("click", () => command("reset"));
byId("download").addEventListener("click", () => send({ type: "download" }));
byId("add-layer").addEventListener("click", () => {
  // A new layer as wide as the last one: six layers of eight take five clicks.
  const h = setup.config.hidden;
  change({ hidden: [...h, h.length > 0 ? h[h.length - 1] : 4] });
});
byId("remove-layer").addEventListener("click", () => change({ hidden: setup.config.hidden.slice(0, -1) }));
/** Opens "Show code" for the epoch the page is at; while playing, first pauses and waits for the paused frame. */
let codeWanted = false;
function showCode(): void {
  codeWanted = false;
  if (!run) return;
  codeDialog.open({ config: run.info.config, epochs: epoch > 0 ? epoch : 100, nClasses: run.info.nClasses, csv: run.csv }, epoch);
}
byId("show-code").addEventListener("click", () => {
  if (!running && !wantRunning) return showCode();
  codeWanted = true;
  showPlay(false);
  command("pause");
});

let copyTimer: ReturnType<typeof setTimeout> | undefined;
el.copyLink.addEventListener("click", () => {
  const confirm = (label: string): void => {
    el.copyLink.textContent = label;
    clearTimeout(copyTimer);
    copyTimer = setTimeout(() => (el.copyLink.textContent = "Copy link"), 2500);
  };
  navigator.clipboard.writeText(location.href).then(
    () => {
      el.linkBox.hidden = true;
      confirm("✓ Link copied");
      el.announce.textContent = "Link copied.";
    },
    () => {
      // No clipboard (permission refused): show the link, selected, to copy by hand.
      el.linkBox.value = location.href;
      el.linkBox.hidden = false;
      el.linkBox.select();
      confirm("Copy the link below");
    },
  );
});
el.csvFile.addEventListener("change", () => {
  const file = el.csvFile.files?.[0];
  if (!file) return;
  file.text().then(
    (text) => start({ config: { ...setup.config, dataset: "csv" }, csvText: text, csvLabel: null }),
    () => messages.show("data", `Could not read ${file.name}.`),
  );
});
whenCanvasResized(() => {
  boundaryStale = chartStale = linksStale = true;
  network.relayout();
  scheduleDraw();
});
window.addEventListener("hashchange", () => {
  void readUrl().then(open);
});

void readUrl().then(open);
