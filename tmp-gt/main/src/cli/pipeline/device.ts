/**
 * `--device cpu|webgpu|auto`: where `kindling train` runs its training loop.
 *
 * auto's rule: a step whose products are small (fewer than 2^22 multiply-adds: the
 * tutorial's 2-10-10-1 network on a thousand rows does 0.2M) stays on the CPU without
 * looking for a GPU at all, since the wasm kernels finish it before a GPU submission would
 * return. Above that, when a GPU is found, the widest layer's product for one step
 * ([rows, widest] · [widest, widest]) is timed on both devices, and the faster one trains.
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { widest } from "./model.js";

export type DeviceChoice = "cpu" | "webgpu" | "auto";
export const DEVICE_CHOICES: readonly DeviceChoice[] = ["cpu", "webgpu", "auto"];

/** Multiply-adds of a step below which auto keeps the CPU without measuring. */
export const AUTO_SMALL_STEP = 2 ** 22;

/** Multiply-adds of one forward pass over `rows` rows: Σ over weight matrices of rows × their size. */
export function stepWork(model: kd.nn.Module, rows: number): number {
  let w = 0;
  for (const p of model.parameters()) if (p.ndim >= 2) w += p.numel();
  return rows * w;
}

/** Milliseconds of the best of three products of [rows, k] · [k, k] on `device`. */
async function timeProduct(device: kd.Device, rows: number, k: number): Promise<number> {
  const a = kd.full([rows, k], 0.5, { device }), b = kd.full([k, k], 0.25, { device });
  let best = Infinity;
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const c = kd.matmul(a, b);
    await c.sum().itemAsync(); // waits for the device
    if (i > 0) best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The device to train on, said on the run's log; a usage error when webgpu was asked for and there is none. */
export async function chooseDevice(choice: DeviceChoice, model: kd.nn.Module, rowsPerStep: number, say: (s: string) => void): Promise<kd.Device> {
  if (choice === "cpu") return "cpu";
  const work = stepWork(model, rowsPerStep);
  if (choice === "auto" && work < AUTO_SMALL_STEP) {
    say(`Device: cpu (auto: a step of ${work} multiply-adds is below ${AUTO_SMALL_STEP}, where the CPU is faster)`);
    return "cpu";
  }
  const found = await kd.webgpu.init();
  if (!found) {
    if (choice === "webgpu") throw new UsageError(`--device webgpu: no GPU was found (${kd.webgpu.unavailableReason() ?? "unknown reason"})`);
    say(`Device: cpu (auto: no GPU found)`);
    return "cpu";
  }
  if (choice === "webgpu") {
    say(`Device: webgpu (${kd.webgpu.adapterName()})`);
    return "webgpu";
  }
  const k = Math.max(1, widest(model));
  const cpu = await timeProduct("cpu", rowsPerStep, k), gpu = await timeProduct("webgpu", rowsPerStep, k);
  const device = gpu < cpu ? "webgpu" : "cpu";
  say(`Device: ${device} (auto: a [${rowsPerStep}, ${k}] · [${k}, ${k}] product took ${cpu.toFixed(2)} ms on the CPU, ${gpu.toFixed(2)} ms on ${kd.webgpu.adapterName()})`);
  return device;
}
