/**
 * Resident storage (src/backend/wasm/resident.ts): float32 kernel outputs living in the
 * wasm memory give the same bits as ordinary arrays, are read and written in place, come
 * back by the engine's proofs and by the collector, and give way to ordinary arrays when
 * the heap is full.
 */
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { jsBackend, residentStats, setBackend, setResidentStorage, wasmBackend } from "../../src/backend/index.js";
import { Arena } from "../../src/backend/wasm/arena.js";
import { createWasmBackend } from "../../src/backend/wasm/backend.js";
import { WasmEngine } from "../../src/backend/wasm/engine.js";
import { classBytes, RESIDENT_MIN_FLOATS, ResidentHeap } from "../../src/backend/wasm/resident.js";
import { recycle, setPoolMode, useResidentAllocator } from "../../src/tensor/pool.js";
import { allocate } from "../../src/tensor/dtype.js";

const repo = new URL("../..", import.meta.url).pathname;

afterEach(() => {
  setResidentStorage(true);
  setBackend("wasm");
  setPoolMode("on");
});

function home(): ArrayBufferLike {
  const heap = wasmBackend()?.engine.residentHeap();
  if (!heap) throw new Error("the wasm engine has no resident heap");
  return heap.buffer;
}

/** A copy of a tensor's bytes (a copy: a resident block is reused once its tensor is dead). */
function bytes(t: kd.Tensor): Buffer {
  const d = t.data;
  return Buffer.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice());
}

/** W3's MLP, a batch of 64 (activations of 64×256 floats: resident), and Adam. */
function mlp() {
  kd.manualSeed(3);
  const x = kd.randn([64, 32]);
  const y = kd.randint(0, 10, [64]);
  const model = new kd.nn.Sequential(
    new kd.nn.Linear(32, 256), new kd.nn.ReLU(), new kd.nn.Linear(256, 256), new kd.nn.ReLU(), new kd.nn.Linear(256, 10),
  );
  return { x, y, model, opt: new kd.optim.Adam(model.parameters(), { lr: 1e-3 }), lossFn: new kd.nn.CrossEntropyLoss() };
}

/** A few Adam steps of W3's MLP on a batch whose activations are long enough to be resident; every result and parameter. */
function trainMlp(): Buffer[] {
  const { x, y, model, opt, lossFn } = mlp();
  const out: Buffer[] = [];
  for (let step = 0; step < 4; step++) {
    const loss = lossFn.forward(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    out.push(bytes(loss));
  }
  // Unfused paths too: matmul, relu and its gradient on resident operands.
  const h = x.matmul(kd.randn([32, 512])).requiresGrad_();
  const r = h.relu();
  r.sum().backward();
  out.push(bytes(r), bytes(h.grad as kd.Tensor));
  for (const p of model.parameters()) out.push(bytes(p));
  return out;
}

/** A convolution and its gradients with an output of 2·32·16·16 floats. */
function convRun(): Buffer[] {
  kd.manualSeed(5);
  const x = kd.randn([2, 3, 16, 16], { requiresGrad: true });
  const conv = new kd.nn.Conv2d(3, 32, 3, { padding: 1 });
  const y = conv.forward(x);
  const z = conv.forward(kd.randn([2, 3, 16, 16]));
  y.mul(z).sum().backward();
  return [bytes(y), bytes(z), bytes(x.grad as kd.Tensor), bytes(conv.weight.grad as kd.Tensor)];
}

describe("resident storage", () => {
  it("keeps long float32 kernel outputs in the wasm memory, short ones and other dtypes in ordinary arrays", () => {
    setBackend("wasm");
    const a = kd.randn([128, 64]), b = kd.randn([64, 128]);
    const c = a.matmul(b);
    expect(c.numel()).toBe(RESIDENT_MIN_FLOATS);
    expect(c.data.buffer === home()).toBe(true);
    // Created by JS (randn) and short outputs stay ordinary, as do float64 outputs.
    expect(a.data.buffer === home()).toBe(false);
    expect(a.matmul(b.narrow(1, 0, 4)).data.buffer === home()).toBe(false);
    expect(a.double().matmul(b.double()).data.buffer === home()).toBe(false);
    // A resident operand is read in place: the product of resident operands is right.
    const c2 = c.matmul(c.T);
    const ref = kd.tensor(c.tolist()).matmul(kd.tensor(c.tolist()).T);
    expect(c2.sub(ref).abs().max().item()).toBeLessThan(1e-2);
  });

  it("keeps a layer's own large float32 weights resident; small ones, float64 ones and a user's tensors stay ordinary", () => {
    setBackend("wasm");
    const big = new kd.nn.Linear(256, 256);
    expect(big.weight.data.buffer === home()).toBe(true);
    expect(big.bias?.data.buffer === home()).toBe(false);
    expect(new kd.nn.Linear(32, 64).weight.data.buffer === home()).toBe(false);
    expect(new kd.nn.Linear(256, 256, { dtype: "float64" }).weight.data.buffer === home()).toBe(false);
    expect(new kd.nn.Conv2d(64, 64, 3).weight.data.buffer === home()).toBe(true);
    expect(kd.zeros([256, 256]).data.buffer === home()).toBe(false);
    // Initialised as an ordinary layer is: the same numbers from the same seed.
    kd.manualSeed(5);
    const on = new kd.nn.Linear(256, 256).weight.tolist();
    setResidentStorage(false);
    kd.manualSeed(5);
    const off = new kd.nn.Linear(256, 256);
    expect(off.weight.data.buffer === home()).toBe(false);
    expect(off.weight.tolist()).toEqual(on);
  });

  it("gives the same bits on and off (MLP with Adam, matmul, ReLU, convolution)", () => {
    setBackend("wasm");
    const before = (residentStats() as { allocs: number }).allocs;
    const on = [...trainMlp(), ...convRun()];
    expect((residentStats() as { allocs: number }).allocs).toBeGreaterThan(before);
    setResidentStorage(false);
    const between = (residentStats() as { allocs: number }).allocs;
    const off = [...trainMlp(), ...convRun()];
    expect((residentStats() as { allocs: number }).allocs).toBe(between);
    expect(on.length).toBe(off.length);
    on.forEach((b, i) => expect(b.equals(off[i]), `result ${i}`).toBe(true));
  });

  it("is off on the reference backend, and its views are still recycled after a switch", () => {
    setBackend("wasm");
    const s = allocate("float32", RESIDENT_MIN_FLOATS, false);
    expect(s.buffer === home()).toBe(true);
    setBackend("js");
    expect(allocate("float32", RESIDENT_MIN_FLOATS, false).buffer === home()).toBe(false);
    const live = (residentStats() as { liveBytes: number }).liveBytes;
    recycle(s);
    expect((residentStats() as { liveBytes: number }).liveBytes).toBe(live - classBytes(RESIDENT_MIN_FLOATS * 4));
  });

  it("frees blocks by the engine's proofs inside a synchronous loop, so training stays within a few blocks", () => {
    setBackend("wasm");
    const { x, y, model, opt, lossFn } = mlp();
    const step = (): void => {
      const loss = lossFn.forward(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    };
    step();
    const s0 = residentStats() as { liveBytes: number; highWater: number };
    const live = s0.liveBytes, high = s0.highWater;
    for (let i = 0; i < 50; i++) step();
    const s1 = residentStats() as { liveBytes: number; highWater: number; freedByEngine: number };
    expect(s1.highWater).toBe(high);
    expect(s1.liveBytes - live).toBeLessThanOrEqual(4 * classBytes(64 * 512 * 4));
    expect(s1.freedByEngine).toBeGreaterThan(0);
  });

  it("in poison mode fills recycled views with NaN and never reuses them", () => {
    setBackend("wasm");
    setPoolMode("poison");
    const s = allocate("float32", RESIDENT_MIN_FLOATS, false) as Float32Array;
    s.fill(1);
    recycle(s);
    expect(Number.isNaN(s[0]) && Number.isNaN(s[s.length - 1])).toBe(true);
    const t = allocate("float32", RESIDENT_MIN_FLOATS, false);
    expect(t.byteOffset).not.toBe(s.byteOffset);
  });
});

describe("the resident heap", () => {
  it("rounds blocks to size classes, reuses freed ones, and answers null when full", () => {
    expect(classBytes(4)).toBe(1024);
    expect(classBytes(65536)).toBe(65536);
    expect(classBytes(65537)).toBe(81920);
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 4 });
    const heap = new ResidentHeap(memory.buffer as ArrayBuffer, 0, 4 * 65536);
    const a = heap.alloc(16384) as Float32Array, b = heap.alloc(16384) as Float32Array, c = heap.alloc(16384) as Float32Array;
    expect([a.byteOffset, b.byteOffset, c.byteOffset]).toEqual([0, 65536, 131072]);
    expect(heap.alloc(16385)).toBeNull();
    expect(heap.stats.full).toBe(1);
    // Only the view itself frees its block: a subarray of it, or an ordinary array, does nothing.
    heap.recycle(b.subarray(0, 10));
    heap.recycle(new Float32Array(16384));
    expect(heap.stats.liveBytes).toBe(3 * 65536);
    heap.recycle(b);
    heap.recycle(b);
    expect(heap.stats.liveBytes).toBe(2 * 65536);
    const d = heap.alloc(16000) as Float32Array;
    expect(d.byteOffset).toBe(65536);
    expect(d.length).toBe(16000);
  });

  it("beyond a full heap, outputs are ordinary arrays and results stay right", () => {
    // A wasm backend over an engine whose heap holds two 256×256 outputs.
    const engine = new WasmEngine(false, 2 * 256 * 1024);
    const heap = engine.residentHeap() as ResidentHeap;
    setBackend(createWasmBackend(engine, jsBackend));
    useResidentAllocator({ minLength: RESIDENT_MIN_FLOATS, alloc: (n) => heap.alloc(n), owns: (s) => heap.owns(s), recycle: (s) => heap.recycle(s) });
    kd.manualSeed(1);
    const a = kd.randn([256, 256]);
    // Drawn by JS: an ordinary array, as every array JS makes (resident.ts).
    expect(a.data.buffer).not.toBe(heap.buffer);
    const outs = [a.matmul(a), a.matmul(a), a.matmul(a)];
    expect(outs.map((o) => o.data.buffer === heap.buffer)).toEqual([true, true, false]);
    expect(heap.stats.full).toBe(1);
    // Resident and ordinary operands mixed, in wasm kernels and JS ones.
    const mixed = [outs[0].matmul(outs[2]), outs[2].matmul(outs[1]).relu(), outs[0].add(outs[2])];
    setBackend("js");
    const ref = a.matmul(a);
    const want = [ref.matmul(ref), ref.matmul(ref).relu(), ref.add(ref)];
    for (const o of outs) expect(o.sub(ref).abs().max().item()).toBeLessThan(1e-3);
    mixed.forEach((o, i) => expect(o.sub(want[i]).abs().max().item() / want[i].abs().max().item()).toBeLessThan(1e-5));
  });

  it("takes back blocks of views the collector freed once the event loop turns", () => {
    const src = `
      import * as kd from "./src/index.js";
      const a = kd.randn([128, 128]);
      for (let i = 0; i < 50; i++) a.matmul(a);
      const held = kd.residentStats().liveBytes;
      await new Promise((r) => setTimeout(r, 0));
      globalThis.gc();
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
      const s = kd.residentStats();
      console.log(JSON.stringify({ held, live: s.liveBytes, byGc: s.freedByGc }));
    `;
    const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", src], {
      cwd: repo, encoding: "utf8", timeout: 60_000, env: { ...process.env, KINDLING_BACKEND: "", KINDLING_WASM_RESIDENT: "" },
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop() as string) as { held: number; live: number; byGc: number };
    expect(out.held).toBeGreaterThanOrEqual(50 * 65536);
    expect(out.byGc).toBeGreaterThanOrEqual(49);
    expect(out.live).toBeLessThan(out.held);
  });
  it("an arena refuses to reserve past its region rather than write over the resident heap above it", () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 4 });
    const arena = new Arena(memory, 0, 65536);
    arena.alloc(60000);
    expect(() => arena.alloc(8192)).toThrow(/more than its region holds/);
    // The failed reservation took nothing: what fits still fits.
    expect(arena.alloc(4096)).toBe(60032);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
  });
});
