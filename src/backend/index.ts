/** The backend in use. Kernels are swapped here; ops always call `backend()`. */
import type { Backend } from "./backend.js";
import { jsBackend } from "./js/index.js";

let current: Backend = jsBackend;

export function backend(): Backend {
  return current;
}

/** Replaces the kernels beneath every op (e.g. with a WebAssembly SIMD backend). */
export function setBackend(b: Backend): void {
  current = b;
}

export { jsBackend };
export type { Backend, BinaryOp, ParamUnaryOp, ReduceOp, UnaryOp } from "./backend.js";
