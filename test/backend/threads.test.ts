/**
 * Worker threads and memory, seen from outside: workers start only for large products,
 * never keep a process alive, and the wasm memory stops growing once it fits the
 * largest call. Each case runs in its own Node process, since the engine is per process.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const repo = new URL("../..", import.meta.url).pathname;

/** Runs a TypeScript snippet in a fresh Node process (via tsx) and returns its output. */
function runScript(body: string): { status: number | null; stdout: string; stderr: string } {
  const src = `import { wasmBackend, setNumThreads } from "./src/backend/index.js";\n${body}`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", src], {
    cwd: repo, encoding: "utf8", timeout: 110_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("worker threads", () => {
  it("are not started for small products", () => {
    const r = runScript(`
      setNumThreads(2);
      const w = wasmBackend();
      const a = new Float32Array(128 * 128).fill(1);
      const out = new Float32Array(128 * 128);
      for (let i = 0; i < 20; i++) w.matmul(a, a, out, 1, 128, 128, 128, false, false, 0, 0);
      console.log(JSON.stringify({ started: w.engine.workersStarted, v: out[0] }));
    `);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ started: 0, v: 128 });
  });

  it("start for a large product, take work, and do not keep the process alive", () => {
    const r = runScript(`
      setNumThreads(2);
      const w = wasmBackend();
      const n = 400;
      const a = new Float32Array(n * n).fill(0.5);
      const out = new Float32Array(n * n);
      w.matmul(a, a, out, 1, n, n, n, false, false, 0, 0);
      const t0 = Date.now();
      const poll = () => {
        if (w.engine.workersReady === 0 && Date.now() - t0 < 60000) return setTimeout(poll, 10);
        w.matmul(a, a, out, 1, n, n, n, false, false, 0, 0);
        console.log(JSON.stringify({ started: w.engine.workersStarted, threaded: w.engine.stats.threaded, v: out[n * n - 1] }));
        // No exit call: the process must end by itself with the worker still parked.
      };
      poll();
    `);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ started: 1, threaded: 1, v: 100 });
  });

  it("with threads, keep the resident heap in their shared memory: a split product reads and writes resident tensors in place", () => {
    const r = runScript(`
      import { Arena } from "./src/backend/wasm/arena.js";
      setNumThreads(2);
      const w = wasmBackend();
      const heap = w.engine.residentHeap();
      const n = 400;
      const a = heap.alloc(n * n).fill(0.5), b = heap.alloc(n * n).fill(0.25), out = heap.alloc(n * n);
      w.matmul(a, b, out, 1, n, n, n, false, false, 0, 0);
      let copies = 0;
      const put = Arena.prototype.put, get = Arena.prototype.get;
      Arena.prototype.put = function (...x) { copies++; return put.apply(this, x); };
      Arena.prototype.get = function (...x) { copies++; return get.apply(this, x); };
      const t0 = Date.now();
      const poll = () => {
        if (w.engine.workersReady === 0 && Date.now() - t0 < 60000) return setTimeout(poll, 10);
        const before = w.engine.stats.threaded;
        out.fill(0);
        w.matmul(a, b, out, 1, n, n, n, false, false, 0, 0);
        console.log(JSON.stringify({
          shared: heap.buffer instanceof SharedArrayBuffer, threaded: w.engine.stats.threaded > before, copies, v: out[n * n - 1],
        }));
      };
      poll();
    `);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ shared: true, threaded: true, copies: 0, v: 50 });
  });

  it("setNumThreads(1) keeps every product on the calling thread", () => {
    const r = runScript(`
      setNumThreads(1);
      const w = wasmBackend();
      const n = 400;
      const a = new Float32Array(n * n).fill(1);
      const out = new Float32Array(n * n);
      w.matmul(a, a, out, 1, n, n, n, false, false, 0, 0);
      console.log(JSON.stringify({ started: w.engine.workersStarted, v: out[0] }));
    `);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ started: 0, v: 400 });
  });
});

describe("wasm memory", () => {
  it("grows to the largest call, then stays the same size over many calls", () => {
    const r = runScript(`
      const w = wasmBackend();
      const sizes = [];
      const a = new Float32Array(300 * 200).fill(1), b = new Float32Array(200 * 100).fill(1), o = new Float32Array(300 * 100);
      for (let i = 0; i < 200; i++) {
        w.matmul(a, b, o, 1, 300, 200, 100, false, false, 0, 0);
        w.linearBackward({ g: o, y: o, x: a, w: b.subarray(0, 100 * 200), m: 300, k: 200, n: 100, act: "relu",
          gx: new Float32Array(300 * 200), gw: new Float32Array(100 * 200), gb: new Float32Array(100) });
        if (i === 0 || i === 199) sizes.push(w.engine.arena.memory.buffer.byteLength);
      }
      console.log(JSON.stringify(sizes));
    `);
    expect(r.status, r.stderr).toBe(0);
    const [first, last] = JSON.parse(r.stdout) as number[];
    expect(last).toBe(first);
  });
});
