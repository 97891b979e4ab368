/**
 * One call per op case, in the style of tinygrad's helper_test_op: the shapes, the
 * Kindling function, the fixture case. Each call is a test that checks, against the
 * values PyTorch computed for the same inputs:
 *   - the outputs (values, shape, dtype) and the grad_fn names,
 *   - the gradients of every input, after backward with PyTorch's gradient tensors
 *     (several outputs: one backward per output, accumulating, with retainGraph),
 *   - and, as a second net, the gradients against finite differences in float64;
 *   - then the same on the "webgpu" device (SwiftShader here) for every case whose tensors
 *     are all float32, int32, int64 or bool (WGSL has no float64): the inputs moved there,
 *     the outputs and gradients read back and compared with PyTorch's within float32's
 *     tolerance (4× the CPU's: the device's functions and sums round differently). An op
 *     that does not run on the device must refuse with a DeviceError, never compute
 *     anything else; the file's last test lists those cases and fails if there is one,
 *     so the device's coverage cannot shrink unnoticed.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { decode, expectTensor, loadFixture, toFloat64, type Encoded, type Tolerance } from "./fixtures.js";
import { gpuUnderTest } from "../backend/webgpu/device.js";

export interface OpCase {
  name: string;
  inputs: Encoded[];
  outputs: Encoded[];
  gradFn: (string | null)[];
  gradOutputs: (Encoded | null)[];
  grads: (Encoded | null)[];
  requiresGrad: boolean[];
}

export type OpFn = (...xs: kd.Tensor[]) => kd.Tensor | kd.Tensor[];

export interface OpOptions extends Tolerance {
  /** Tolerance of the gradients (defaults to the outputs'). */
  grad?: Tolerance;
  /** Options of the finite-difference check (e.g. a larger eps where an output is float32). */
  gradcheck?: kd.autograd.GradcheckOptions;
  /**
   * Why finite differences do not apply to this case (inputs placed exactly on a kink,
   * such as tied maxima, to compare the subgradient PyTorch picks). The PyTorch
   * comparison of the gradients still runs.
   */
  atKink?: string;
  /**
   * The op's form on the device where it differs: the async form of an op whose output
   * size depends on the values of a device tensor (a boolean mask), which the sync form
   * refuses there with a DeviceError naming this form.
   */
  onDevice?: (...xs: kd.Tensor[]) => Promise<kd.Tensor | kd.Tensor[]>;
}

export function inputsOf(c: OpCase, device: kd.Device = "cpu"): kd.Tensor[] {
  return c.inputs.map((e, i) => {
    const t = device === "cpu" ? decode(e) : decode(e).to(device);
    return c.requiresGrad[i] ? t.requiresGrad_() : t;
  });
}

/** The webgpu device of this test process (SwiftShader), set up once. */
let webgpu: Promise<boolean> | null = null;
function webgpuReady(): Promise<boolean> {
  webgpu ??= gpuUnderTest().then(() => kd.webgpu.init());
  return webgpu;
}

/** A case the device can hold: no float64 anywhere (WGSL has none; PyTorch's Apple GPU refuses it too). */
function fitsDevice(c: OpCase): boolean {
  const all = [...c.inputs, ...c.outputs, ...c.gradOutputs.filter((g): g is Encoded => g !== null)];
  return all.every((e) => e.dtype !== "float64");
}

/** The device's tolerance: float32's, four times the CPU's. */
function deviceTol(opts: OpOptions): Tolerance {
  return { atol: 4 * (opts.atol ?? 1e-5), rtol: 4 * (opts.rtol ?? 1e-5) };
}

/** PyTorch's values on the device: outputs, grad_fn names and gradients, read back. */
async function checkOnDevice(c: OpCase, fn: OpFn, opts: OpOptions): Promise<void> {
  const inputs = inputsOf(c, "webgpu");
  const outs = asList(opts.onDevice ? await opts.onDevice(...inputs) : fn(...inputs));
  expect(outs.length, "number of outputs").toBe(c.outputs.length);
  for (let i = 0; i < outs.length; i++) {
    expect(outs[i].device, `output ${i}: device`).toBe("webgpu");
    expectTensor(await outs[i].cpuAsync(), c.outputs[i], `output ${i} on webgpu`, deviceTol(opts));
  }
  expect(outs.map((o) => o.gradFn?.name ?? null), "grad_fn").toEqual(c.gradFn);
  const seeded = outs.map((o, i) => [o, c.gradOutputs[i]] as const).filter(([, g]) => g !== null);
  seeded.forEach(([o, g], k) => o.backward(decode(g as Encoded).to("webgpu"), { retainGraph: k < seeded.length - 1 }));
  for (let i = 0; i < inputs.length; i++) {
    const want = c.grads[i];
    const got = inputs[i].grad;
    if (want) expectTensor(got && (await got.cpuAsync()), want, `grad of input ${i} on webgpu`, deviceTol(opts.grad ?? opts));
    else expect(got, `grad of input ${i}`).toBeNull();
  }
}

function asList(out: kd.Tensor | kd.Tensor[]): kd.Tensor[] {
  return Array.isArray(out) ? out : [out];
}

function backends(): kd.Backend[] {
  const current = kd.backend();
  return current === kd.jsBackend ? [current] : [current, kd.jsBackend];
}

function checkAgainstPyTorch(c: OpCase, fn: OpFn, opts: OpOptions): void {
  const inputs = inputsOf(c);
  const outs = asList(fn(...inputs));
  expect(outs.length, "number of outputs").toBe(c.outputs.length);
  outs.forEach((o, i) => expectTensor(o, c.outputs[i], `output ${i}`, opts));
  expect(outs.map((o) => o.gradFn?.name ?? null), "grad_fn").toEqual(c.gradFn);
  const seeded = outs.map((o, i) => [o, c.gradOutputs[i]] as const).filter(([, g]) => g !== null);
  seeded.forEach(([o, g], k) => o.backward(decode(g as Encoded), { retainGraph: k < seeded.length - 1 }));
  inputs.forEach((t, i) => {
    const want = c.grads[i];
    if (want) expectTensor(t.grad, want, `grad of input ${i}`, opts.grad ?? opts);
    else expect(t.grad, `grad of input ${i}`).toBeNull();
  });
}

/** Registers the tests of one fixture file; `done()` checks that no case was left untested. */
export function opSuite(file: string): { testOp: (name: string, shapes: number[][], fn: OpFn, opts?: OpOptions) => void; done: () => void } {
  const fixture = loadFixture<Record<string, OpCase>>(file);
  const tested = new Set<string>();
  /** Cases whose op refused the device (DeviceError): the last test fails while there is one. */
  const refused: string[] = [];

  const testOp = (name: string, shapes: number[][], fn: OpFn, opts: OpOptions = {}): void => {
    tested.add(name);
    describe(name, () => {
      const c = fixture[name];

      it("has the shapes of the PyTorch case", () => {
        expect(c, `no fixture case ${name} in ${file}.json`).toBeDefined();
        expect(c.inputs.map((e) => e.shape)).toEqual(shapes);
      });

      // On the backend in use and on the reference TypeScript kernels (when they differ).
      for (const b of backends()) {
        it(`matches PyTorch: values, grad_fn, gradients (${b.name} backend)`, () => {
          const previous = kd.backend();
          kd.setBackend(b);
          try {
            checkAgainstPyTorch(c, fn, opts);
          } finally {
            kd.setBackend(previous);
          }
        });
      }

      if (c && fitsDevice(c)) {
        it("matches PyTorch on the webgpu device, or refuses it with a DeviceError", async () => {
          expect(await webgpuReady(), kd.webgpu.unavailableReason() ?? "").toBe(true);
          try {
            await checkOnDevice(c, fn, opts);
          } catch (e) {
            if (!(e instanceof kd.DeviceError)) throw e;
            refused.push(name);
          }
        });
      }

      // Every case with a gradient is also checked against finite differences.
      if (c && c.requiresGrad.some(Boolean) && c.gradOutputs.some((g) => g !== null) && !opts.atKink) {
        it("passes gradcheck in float64", () => {
          expect(kd.autograd.gradcheck(fn, toFloat64(inputsOf(c)), opts.gradcheck)).toBe(true);
        });
      }
    });
  };

  const done = (): void => {
    it(`tests every case of ${file}.json`, () => {
      expect(Object.keys(fixture).filter((k) => !tested.has(k))).toEqual([]);
    });
    it(`runs every float32 / integer case of ${file}.json on webgpu`, () => {
      const onDevice = Object.values(fixture).filter(fitsDevice).length;
      console.log(`${file}: ${onDevice - refused.length} of ${onDevice} float32 / integer cases run on webgpu; refused (DeviceError): ${refused.join(", ") || "none"}`);
      expect(refused, "cases refused by the webgpu device (DeviceError)").toEqual([]);
    });
  };
  return { testOp, done };
}
