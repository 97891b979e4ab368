/** The messages between the page and the training worker. */
import type { Config, WeightEdit } from "../state/config.js";
import type { EpochRecord, RunInfo } from "./session.js";
import type { CsvSummary } from "../data/csv-table.js";

/** The data a run is set up from: a config and, for an uploaded CSV, its text and the chosen label column. */
export interface Setup {
  config: Config;
  csvText: string | null;
  /** The label column the person picked; null lets the page choose (label, target, class, y, else the last). */
  csvLabel: string | null;
}

/**
 * Commands carry a sequence number; frames echo the last one the worker had handled, so
 * the page knows whether a frame's `running` already answers its latest click.
 */
export type ToWorker =
  | ({ type: "configure"; seq: number } & Setup)
  | { type: "play"; seq: number }
  | { type: "pause"; seq: number }
  | { type: "step"; seq: number }
  | { type: "reset"; seq: number }
  /** The page has drawn the last picture: the worker may send the next (back-pressure). */
  | { type: "ack" }
  | { type: "download" }
  /** Set one weight by hand (the worker pauses and finishes the epoch under way first). */
  | ({ type: "edit"; seq: number } & Omit<WeightEdit, "epoch">)
  /** New stop conditions for the run under way (the page has checked they would not have stopped it earlier). */
  | ({ type: "stops" } & Pick<Config, "maxEpochs" | "targetAcc" | "patience">)
  /** The pace: epochs per animation frame, 0 for as fast as the worker can. */
  | { type: "speed"; speed: number }
  /** An animation frame went by on the page (sent only while playing at a set pace). */
  | { type: "tick" };

/** What the model shows now: costly to compute, so sent only as often as the page draws them. */
export interface Picture {
  confusion: number[][];
  boundarySize: number;
  /** K class probabilities per grid cell (transferred, not copied). */
  boundary: Float32Array;
  neuronSize: number;
  neurons: Float32Array;
  /** Each input feature's map on the neurons' cells. */
  inputs: Float32Array;
  /** 1 for each dead hidden neuron (0 over the whole grid). */
  dead: Uint8Array;
  /** Every Linear layer's weights, [out, in] row-major, input side first. */
  weights: Float32Array;
}

/** Sent after every slice of training (up to 50 a second), with a picture now and then. */
export interface Frame {
  type: "frame";
  seq: number;
  epoch: number;
  running: boolean;
  /** How far the epoch under way has got, 0 to 1. */
  progress: number;
  /** Every epoch finished since the previous frame, so the loss curves miss none. */
  history: EpochRecord[];
  picture: Picture | null;
}

export type FromWorker =
  /**
   * A new run is set up; for a CSV, which columns were used, a sentence saying so, and all its
   * columns. `seq` is the last command the worker had handled when it made the run, so the page
   * can tell a run made before its latest configure (already replaced) from a current one.
   */
  | { type: "run"; seq: number; info: RunInfo; csv: CsvSummary | null; csvNote: string | null; csvColumns: string[] | null }
  | Frame
  | { type: "model"; bytes: Uint8Array; fileName: string }
  /** A weight was set by hand: the edit as kept (with its epoch) and the run's config that now holds it. */
  | { type: "edited"; edit: WeightEdit; config: Config }
  /** The run stopped by itself at this epoch: a stop condition held (see engine/stopping.ts). */
  | { type: "stopped"; epoch: number; reason: string }
  /** Whether the worker found a GPU (`kd.webgpu.init()`), once when it starts: why not, or the adapter's name. */
  | { type: "device"; available: boolean; reason: string | null; adapter: string | null }
  /** data: a refused data set (the previous run goes on); diverged: the run stopped, Reset goes back; train, download: anything else. */
  | { type: "error"; scope: "data" | "diverged" | "train" | "download"; message: string };

/** Grid size of the decision-boundary heat map; each neuron's small map takes every NEURON_STEP-th row and column of it. */
export const BOUNDARY_SIZE = 64;
export const NEURON_STEP = 2;
