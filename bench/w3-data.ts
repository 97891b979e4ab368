/**
 * W3's data: 200,000 training and 10,000 test samples of 32 features in 10 classes,
 * labelled by a fixed random two-layer "teacher" (programs/training.ts, so an MLP has
 * something to learn and accuracy means something). Made once by the runner with Kindling
 * and written to a file that both the Kindling and the PyTorch side read, so both train on
 * the same data.
 *
 * File layout (little-endian): int32 [nTrain, nTest, features, classes],
 * float32 X [(nTrain + nTest) × features], int32 y [nTrain + nTest].
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as kd from "../src/index.js";
import { w3TeacherData } from "../programs/training.js";

export const W3_SHAPE = { nTrain: 200_000, nTest: 10_000, features: 32, classes: 10 };

/** Writes W3's data set; a smaller `shape` (bench/webgpu.ts --small) draws from the same teacher. */
export function writeW3Data(path: string, shape: typeof W3_SHAPE = W3_SHAPE): void {
  const { nTrain, nTest, features, classes } = shape;
  const n = nTrain + nTest;
  const [X, y] = w3TeacherData(kd, n, features, classes);
  const header = Int32Array.of(nTrain, nTest, features, classes);
  const labels = Int32Array.from(y.data as Float64Array);
  const xs = X.data as Float32Array;
  const buf = Buffer.alloc(16 + xs.byteLength + labels.byteLength);
  Buffer.from(header.buffer).copy(buf, 0);
  Buffer.from(xs.buffer, xs.byteOffset, xs.byteLength).copy(buf, 16);
  Buffer.from(labels.buffer).copy(buf, 16 + xs.byteLength);
  writeFileSync(path, buf);
}

export interface W3Data {
  x: Float32Array;
  y: Int32Array;
  nTrain: number;
  nTest: number;
  features: number;
  classes: number;
}

export function readW3Data(path: string): W3Data {
  const buf = readFileSync(path);
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  const [nTrain, nTest, features, classes] = new Int32Array(bytes.buffer, 0, 4);
  const n = nTrain + nTest;
  const x = new Float32Array(bytes.buffer, 16, n * features);
  const y = new Int32Array(bytes.buffer, 16 + n * features * 4, n);
  return { x, y, nTrain, nTest, features, classes };
}
