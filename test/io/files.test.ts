import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as kd from "../../src/index.js";
import { writeFileAtomic, type AtomicFs } from "../../src/io/atomic-write.js";
import { FileFormatError } from "../../src/io/index.js";
import { useTempDir } from "./temp-dir.js";

const dir = useTempDir("kindling-io-");

describe("kd.save / kd.load", () => {
  it("writes a file kd.load reads back, with metadata", () => {
    const path = join(dir(), "model.safetensors");
    const sd = { "0.weight": kd.tensor([[1, 2], [3, 4]]), "0.bias": kd.tensor([0.5, -0.5]) };
    kd.save(sd, path, { metadata: { kindling: '{"format":"x"}' } });
    const back = kd.load(path);
    expect(Object.keys(back).sort()).toEqual(["0.bias", "0.weight"]);
    expect(Array.from(back["0.weight"].data)).toEqual([1, 2, 3, 4]);
    expect(kd.io.loadWithMetadata(path).metadata).toEqual({ kindling: '{"format":"x"}' });
    expect(readdirSync(dir())).toEqual(["model.safetensors"]);
  });

  it("replaces an existing file whole", () => {
    const path = join(dir(), "m.safetensors");
    kd.save({ a: kd.zeros([1000]) }, path);
    kd.save({ b: kd.ones([2]) }, path);
    expect(Object.keys(kd.load(path))).toEqual(["b"]);
    expect(readdirSync(dir())).toEqual(["m.safetensors"]);
  });

  it("points a model passed for a state dict to stateDict()", () => {
    const model = new kd.nn.Sequential(new kd.nn.Linear(2, 2));
    expect(() => kd.save(model as unknown as Record<string, kd.Tensor>, join(dir(), "m.safetensors"))).toThrow(/pass model.stateDict\(\)/);
    expect(readdirSync(dir())).toEqual([]);
  });

  it("says which file is missing or corrupt", () => {
    expect(() => kd.load(join(dir(), "nope.safetensors"))).toThrow(/kd.load: no such file ".*nope.safetensors"/);
    expect(() => kd.load(dir())).toThrow(/is a directory, expected a file/);
    const bad = join(dir(), "bad.safetensors");
    writeFileSync(bad, "not a model at all");
    expect(() => kd.load(bad)).toThrow(FileFormatError);
    expect(() => kd.load(bad)).toThrow(/bad\.safetensors: invalid safetensors file/);
  });

  it("leaves the old file and no temp file when serializing fails", () => {
    const path = join(dir(), "m.safetensors");
    kd.save({ a: kd.ones([3]) }, path);
    const before = readFileSync(path);
    expect(() => kd.save({ a: "x" as unknown as kd.Tensor }, path)).toThrow(/not a Tensor/);
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir())).toEqual(["m.safetensors"]);
  });
});

describe("atomic writes", () => {
  /** Real fs, except that writing fails after `okChunks` pieces, as a full disk would. */
  function failingFs(okChunks: number): AtomicFs & { writes: number } {
    const wrapped = {
      writes: 0,
      openSync: fs.openSync,
      fsyncSync: fs.fsyncSync,
      closeSync: fs.closeSync,
      renameSync: fs.renameSync,
      unlinkSync: fs.unlinkSync,
      writeSync: ((fd: number, buf: Uint8Array, off: number, len: number) => {
        if (wrapped.writes++ >= okChunks) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
        return fs.writeSync(fd, buf, off, len);
      }) as AtomicFs["writeSync"],
    };
    return wrapped;
  }

  it("a failure part-way leaves the previous file intact and removes the temp file", () => {
    const path = join(dir(), "big.safetensors");
    writeFileSync(path, "previous model");
    const bytes = new Uint8Array(3 << 20).fill(7); // three 1 MiB pieces
    const fake = failingFs(1);
    expect(() => writeFileAtomic(path, bytes, "test", fake)).toThrow(/ENOSPC/);
    expect(fake.writes).toBe(2);
    expect(readFileSync(path, "utf8")).toBe("previous model");
    expect(readdirSync(dir())).toEqual(["big.safetensors"]);
  });

  it("a failed rename (target is a directory) cleans up too", () => {
    const target = join(dir(), "taken");
    fs.mkdirSync(target);
    writeFileSync(join(target, "x"), "x");
    expect(() => writeFileAtomic(target, new Uint8Array([1, 2, 3]), "test")).toThrow();
    expect(readdirSync(dir())).toEqual(["taken"]);
  });

  it("writes every byte across pieces", () => {
    const path = join(dir(), "f.bin");
    const bytes = new Uint8Array((2 << 20) + 5).map((_, i) => i % 251);
    writeFileAtomic(path, bytes, "test");
    // Buffer.equals: vitest's deep equality is slow on megabytes.
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
