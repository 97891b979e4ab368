/**
 * The public random functions, drawn as PyTorch's CPU kernels draw them, from a
 * `Generator` (the global one by default). src/index.ts re-exports this file
 * whole, so everything `kd.*` offers for randomness is listed here.
 */
export { uniform_, rand, randLike } from "./uniform.js";
export type { RandomOptions, RandomTensorOptions } from "./uniform.js";
export { normal_, randn, randnLike, normal } from "./normal.js";
export type { NormalOptions } from "./normal.js";
export { random_, randint, randperm } from "./integers.js";
export { bernoulli, bernoulli_ } from "./bernoulli.js";
export { getRngState, setRngState } from "./generator.js";
