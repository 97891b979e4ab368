/**
 * The training worker: owns the Session and trains while playing, so the page never
 * waits on Kindling. Minibatches run in slices of about 20 ms, between which messages
 * (pause, a new config) get through; after each slice a small frame (epoch, progress,
 * the finished epochs' records) goes to the page, which draws it in its next animation
 * frame, so the counter and the loss curves move at the screen's rate. Pictures (boundary
 * grid, neuron maps, confusion matrix) cost a few forward passes, so one rides along only
 * when the page has drawn the previous one and enough time has passed that pictures take
 * at most about a fifth of the worker's time (one forward pass gives the boundary and the
 * neuron maps). Pause and Step always end on a whole
 * epoch, so the page's epoch count is exact. A loss that is no longer a number stops the
 * run with a message; only Reset or a new set-up trains again. A stop condition met (a
 * maximum epoch, a target test accuracy, early stopping) pauses the run where "Show code"
 * stops too; Play and Step then say why until the conditions change. At a set pace
 * (epochs per frame) the page sends a tick per animation frame and each tick buys that
 * many epochs' worth of minibatches. On WebGPU (the page's Device switch, when the worker
 * found a GPU) the same steps await the device's reads, one message at a time (see guarded).
 */
import * as kd from "kindling";
import { Session, type EpochRecord } from "./session.js";
import { describeCsv } from "../data/csv-table.js";
import { readCsvData, type CsvData } from "./csv.js";
import { serializeModel } from "./library.js";
import { modelFileInfo } from "./metadata.js";
import { StopWatch } from "./stopping.js";
import type { Config } from "../state/config.js";
import { BOUNDARY_SIZE, NEURON_STEP, type FromWorker, type Picture, type Setup, type ToWorker } from "./protocol.js";

const SLICE_MS = 20;
/**
 * Pictures at most five times a second and in at most a fifth of the worker's time, so
 * small frames keep flowing; drawing a picture (48 neuron maps, the boundary, the table)
 * is the page's costliest work, and on a machine with two cores the page's time is taken
 * from training (measured: test/web/playground-responsive.e2e.test.ts).
 */
const MIN_PICTURE_MS = 200;
const PICTURE_SHARE = 5;

let session: Session | null = null;
let lastSetup: Setup | null = null;
let running = false;
/** Why the run stopped by itself (the loss diverged); null while it can train. */
let diverged: string | null = null;
let seq = 0;
let awaitingAck = false;
let history: EpochRecord[] = [];
let loopScheduled = false;
let lastPictureAt = 0;
let pictureCost = 0;
/** The run's test scores so far, for the stop conditions, and the conditions. */
let watch = new StopWatch();
let stops: Pick<Config, "maxEpochs" | "targetAcc" | "patience"> = { maxEpochs: 0, targetAcc: 0, patience: 0 };
/** Epochs per animation frame (0: as fast as possible), and the minibatches the ticks have bought. */
let speed = 0;
let budget = 0;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, { transfer });
}

async function picture(s: Session): Promise<Picture> {
  const start = performance.now();
  await s.syncView();
  const { boundary, neurons, neuronSize, inputs, dead, weights } = s.picture(BOUNDARY_SIZE, NEURON_STEP);
  const confusion = s.confusion();
  lastPictureAt = performance.now();
  pictureCost = lastPictureAt - start;
  return { confusion, boundarySize: BOUNDARY_SIZE, boundary, neuronSize, neurons, inputs, dead, weights };
}

/**
 * Sends the epochs finished since the last frame; with a picture when asked to (a pause,
 * a step, a new run) or when one is due. A diverged model has nothing to show: the page
 * keeps its last picture.
 */
async function sendFrame(withPicture: boolean): Promise<void> {
  if (!session) return;
  const due = !awaitingAck && performance.now() - lastPictureAt >= Math.max(MIN_PICTURE_MS, (PICTURE_SHARE - 1) * pictureCost);
  const pic = (withPicture || due) && diverged === null ? await picture(session) : null;
  post(
    { type: "frame", seq, epoch: session.epoch, running, progress: session.progress, history, picture: pic },
    pic ? [pic.boundary.buffer, pic.neurons.buffer, pic.inputs.buffer, pic.dead.buffer, pic.weights.buffer] : [],
  );
  history = [];
  if (pic) awaitingAck = true;
}

/** Keeps an epoch's record; false (and stopped, with a message) when the loss is no longer a number. */
function record(r: EpochRecord): boolean {
  history.push(r);
  watch.add(r.epoch, r.testLoss, r.testAcc);
  if (Number.isFinite(r.trainLoss) && Number.isFinite(r.testLoss)) {
    const why = watch.now(stops);
    if (why === null) return true;
    running = false;
    post({ type: "stopped", epoch: r.epoch, reason: why });
    return false;
  }
  running = false;
  diverged =
    `Training diverged at epoch ${r.epoch}: the loss is ${r.trainLoss} and the weights are no longer numbers. ` +
    "Try a smaller learning rate, then Reset.";
  post({ type: "error", scope: "diverged", message: diverged });
  return false;
}

/** Trains one epoch (or the rest of the one under way), unless the run has diverged. */
async function finishEpoch(s: Session, whole: boolean): Promise<void> {
  if (diverged === null && (whole || s.midEpoch)) record(await s.trainEpochAsync());
}

async function loop(): Promise<void> {
  loopScheduled = false;
  if (!running || !session) return;
  const s = session;
  const start = performance.now();
  const paced = speed > 0;
  const more = (): boolean => running && performance.now() - start < SLICE_MS && (!paced || budget >= 1);
  // Called after each minibatch: at a set pace, each one spends from what the ticks bought.
  const spend = (): boolean => {
    budget--;
    return more();
  };
  while (more()) {
    const r = await s.trainAsync(paced ? spend : more);
    if (r && !record(r)) break;
  }
  if (!running) await finishEpoch(s, false);
  await sendFrame(!running);
  schedule();
}

// A message to ourselves yields to the page's messages without setTimeout's 4 ms clamp.
const tick = new MessageChannel();
tick.port1.onmessage = () => guarded(loop);

function schedule(): void {
  if (running && !loopScheduled && (speed === 0 || budget >= 1)) {
    loopScheduled = true;
    tick.port2.postMessage(null);
  }
}

/**
 * Sets up a new run; a set-up that fails (a refused CSV) leaves the current run as it was.
 * A run asked for on WebGPU where the worker found no GPU trains on the CPU (the page's
 * switch is then disabled, with the reason).
 */
async function configure(setup: Setup, configureSeq: number): Promise<void> {
  const { csvText, csvLabel } = setup;
  const config = setup.config.device === "webgpu" && !gpu.available ? onCpu(setup.config) : setup.config;
  let csv: CsvData | null = null;
  let next: Session;
  try {
    csv = config.dataset === "csv" && csvText !== null ? readCsvData(csvText, csvLabel) : null;
    if (config.dataset === "csv" && !csv) throw new Error("Choose a CSV file to upload.");
    next = new Session(config, csv);
  } catch (e) {
    post({ type: "error", scope: "data", message: e instanceof Error ? e.message : String(e) });
    if (session) await sendFrame(false);
    return;
  }
  running = false;
  diverged = null;
  session = next;
  watch = new StopWatch();
  stops = { maxEpochs: next.info.config.maxEpochs, targetAcc: next.info.config.targetAcc, patience: next.info.config.patience };
  budget = 0;
  lastSetup = setup;
  const csvNote = csv ? describeCsv(csv.summary) : null;
  post({ type: "run", seq: configureSeq, info: next.info, csv: csv?.summary ?? null, csvNote, csvColumns: csv?.columns ?? null });
  const first = await next.evaluateAsync();
  watch.add(first.epoch, first.testLoss, first.testAcc);
  history = [first];
  await sendFrame(true);
}

/** The config without its device: the CPU. */
function onCpu(c: Config): Config {
  const { device: _, ...cpu } = c;
  return cpu;
}

async function download(): Promise<void> {
  if (!session) return;
  try {
    await session.syncView();
    const bytes = serializeModel(session.model, modelFileInfo(session));
    post({ type: "model", bytes, fileName: "kindling-playground.safetensors" }, [bytes.buffer]);
  } catch (e) {
    post({ type: "error", scope: "download", message: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Sets a weight by hand: pauses, finishes the epoch under way, sets it, and sends the edit
 * (the page keeps it in the link) and a frame with the new scores and picture. Reset
 * replays it: the worker's set-up holds it from now on.
 */
async function edit(msg: Extract<ToWorker, { type: "edit" }>): Promise<void> {
  if (!session) return;
  if (diverged !== null) {
    post({ type: "error", scope: "diverged", message: diverged });
    await sendFrame(false);
    return;
  }
  running = false;
  await finishEpoch(session, false);
  const { edit: kept, record: r } = await session.editAsync({ layer: msg.layer, to: msg.to, from: msg.from, value: msg.value });
  if (lastSetup) lastSetup = { ...lastSetup, config: session.info.config };
  post({ type: "edited", edit: kept, config: session.info.config });
  record(r);
  await sendFrame(true);
}

async function handle(msg: ToWorker): Promise<void> {
  if ("seq" in msg) seq = msg.seq;
  switch (msg.type) {
    case "configure":
      await configure(msg, msg.seq);
      break;
    case "reset":
      if (lastSetup) await configure(lastSetup, seq);
      break;
    case "play":
      if (diverged !== null) {
        post({ type: "error", scope: "diverged", message: diverged });
        await sendFrame(false);
      } else if (await refuseStopped()) {
        break;
      }
      running = session !== null && diverged === null;
      schedule();
      break;
    case "pause":
      running = false;
      // Finish the epoch under way, so a pause lands where "Show code" and a link can follow.
      if (session) await finishEpoch(session, false);
      await sendFrame(true);
      break;
    case "step":
      running = false;
      if (diverged !== null) post({ type: "error", scope: "diverged", message: diverged });
      else if (await refuseStopped()) break;
      else if (session) await finishEpoch(session, true);
      await sendFrame(true);
      break;
    case "ack":
      awaitingAck = false;
      break;
    case "download":
      if (session) await finishEpoch(session, false);
      await download();
      break;
    case "edit":
      await edit(msg);
      break;
    case "stops":
      stops = { maxEpochs: msg.maxEpochs, targetAcc: msg.targetAcc, patience: msg.patience };
      if (lastSetup) lastSetup = { ...lastSetup, config: { ...lastSetup.config, ...stops } };
      // The page judged by the epochs it had drawn; trained further, the run may have passed
      // an epoch where the new conditions stop it: then it starts again, as a new set-up would.
      // Met at the epoch it is at: it stops there (or, with part of the next epoch trained, starts again).
      if (session && lastSetup) {
        const now = watch.now(stops);
        if (watch.earlier(stops) !== null || (now !== null && session.midEpoch)) {
          await configure(lastSetup, seq);
        } else if (now !== null && running) {
          running = false;
          post({ type: "stopped", epoch: session.epoch, reason: now });
          await sendFrame(true);
        }
      }
      break;
    case "speed":
      speed = msg.speed;
      budget = 0;
      schedule();
      break;
    case "tick":
      if (session && speed > 0) {
        const perTick = speed * session.batchesPerEpoch;
        // At most two frames' worth banked, so a stalled page does not bring a burst.
        budget = Math.min(budget + perTick, Math.max(2, 2 * perTick));
        schedule();
      }
      break;
  }
}

/** A run that has met its stop conditions trains no further: says why (with a frame, so the page knows it is paused). */
async function refuseStopped(): Promise<boolean> {
  const why = session ? watch.now(stops) : null;
  if (why === null || !session) return false;
  running = false;
  post({ type: "stopped", epoch: session.epoch, reason: why });
  await sendFrame(false);
  return true;
}

/**
 * One thing at a time: on a GPU the training loop and the handlers wait for reads, and a
 * message arriving meanwhile (pause, a new set-up) must not start on the session half-way
 * through a step, so each act runs after the one before has finished. On the CPU nothing
 * waits on anything but microtasks, so each act has finished before the next message is
 * even delivered, as when these were synchronous.
 */
let queue: Promise<void> = Promise.resolve();

/** Whatever goes wrong, the page hears it in words and the worker stays usable (Reset works). */
function guarded(act: () => Promise<void>): void {
  queue = queue.then(act).catch((err: unknown) => {
    running = false;
    post({ type: "error", scope: "train", message: `Training stopped: ${err instanceof Error ? err.message : String(err)}. Reset to start again.` });
  });
}

/** Whether this browser has WebGPU, found once when the worker starts and told to the page. */
const gpu = { available: false };
guarded(async () => {
  const available = await kd.webgpu.init();
  gpu.available = available;
  post({ type: "device", available, reason: kd.webgpu.unavailableReason(), adapter: kd.webgpu.adapterName() });
});

self.addEventListener("message", (e: MessageEvent<ToWorker>) => guarded(() => handle(e.data)));
