/**
 * The worker's program, as source text: it runs from a string (Node's `eval: true`, or a
 * Blob URL in browsers), so it needs no file of its own beside the compiled library and
 * works the same under tsx, from dist, and bundled. It instantiates the shared-memory
 * kernel module on the shared memory, then loops: wait for a batch, run its jobs (products or direct convolutions),
 * signal done. It spins briefly before sleeping, since a training step posts its
 * products a few hundred microseconds apart and a futex wake costs tens of microseconds.
 */
import { COUNT, DONE, FAILED, JOBS, JOB_INTS, KIND_AT, KIND_CONV, KIND_CONV_WEIGHT, READY, SEQ, SLOT_INTS } from "./protocol.js";

/** Polls of SEQ before sleeping (a few tens of microseconds). */
const SPIN = 20000;

const body = `
function start(d) {
  const ex = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const c = new Int32Array(d.memory.buffer, d.ctrl + d.slot * ${SLOT_INTS * 4}, ${SLOT_INTS});
  Atomics.store(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  let seen = Atomics.load(c, ${SEQ});
  for (;;) {
    let s = Atomics.load(c, ${SEQ});
    for (let i = 0; s === seen && i < ${SPIN}; i++) s = Atomics.load(c, ${SEQ});
    if (s === seen) { Atomics.wait(c, ${SEQ}, seen); continue; }
    seen = s;
    const count = c[${COUNT}];
    try {
      for (let j = 0; j < count; j++) {
        const o = ${JOBS} + j * ${JOB_INTS}, kind = c[o + ${KIND_AT}];
        if (kind === ${KIND_CONV}) ex.convDirect(c[o], c[o + 1], c[o + 2], c[o + 3], c[o + 4], c[o + 5], c[o + 6]);
        else if (kind === ${KIND_CONV_WEIGHT}) ex.convDirectWeightGrad(c[o], c[o + 1], c[o + 2], c[o + 3], c[o + 5], c[o + 6]);
        else ex.gemm(c[o], c[o + 1], c[o + 2], c[o + 3], c[o + 4], c[o + 5], c[o + 6], c[o + 7], c[o + 8], c[o + 9], c[o + 10], c[o + 11], c[o + 12]);
      }
      c[${FAILED}] = 0;
    } catch (e) {
      c[${FAILED}] = 1;
    }
    Atomics.store(c, ${DONE}, s);
    Atomics.notify(c, ${DONE});
  }
}
`;

/** For Node's `new Worker(source, { eval: true, workerData })`. */
export const NODE_WORKER_SOURCE = `${body}\nstart(require("node:worker_threads").workerData);\n`;

/** For a browser Worker from a Blob URL; the data arrives in the first message. */
export const BROWSER_WORKER_SOURCE = `${body}\nself.onmessage = (e) => { self.onmessage = null; start(e.data); };\n`;
