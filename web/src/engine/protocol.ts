/** The messages between the page and the training worker. */
import type { Config } from "../state/config.js";
import type { EpochRecord, RunInfo } from "./session.js";
import type { CsvSummary } from "../data/csv-table.js";

export type ToWorker =
  | { type: "configure"; config: Config; csvText: string | null }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step" }
  | { type: "reset" }
  /** The page has drawn the last frame: the worker may send the next (back-pressure). */
  | { type: "ack" }
  | { type: "download" };

export interface Frame {
  type: "frame";
  epoch: number;
  running: boolean;
  /** Every epoch finished since the previous frame, so the loss curves miss none. */
  history: EpochRecord[];
  confusion: number[][];
  boundarySize: number;
  /** K class probabilities per grid cell (transferred, not copied). */
  boundary: Float32Array;
  neuronSize: number;
  neurons: Float32Array;
}

export type FromWorker =
  /** A new run is set up; for a CSV, which columns were used and a sentence saying so. */
  | { type: "run"; info: RunInfo; csv: CsvSummary | null; csvNote: string | null }
  | Frame
  | { type: "model"; bytes: Uint8Array; fileName: string }
  | { type: "error"; scope: "data" | "train" | "download"; message: string };

/** Grid sizes of the decision-boundary heat map and of each neuron's small map. */
export const BOUNDARY_SIZE = 64;
export const NEURON_SIZE = 24;
