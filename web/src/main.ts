/**
 * The page: holds the current set-up, keeps it in the URL, sends it to the training
 * worker and draws what comes back. Frames are drawn in requestAnimationFrame and
 * acknowledged afterwards, so the worker never outruns the screen.
 */
import { DEFAULT_CONFIG, LIMITS, classesOf, normalizeConfig, type Config } from "./state/config.js";
import { configToParams, fragmentOf, paramsToConfig } from "./state/url.js";
import { decodeCsvParam, encodeCsvParam } from "./state/csv-param.js";
import type { CsvSummary } from "./data/csv-table.js";
import type { Frame, FromWorker, ToWorker } from "./engine/protocol.js";
import type { RunInfo } from "./engine/session.js";
import { Controls, byId } from "./ui/controls.js";
import { BoundaryView } from "./ui/boundary-view.js";
import { LossChart } from "./ui/loss-chart.js";
import { ConfusionView } from "./ui/confusion-view.js";
import { NetworkView } from "./ui/network-view.js";
import { CodeDialog } from "./ui/code-dialog.js";
import { classColor, css } from "./ui/palette.js";

interface Setup {
  config: Config;
  csvText: string | null;
}

const worker = new Worker(new URL("./engine/worker.ts", import.meta.url), { type: "module" });
const send = (msg: ToWorker): void => worker.postMessage(msg);

let setup: Setup = { config: DEFAULT_CONFIG, csvText: null };
/** The last set-up the worker accepted, to go back to when a CSV is refused. */
let lastGood: Setup | null = null;
/** The run the worker trains now; for a CSV, its columns and the text (for "Show code"). */
let run: { info: RunInfo; csv: { summary: CsvSummary; text: string } | null } | null = null;
let running = false;
let epoch = 0;
let pending: Frame | null = null;
let drawScheduled = false;

const boundary = new BoundaryView(byId("boundary"));
const chart = new LossChart(byId("loss-chart"));
const confusion = new ConfusionView(byId("confusion"));
const network = new NetworkView(byId("layers"), byId("layers-summary"), (hidden) => change({ hidden }));
const controls = new Controls((patch) => change(patch));
const codeDialog = new CodeDialog();
const el = {
  play: byId<HTMLButtonElement>("play"),
  epoch: byId<HTMLOutputElement>("epoch"),
  trainLoss: byId("train-loss"),
  testLoss: byId("test-loss"),
  trainAcc: byId("train-acc"),
  testAcc: byId("test-acc"),
  legend: byId("legend"),
  csvMessage: byId("csv-message"),
  dataError: byId("data-error"),
  trainError: byId("train-error"),
  announce: byId("announce"),
};

/** Applies a change from the form: normalise, show, put in the URL, restart training. */
function change(patch: Partial<Config>): void {
  const config = normalizeConfig({ ...setup.config, ...patch }, nClassesFor({ ...setup.config, ...patch }));
  start({ config, csvText: setup.csvText });
}

/** The class count the data will have: a CSV keeps its own while it stays the data set. */
function nClassesFor(c: Config): number {
  return c.dataset === "csv" && run?.csv ? run.csv.summary.classNames.length : classesOf(c);
}

function start(next: Setup): void {
  setup = next;
  el.dataError.textContent = "";
  el.trainError.textContent = "";
  showSetup();
  void writeUrl(next);
  send({ type: "configure", config: next.config, csvText: next.config.dataset === "csv" ? next.csvText : null });
}

function showSetup(): void {
  controls.show(setup.config, nClassesFor(setup.config));
  network.setLayers(setup.config.hidden);
  byId<HTMLButtonElement>("add-layer").disabled = setup.config.hidden.length >= LIMITS.layers.max;
  byId<HTMLButtonElement>("remove-layer").disabled = setup.config.hidden.length === 0;
}

async function writeUrl(s: Setup): Promise<void> {
  const params = configToParams(s.config);
  if (s.config.dataset === "csv" && s.csvText !== null) params.set("csv", await encodeCsvParam(s.csvText));
  // A later change may have started while the CSV was being compressed: only the latest writes.
  if (s === setup) history.replaceState(null, "", `#${params.toString()}`);
}

async function readUrl(): Promise<Setup> {
  const params = fragmentOf(location.hash);
  const config = paramsToConfig(params);
  const csvParam = params.get("csv");
  if (csvParam === null) return { config, csvText: null };
  try {
    return { config, csvText: await decodeCsvParam(csvParam) };
  } catch {
    el.dataError.textContent = "The CSV in this link is damaged; showing the default data set instead.";
    return { config: { ...config, dataset: DEFAULT_CONFIG.dataset }, csvText: null };
  }
}

function onRun(info: RunInfo, csv: CsvSummary | null, csvNote: string | null): void {
  run = { info, csv: csv && setup.csvText !== null ? { summary: csv, text: setup.csvText } : null };
  lastGood = setup;
  epoch = 0;
  chart.reset();
  boundary.setRun(info);
  confusion.setClasses(info.classNames);
  el.csvMessage.textContent = csvNote ?? "";
  el.legend.replaceChildren(
    ...info.classNames.map((name, k) => {
      const item = document.createElement("span");
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = css(classColor(k));
      item.append(sw, name);
      return item;
    }),
  );
  // The worker may have adjusted the set-up for the data (BCE with more than two classes).
  if (JSON.stringify(info.config) !== JSON.stringify(setup.config)) {
    setup = { ...setup, config: info.config };
    void writeUrl(setup);
  }
  showSetup();
}

function onFrame(f: Frame): void {
  chart.add(f.history);
  epoch = f.epoch;
  setRunning(f.running);
  const last = f.history[f.history.length - 1];
  if (last) {
    el.trainLoss.textContent = last.trainLoss.toFixed(5);
    el.testLoss.textContent = last.testLoss.toFixed(5);
    el.trainAcc.textContent = `${last.trainAcc.toFixed(2)} %`;
    el.testAcc.textContent = `${last.testAcc.toFixed(2)} %`;
    document.body.dataset.testAcc = last.testAcc.toFixed(2);
  }
  el.epoch.value = `Epoch ${f.epoch}`;
  document.body.dataset.epoch = String(f.epoch);
  pending = f;
  if (codeWanted && !f.running) showCode();
  if (!drawScheduled) {
    drawScheduled = true;
    requestAnimationFrame(draw);
  }
}

function draw(): void {
  drawScheduled = false;
  const f = pending;
  pending = null;
  if (f) {
    boundary.setProbabilities(f.boundary, f.boundarySize);
    network.update(f.neurons, f.neuronSize);
    confusion.update(f.confusion);
  }
  boundary.draw();
  chart.draw();
  if (f) send({ type: "ack" });
}

function setRunning(on: boolean): void {
  if (running && !on) el.announce.textContent = `Paused at epoch ${epoch}. Test accuracy ${el.testAcc.textContent}.`;
  running = on;
  document.body.dataset.running = String(on);
  el.play.textContent = on ? "❚❚ Pause" : "▶ Play";
  el.play.setAttribute("aria-pressed", String(on));
}

worker.addEventListener("message", (e: MessageEvent<FromWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case "run":
      onRun(msg.info, msg.csv, msg.csvNote);
      break;
    case "frame":
      onFrame(msg);
      break;
    case "model":
      saveFile(msg.bytes, msg.fileName);
      break;
    case "error":
      if (msg.scope === "data") {
        // Keep training what worked before: a refused CSV must not blank the page.
        const message = msg.message;
        const fallback = lastGood ?? { config: { ...setup.config, dataset: DEFAULT_CONFIG.dataset }, csvText: null };
        const same = fallback.config.dataset === setup.config.dataset && fallback.csvText === setup.csvText;
        if (fallback !== setup && !same) start(fallback);
        el.dataError.textContent = message;
      } else {
        el.trainError.textContent = msg.message;
      }
      break;
  }
});
worker.addEventListener("error", (e) => {
  el.trainError.textContent = `The training worker failed: ${e.message}`;
});

function saveFile(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

byId("play").addEventListener("click", () => send({ type: running ? "pause" : "play" }));
byId("step").addEventListener("click", () => send({ type: "step" }));
byId("reset").addEventListener("click", () => send({ type: "reset" }));
byId("download").addEventListener("click", () => send({ type: "download" }));
byId("add-layer").addEventListener("click", () => change({ hidden: [...setup.config.hidden, 4] }));
byId("remove-layer").addEventListener("click", () => change({ hidden: setup.config.hidden.slice(0, -1) }));
/** Opens "Show code" for the epoch the page is at; while playing, first pauses and waits for the paused frame. */
let codeWanted = false;
function showCode(): void {
  codeWanted = false;
  if (!run) return;
  codeDialog.open({ config: run.info.config, epochs: epoch > 0 ? epoch : 100, nClasses: run.info.nClasses, csv: run.csv }, epoch);
}
byId("show-code").addEventListener("click", () => {
  if (!running) return showCode();
  codeWanted = true;
  send({ type: "pause" });
});
byId("copy-link").addEventListener("click", () => {
  navigator.clipboard.writeText(location.href).then(
    () => (el.announce.textContent = "Link copied."),
    () => (el.announce.textContent = `Copy this link: ${location.href}`),
  );
});
byId<HTMLInputElement>("csv-file").addEventListener("change", (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  file.text().then(
    (text) => start({ config: { ...setup.config, dataset: "csv" }, csvText: text }),
    () => (el.dataError.textContent = `Could not read ${file.name}.`),
  );
});
window.addEventListener("resize", () => {
  if (!drawScheduled) {
    drawScheduled = true;
    requestAnimationFrame(draw);
  }
});
window.addEventListener("hashchange", () => {
  void readUrl().then(start);
});

void readUrl().then(start);
