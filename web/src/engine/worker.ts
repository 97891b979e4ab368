/**
 * The training worker: owns the Session and trains while playing, so the page never
 * waits on Kindling. Minibatches run in slices of about 30 ms, between which messages
 * (pause, a new config) get through. Frames (boundary grid, neuron maps, confusion
 * matrix) cost a few forward passes, so one goes out only when the page has drawn the
 * previous one and enough time has passed that frames take at most about a quarter of
 * the worker's time; the per-epoch records wait in `history`, and none is lost.
 * Pause and Step always end on a whole epoch, so the page's epoch count is exact.
 */
import { Session, type EpochRecord } from "./session.js";
import { describeCsv } from "../data/csv-table.js";
import { readCsvData, type CsvData } from "./csv.js";
import { serializeModel } from "./library.js";
import { modelFileInfo } from "./metadata.js";
import { BOUNDARY_SIZE, NEURON_SIZE, type FromWorker, type ToWorker } from "./protocol.js";
import type { Config } from "../state/config.js";

const SLICE_MS = 30;
const MIN_FRAME_MS = 50;

let session: Session | null = null;
let lastSetup: { config: Config; csvText: string | null } | null = null;
let running = false;
let awaitingAck = false;
let history: EpochRecord[] = [];
let loopScheduled = false;
let lastFrameAt = 0;
let frameCost = 0;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, { transfer });
}

function sendFrame(): void {
  if (!session) return;
  const start = performance.now();
  const boundary = session.boundary(BOUNDARY_SIZE);
  const neurons = session.neurons(NEURON_SIZE);
  const confusion = session.confusion();
  post(
    { type: "frame", epoch: session.epoch, running, history, confusion, boundarySize: BOUNDARY_SIZE, boundary, neuronSize: NEURON_SIZE, neurons },
    [boundary.buffer, neurons.buffer],
  );
  history = [];
  awaitingAck = true;
  lastFrameAt = performance.now();
  frameCost = lastFrameAt - start;
}

/** Keeps an epoch's record; false (and paused, with a message) when the loss is no longer a number. */
function record(r: EpochRecord): boolean {
  history.push(r);
  if (Number.isFinite(r.trainLoss)) return true;
  running = false;
  post({ type: "error", scope: "train", message: `Training diverged at epoch ${r.epoch} (the loss is not a number). Try a smaller learning rate, then reset.` });
  return false;
}

function loop(): void {
  loopScheduled = false;
  if (!running || !session) return;
  const s = session;
  const start = performance.now();
  const more = (): boolean => running && performance.now() - start < SLICE_MS;
  while (more()) {
    const r = s.train(more);
    if (r && !record(r)) break;
  }
  if (!running && s.midEpoch) record(s.trainEpoch());
  const due = performance.now() - lastFrameAt >= Math.max(MIN_FRAME_MS, 3 * frameCost);
  if (!running || (!awaitingAck && due)) sendFrame();
  schedule();
}

function schedule(): void {
  if (running && !loopScheduled) {
    loopScheduled = true;
    setTimeout(loop, 0);
  }
}

function configure(config: Config, csvText: string | null): void {
  running = false;
  session = null;
  lastSetup = { config, csvText };
  let csvNote: string | null = null;
  let csv: CsvData | null = null;
  try {
    csv = config.dataset === "csv" && csvText !== null ? readCsvData(csvText) : null;
    if (config.dataset === "csv" && !csv) throw new Error("Choose a CSV file to upload.");
    if (csv) csvNote = describeCsv(csv.summary);
    session = new Session(config, csv);
  } catch (e) {
    post({ type: "error", scope: "data", message: e instanceof Error ? e.message : String(e) });
    return;
  }
  post({ type: "run", info: session.info, csv: csv?.summary ?? null, csvNote });
  history = [session.evaluate()];
  sendFrame();
}

function download(): void {
  if (!session) return;
  try {
    const bytes = serializeModel(session.model, modelFileInfo(session));
    post({ type: "model", bytes, fileName: "kindling-playground.safetensors" }, [bytes.buffer]);
  } catch (e) {
    post({ type: "error", scope: "download", message: e instanceof Error ? e.message : String(e) });
  }
}

self.addEventListener("message", (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case "configure":
      configure(msg.config, msg.csvText);
      break;
    case "reset":
      if (lastSetup) configure(lastSetup.config, lastSetup.csvText);
      break;
    case "play":
      running = session !== null;
      schedule();
      break;
    case "pause":
      running = false;
      // Finish the epoch under way, so a pause lands where "Show code" and a link can follow.
      if (session?.midEpoch) record(session.trainEpoch());
      sendFrame();
      break;
    case "step":
      running = false;
      if (session) record(session.trainEpoch());
      sendFrame();
      break;
    case "ack":
      awaitingAck = false;
      break;
    case "download":
      if (session?.midEpoch) record(session.trainEpoch());
      download();
      break;
  }
});
