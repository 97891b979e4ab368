/**
 * Worker threads that run matrix products on the shared wasm memory. The pool is
 * created only when a product first crosses the threading threshold, its workers start
 * asynchronously (the products meanwhile run on the calling thread alone) and are
 * unref'd, so they never keep a Node process alive.
 */
import { writeJob, COUNT, DONE, FAILED, JOBS, JOB_INTS, MAX_JOBS, READY, SEQ, SLOT_INTS, type Job } from "./protocol.js";
import { BROWSER_WORKER_SOURCE, NODE_WORKER_SOURCE } from "./worker-source.js";
import { isNode, nodeWorkerThreads } from "./env.js";

/** Bytes of control block a pool of `workers` needs. */
export function controlBytes(workers: number): number {
  return workers * SLOT_INTS * 4;
}

interface Handle {
  slot: Int32Array;
  seq: number;
  /** Set from the worker's error / exit events: never posted to again. */
  dead: boolean;
}

export class ThreadPool {
  private readonly handles: Handle[] = [];
  /** The main thread of a browser page may not block in Atomics.wait: it spins instead. */
  private readonly canBlock: boolean;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, ctrl: number, workers: number) {
    this.canBlock = isNode() || typeof (globalThis as { window?: unknown }).window === "undefined";
    for (let i = 0; i < workers; i++) {
      const slot = new Int32Array(memory.buffer, ctrl + i * SLOT_INTS * 4, SLOT_INTS);
      slot.fill(0);
      const h: Handle = { slot, seq: 0, dead: false };
      this.handles.push(h);
      try {
        spawn({ module, memory, ctrl, slot: i }, () => { h.dead = true; });
      } catch {
        h.dead = true;
      }
    }
  }

  get size(): number {
    return this.handles.length;
  }

  /** Indices of the workers ready to take work now; never waits for one to start. */
  ready(): number[] {
    const out: number[] = [];
    this.handles.forEach((h, i) => {
      if (!h.dead && Atomics.load(h.slot, READY) === 1) out.push(i);
    });
    return out;
  }

  /**
   * Posts `batches[i]` to worker `workers[i]`, runs `mine` here with `exec`, and returns
   * once every worker has finished. A worker batch holds at most MAX_JOBS jobs.
   */
  run<J extends Job>(workers: readonly number[], batches: readonly J[][], mine: readonly J[], exec: (j: J) => void): void {
    workers.forEach((w, i) => {
      const h = this.handles[w];
      const jobs = batches[i];
      if (jobs.length > MAX_JOBS) throw new Error(`thread pool: ${jobs.length} jobs exceed the slot's ${MAX_JOBS}`);
      jobs.forEach((j, t) => writeJob(h.slot, JOBS + t * JOB_INTS, j));
      h.slot[COUNT] = jobs.length;
      h.seq = (h.seq + 1) | 0;
      Atomics.store(h.slot, SEQ, h.seq);
      Atomics.notify(h.slot, SEQ);
    });
    for (const j of mine) exec(j);
    let failed = false;
    for (const w of workers) {
      const h = this.handles[w];
      this.waitDone(h);
      if (h.slot[FAILED] !== 0) failed = true;
    }
    if (failed) throw new Error("thread pool: a worker's kernel trapped");
  }

  private waitDone(h: Handle): void {
    for (let i = 0; i < 100_000; i++) if (Atomics.load(h.slot, DONE) === h.seq) return;
    while (Atomics.load(h.slot, DONE) !== h.seq) {
      if (this.canBlock) Atomics.wait(h.slot, DONE, Atomics.load(h.slot, DONE), 100);
    }
  }
}

interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: number;
  slot: number;
}

function spawn(data: WorkerData, onDeath: () => void): void {
  const wt = nodeWorkerThreads();
  if (wt) {
    // execArgv []: the worker must not inherit loader flags (tsx's --import, --input-type=module)
    // that would load hooks or read this CommonJS source as a module; it needs none.
    const w = new wt.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data, execArgv: [] });
    w.unref();
    w.on("error", onDeath);
    w.on("exit", onDeath);
    return;
  }
  const g = globalThis as unknown as { Worker: new (url: string) => BrowserWorker; URL: typeof URL; Blob: typeof Blob };
  const url = g.URL.createObjectURL(new g.Blob([BROWSER_WORKER_SOURCE], { type: "text/javascript" }));
  const w = new g.Worker(url);
  w.onerror = onDeath;
  w.postMessage(data);
}

interface BrowserWorker {
  onerror: (() => void) | null;
  postMessage(data: unknown): void;
}
