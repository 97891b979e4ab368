import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as kd from "../../src/index.js";
import { deserialize, FileFormatError, MAX_HEADER_BYTES, serialize } from "../../src/io/index.js";
import { fixtureBytes, fixtureJson, pyFloat, rawFile } from "./helpers.js";

function values(t: kd.Tensor): number[] {
  return Array.from(t.data);
}

describe("safetensors round trip in memory", () => {
  it("keeps names, dtypes, shapes, values and metadata", () => {
    const sd = {
      "layer.weight": kd.tensor([[1.5, -2], [3.25, 4]]),
      "layer.bias": kd.tensor([0.1, 0.2], { dtype: "float64" }),
      steps: kd.tensor([0, -3, 2 ** 40, Number.MAX_SAFE_INTEGER], { dtype: "int64" }),
      mask: kd.tensor([[true, false, true]]),
      scalar: kd.scalarTensor(2.5),
      empty: kd.zeros([0, 4]),
    };
    const bytes = serialize(sd, { kindling: "{}", author: "test" });
    const { tensors, metadata } = deserialize(bytes);
    expect(metadata).toEqual({ kindling: "{}", author: "test" });
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(sd).sort());
    for (const [k, t] of Object.entries(sd)) {
      expect(tensors[k].dtype).toBe(t.dtype);
      expect(tensors[k].shape).toEqual(t.shape);
      expect(values(tensors[k])).toEqual(values(t));
    }
  });

  it("pads the header to 8 bytes and writes int64 as real little-endian int64", () => {
    const bytes = serialize({ n: kd.tensor([-2, 5], { dtype: "int64" }) });
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
    expect(header).toEqual({ n: { dtype: "I64", shape: [2], data_offsets: [0, 16] } });
    expect(view.getBigInt64(8 + headerLength, true)).toBe(-2n);
    expect(view.getBigInt64(16 + headerLength, true)).toBe(5n);
    expect(bytes.length).toBe(8 + headerLength + 16);
  });

  it("keeps a tensor named __proto__ as an ordinary entry", () => {
    const sd: Record<string, kd.Tensor> = {};
    Object.defineProperty(sd, "__proto__", { value: kd.tensor([1, 2]), enumerable: true });
    const { tensors } = deserialize(serialize(sd));
    expect(Object.keys(tensors)).toEqual(["__proto__"]);
    expect(values(tensors["__proto__"] as kd.Tensor)).toEqual([1, 2]);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
  });

  it("reads tensors at unaligned offsets of a subarray", () => {
    const bytes = serialize({ a: kd.tensor([true]), b: kd.tensor([1.25, 2.5]) });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { tensors } = deserialize(shifted.subarray(3));
    expect(values(tensors.b)).toEqual([1.25, 2.5]);
  });

  it("reads tensors into storage at an offset of its buffer (long float32 tensors resident in wasm memory)", () => {
    const prev = kd.backend();
    kd.setBackend("wasm");
    try {
      const big = kd.randn([128, 130]), small = kd.arange(7).float(), wide = kd.randn([200, 100]).double();
      const back = deserialize(serialize({ big, small, wide })).tensors;
      expect(back.big.data.byteOffset).toBeGreaterThan(0);
      expect(Array.from(back.big.data)).toEqual(Array.from(big.data));
      expect(Array.from(back.small.data)).toEqual(Array.from(small.data));
      expect(Array.from(back.wide.data)).toEqual(Array.from(wide.data));
    } finally {
      kd.setBackend(prev);
    }
  });

  it("refuses what it cannot write", () => {
    expect(() => serialize({ __metadata__: kd.tensor([1]) })).toThrow(/reserved/);
    expect(() => serialize({ a: [1, 2] as unknown as kd.Tensor })).toThrow(/"a" is not a Tensor/);
    const bad = new kd.Tensor(new Float64Array([1.5]), [1], "int64");
    expect(() => serialize({ n: bad })).toThrow(kd.DTypeError);
    expect(() => serialize({}, { k: 3 as unknown as string })).toThrow(/metadata values must be strings/);
  });

  it("round-trips any state dict (property)", () => {
    const dtypeArb = fc.constantFrom<kd.DType>("float32", "float64", "int32", "int64", "bool");
    const tensorArb = fc.tuple(dtypeArb, fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 })).chain(([dtype, shape]) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const elem = dtype === "bool" ? fc.boolean().map(Number)
        : dtype === "int64" ? fc.maxSafeInteger()
        : dtype === "int32" ? fc.integer()
        : dtype === "float32" ? fc.float({ noNaN: true }).map(Math.fround)
        : fc.double({ noNaN: true });
      return fc.array(elem, { minLength: n, maxLength: n }).map((xs) => kd.fromArray(xs, shape, { dtype }));
    });
    fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 8 }).filter((s) => s !== "__metadata__"), tensorArb, { maxKeys: 5 }),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), (sd, meta) => {
        const back = deserialize(serialize(sd, meta));
        expect(back.metadata).toEqual(meta);
        expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(sd).sort());
        for (const k of Object.keys(sd)) {
          expect(back.tensors[k].dtype).toBe(sd[k].dtype);
          expect(back.tensors[k].shape).toEqual(sd[k].shape);
          expect(values(back.tensors[k])).toEqual(values(sd[k]));
        }
      }), { numRuns: 150 });
  });
});

describe("files written by PyTorch's safetensors", () => {
  type DTypesJson = Record<string, { dtype: kd.DType; shape: number[]; values: (string | number | boolean)[] }>;

  it("reads every dtype with exact values", () => {
    const expected = fixtureJson<DTypesJson>("dtypes.json");
    const { tensors, metadata } = deserialize(fixtureBytes("dtypes.safetensors"));
    expect(metadata).toEqual({ note: "made by io.py" });
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) {
      expect(tensors[k].dtype, k).toBe(e.dtype);
      expect(tensors[k].shape, k).toEqual(e.shape);
      expect(values(tensors[k]), k).toEqual(e.values.map(pyFloat));
    }
    expect(Object.is(tensors.f32.data[4], -0)).toBe(true);
  });

  it("writes the same bytes PyTorch wrote for the same tensors", () => {
    for (const name of ["dtypes.safetensors", "circle_model_v2.safetensors", "blob_sequential.safetensors"]) {
      const original = fixtureBytes(name);
      const { tensors, metadata } = deserialize(original);
      expect(serialize(tensors, metadata), name).toEqual(original);
    }
  });

  it("reads CircleModelV2's state dict in PyTorch's names", () => {
    const expected = fixtureJson<{ state_dict: Record<string, { shape: number[]; values: number[] }> }>("circle_model_v2.json");
    const sd = kd.load(`${import.meta.dirname}/../fixtures/io/circle_model_v2.safetensors`);
    expect(Object.keys(sd).sort()).toEqual(Object.keys(expected.state_dict).sort());
    for (const [k, e] of Object.entries(expected.state_dict)) {
      expect(sd[k].dtype).toBe("float32");
      expect(sd[k].shape).toEqual(e.shape);
      expect(values(sd[k])).toEqual(e.values);
    }
  });

  it("reads BatchNorm1d's int64 counter as int64", () => {
    const expected = fixtureJson<{ keys: string[]; num_batches_tracked: number }>("blob_sequential.json");
    const { tensors } = deserialize(fixtureBytes("blob_sequential.safetensors"));
    expect(Object.keys(tensors).sort()).toEqual([...expected.keys].sort());
    const counter = tensors["2.num_batches_tracked"];
    expect(counter.dtype).toBe("int64");
    expect(counter.shape).toEqual([]);
    expect(counter.item()).toBe(expected.num_batches_tracked);
  });
});

describe("corrupted and hostile files", () => {
  const f32 = (name: string, shape: number[], offsets: [number, number]) => ({ [name]: { dtype: "F32", shape, data_offsets: offsets } });
  const cases: [string, Uint8Array, RegExp][] = [
    ["too short for the length", new Uint8Array(5), /shorter than the 8-byte header length/],
    ["header length past the end", rawFile("{}", 0, 1000n), /says 1000 bytes but only 2 bytes follow/],
    ["header length of 2^64-1", rawFile("{}", 0, 0xffffffffffffffffn), /truncated or not a safetensors file/],
    ["empty header", rawFile("", 0, 0n), /too short for a JSON object/],
    ["not UTF-8", rawFile("{\"\xff\"}", 0).map((b, i) => (i === 10 ? 0xff : b)), /not valid UTF-8/],
    ["not JSON", rawFile("{\"a\": ", 0), /not valid JSON/],
    ["JSON but not an object", rawFile("[1, 2, 3]", 0), /not a JSON object/],
    ["entry not an object", rawFile({ a: 3 }), /entry "a" must be an object/],
    ["unknown dtype", rawFile({ a: { dtype: "I8", shape: [1], data_offsets: [0, 1] } }, 1), /dtype "I8"; Kindling reads F32, F64, F16, BF16, I64, I32, BOOL/],
    ["missing dtype", rawFile({ a: { shape: [1], data_offsets: [0, 4] } }, 4), /no dtype string/],
    ["negative dim", rawFile(f32("a", [-1], [0, 4]), 4), /expected an array of non-negative integers/],
    ["fractional dim", rawFile(f32("a", [1.5], [0, 4]), 4), /expected an array of non-negative integers/],
    ["bad offsets", rawFile({ a: { dtype: "F32", shape: [1], data_offsets: [0] } }, 4), /expected \[begin, end\]/],
    ["offsets reversed", rawFile(f32("a", [1], [4, 0]), 4), /end before they begin/],
    ["offsets past the data", rawFile(f32("a", [2], [0, 8]), 4), /past the end of the 4-byte data section/],
    ["shape larger than its bytes", rawFile({ ...f32("a", [2], [0, 4]), ...f32("b", [1], [4, 8]) }, 8), /needs 8 bytes but its data_offsets span 4/],
    ["huge declared shape", rawFile(f32("a", [1e9, 1e9, 1e9], [0, 4]), 4), /needs more bytes than the 4-byte data section holds/],
    ["shape beyond 2^53", rawFile(f32("a", [2 ** 60], [0, 4]), 4), /non-negative integers/],
    ["overlapping tensors", rawFile({ ...f32("a", [2], [0, 8]), ...f32("b", [2], [4, 12]) }, 12), /overlaps/],
    ["a gap between tensors", rawFile({ ...f32("a", [1], [0, 4]), ...f32("b", [1], [8, 12]) }, 12), /bytes 4\.\.8 of the data section belong to no tensor/],
    ["trailing bytes", rawFile(f32("a", [1], [0, 4]), 9), /last 5 bytes of the data section belong to no tensor/],
    ["metadata not strings", rawFile({ __metadata__: { a: 1 } }), /"__metadata__"."a" must be a string/],
    ["metadata not an object", rawFile({ __metadata__: "x" }), /"__metadata__" must be an object/],
  ];

  for (const [what, bytes, message] of cases) {
    it(`refuses ${what}`, () => {
      let error: unknown;
      try {
        deserialize(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FileFormatError);
      expect(error).toBeInstanceOf(kd.KindlingError);
      expect((error as Error).message).toMatch(/^invalid safetensors file: /);
      expect((error as Error).message).toMatch(message);
    });
  }

  it("checks the header cap before decoding it", () => {
    const big = new Uint8Array(8 + MAX_HEADER_BYTES + 1);
    new DataView(big.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES + 1), true);
    expect(() => deserialize(big)).toThrow(/exceeds the 100000000-byte limit/);
  });

  it("refuses int64 values Kindling cannot hold exactly", () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setBigInt64(0, 2n ** 60n + 1n, true);
    const bytes = rawFile({ n: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, data);
    expect(() => deserialize(bytes)).toThrow(/beyond ±2\^53/);
  });

  it("never fails with anything but a KindlingError on random corruption (property)", () => {
    const valid = fixtureBytes("blob_sequential.safetensors");
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.nat(255)), { minLength: 1, maxLength: 6 }), fc.nat(valid.length), (edits, cut) => {
      const bytes = valid.slice(0, Math.max(cut, valid.length - 40));
      for (const [i, b] of edits) if (i < bytes.length) bytes[i] = b;
      try {
        deserialize(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(kd.KindlingError);
      }
    }), { numRuns: 300 });
  });
});
