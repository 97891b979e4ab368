/**
 * F16 / BF16 safetensors: files written by PyTorch load (F16 as float16), Kindling writes
 * PyTorch's bits (scripts/fixtures/io_half.py), and float16 tensors save as F16.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as kd from "../../src/index.js";
import { deserialize, serialize } from "../../src/io/index.js";
import { BF16, F16, halfToNumber, numberToHalf } from "../../src/io/safetensors/half.js";
import { fixtureBytes, fixtureJson, pyFloat, rawFile } from "./helpers.js";
import { HalfStorage } from "../../src/tensor/half.js";
import { useTempDir } from "./temp-dir.js";

const tempDir = useTempDir("kd-half-");

interface HalfFixture {
  tensors: Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
  inputs: (number | string)[];
  f16_bits: number[];
  bf16_bits: number[];
}
const fx = fixtureJson<HalfFixture>("halves.json");

describe("loading 16-bit floats", () => {
  it("reads PyTorch's F16 tensors as float16 and BF16 ones as float32, beside F32 and I64 ones", () => {
    const { tensors } = deserialize(fixtureBytes("halves.safetensors"));
    for (const [name, want] of Object.entries(fx.tensors)) {
      const t = tensors[name];
      expect(t.shape, name).toEqual(want.shape);
      expect(t.dtype, name).toBe(want.dtype === "int64" ? "int64" : want.dtype === "float16" ? "float16" : "float32");
      expect(Array.from(t.data), name).toEqual(want.values.map(pyFloat));
    }
  });

  it("widens them to float32 or float64 when asked (halfAs), through kd.load too", () => {
    const wide = deserialize(fixtureBytes("halves.safetensors"), { halfAs: "float32" }).tensors;
    expect(wide.w_f16.dtype).toBe("float32");
    expect(wide.w_f16.data).not.toBeInstanceOf(HalfStorage);
    const { tensors } = deserialize(fixtureBytes("halves.safetensors"), { halfAs: "float64" });
    expect(tensors.w_f16.dtype).toBe("float64");
    expect(tensors.b_f32.dtype).toBe("float32");
    const dir = tempDir();
    const path = `${dir}/h.safetensors`;
    kd.save({ w: kd.tensor([0.1, 2]) }, path, { floatsAs: "bfloat16" });
    expect(kd.io.load(path, { halfAs: "float64" }).w.dtype).toBe("float64");
    expect(Array.from(kd.load(path).w.data)).toEqual([0.10009765625, 2]);
    expect(() => kd.io.load(path, { halfAs: "float16" })).toThrow(/is BF16, which float16 cannot hold/);
    expect(() => deserialize(fixtureBytes("halves.safetensors"), { halfAs: "int64" as "float64" })).toThrow(/halfAs must be "float16", "float32" or "float64"/);
  });
});

describe("float16 tensors", () => {
  const inputs = fx.inputs.map(pyFloat);
  it("kd.tensor(…, { dtype: float16 }) gives PyTorch's .half() of float64 values (ties, subnormals, double rounding, overflow to inf)", () => {
    const t = kd.tensor(inputs, { dtype: kd.float16 });
    inputs.forEach((x, i) => {
      const v = t.data[i];
      if (Number.isNaN(x)) expect(v).toBeNaN();
      else if (Math.abs(Math.fround(x)) >= 65520) expect(v, `${x}`).toBe(x > 0 ? Infinity : -Infinity); // PyTorch gives inf
      else expect(numberToHalf(v, F16), `${x}`).toBe(fx.f16_bits[i]);
    });
  });

  it("save as F16 without floatsAs and load back as float16, bit for bit (and model.half() state dicts)", () => {
    const dir = tempDir();
    const t = kd.tensor(inputs.filter((x) => !Number.isNaN(x)), { dtype: kd.half });
    const model = new kd.nn.Linear(3, 2).half();
    kd.save({ t, ...model.stateDict() }, `${dir}/f16.safetensors`);
    const back = kd.load(`${dir}/f16.safetensors`);
    expect(back.t.dtype).toBe("float16");
    expect(back.t.data).toBeInstanceOf(HalfStorage);
    expect(Array.from(back.t.data)).toEqual(Array.from(t.data));
    expect(back.weight.dtype).toBe("float16");
    expect(Array.from(back.weight.data)).toEqual(Array.from(model.weight.data));
    // The header says F16, as PyTorch's safetensors writes a half tensor.
    const bytes = serialize({ t });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))).t.dtype).toBe("F16");
    expect(bytes.byteLength).toBe(8 + headerLen + 2 * t.numel());
  });
});

describe("saving 16-bit floats", () => {
  const inputs = fx.inputs.map(pyFloat);
  it("gives PyTorch's .half() and .bfloat16() bits for float64 values (ties, subnormals, overflow to inf refused)", () => {
    inputs.forEach((x, i) => {
      const f16 = numberToHalf(x, F16);
      // PyTorch turns a finite value beyond ±65504 into inf; Kindling refuses it instead.
      if (Number.isFinite(x) && Math.abs(Math.fround(x)) >= 65520) expect(f16, `${x}`).toBeNull();
      else expect(f16, `f16 of ${x}`).toBe(fx.f16_bits[i]);
      expect(numberToHalf(x, BF16), `bf16 of ${x}`).toBe(fx.bf16_bits[i]);
    });
  });

  it("writes the bytes safetensors writes for the same half-precision state dict", () => {
    const sd = { a: kd.tensor([[1.0, -0.5], [0.1, 3.0e4]]), n: kd.tensor([1, 2], { dtype: "int64" }), c: kd.tensor([1.5], { dtype: "float64" }) };
    expect(serialize(sd, undefined, { floatsAs: "float16" })).toEqual(fixtureBytes("halves_written.safetensors"));
  });

  it("refuses a value beyond float16's range, naming the tensor, and writes no file", () => {
    const dir = tempDir();
    expect(() => kd.save({ big: kd.tensor([1, 1e6]) }, `${dir}/x.safetensors`, { floatsAs: "float16" }))
      .toThrow(/tensor "big" holds 1000000 at flat index 1, beyond float16's range \(±65504\)/);
    expect(existsSync(`${dir}/x.safetensors`)).toBe(false);
    expect(() => serialize({ a: kd.tensor([1]) }, undefined, { floatsAs: "float8" as "float16" })).toThrow(/floatsAs must be/);
  });

  it("round-trips every half value exactly, and rounds any float32 to the nearest half (property)", () => {
    for (const f of [F16, BF16]) {
      for (let bits = 0; bits < 0x10000; bits++) {
        const x = halfToNumber(bits, f);
        if (Number.isNaN(x)) continue;
        expect(numberToHalf(x, f)).toBe(bits);
      }
    }
    fc.assert(fc.property(fc.float({ noNaN: true, min: -60000, max: 60000 }), (x) => {
      const h = halfToNumber(numberToHalf(x, F16) as number, F16);
      const up = halfToNumber((numberToHalf(Math.abs(h), F16) as number) + 1, F16);
      // No half value lies nearer to x than the one chosen.
      expect(Math.abs(h - x)).toBeLessThanOrEqual(Math.abs(up - Math.abs(h)) / 2 + 1e-30);
    }));
  });
});

describe("int64 at the edge of exactness", () => {
  const file = (v: bigint) => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setBigInt64(0, v, true);
    return rawFile({ n: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, data);
  };
  it("holds exactly ±2^53 and refuses 2^53 + 1 with a message that agrees with itself", () => {
    expect(deserialize(file(2n ** 53n)).tensors.n.data[0]).toBe(2 ** 53);
    expect(deserialize(file(-(2n ** 53n))).tensors.n.data[0]).toBe(-(2 ** 53));
    expect(() => deserialize(file(2n ** 53n + 1n))).toThrow("holds 9007199254740993 at flat index 0, beyond ±2^53 (±9007199254740992)");
  });
});
