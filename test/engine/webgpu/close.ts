/**
 * A device tensor read back against the CPU's result: the device, shape and dtype, then each
 * element equal or within atol + rtol·|cpu| (equal covers infinities; NaN never passes).
 */
import { expect } from "vitest";
import type * as kd from "../../../src/index.js";

export async function expectCloseToCpu(gpu: kd.Tensor, cpu: kd.Tensor, rtol: number, atol: number): Promise<void> {
  expect(gpu.device).toBe("webgpu");
  expect(gpu.shape).toEqual(cpu.shape);
  expect(gpu.dtype).toBe(cpu.dtype);
  const got = await gpu.toArrayAsync(), want = cpu.toArray();
  for (let i = 0; i < want.length; i++) {
    const w = want[i], g = got[i];
    if (!(g === w || Math.abs(g - w) <= atol + rtol * Math.abs(w))) throw new Error(`element ${i}: webgpu ${g}, cpu ${w}`);
  }
}
