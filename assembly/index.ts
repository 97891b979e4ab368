/**
 * The WebAssembly kernels behind src/backend/wasm/. Compiled by scripts/build-wasm.mjs into
 * src/backend/wasm/kernels.generated.ts. Nothing here allocates: the JS side owns the
 * layout of linear memory above `heapBase()` and passes byte offsets.
 */
export { gemm, gemmScratchBytes } from "./gemm";
export { actBackward, biasAct, colSum } from "./linear";
export { bceWithLogits, crossEntropy } from "./loss";
export { addChannelBias, col2imAdd, im2col } from "./conv";
export { channelSums, convDirect, convDirectWeightGrad } from "./direct";
export { maxPool2d, maxPool2dBackward } from "./pool";
export { adamStep } from "./optim";
export { expF64, expSigmoid } from "./exp";
export { unaryExact } from "./unary";

/** First byte past the module's static data (constant tables), where the JS side may start. */
export function heapBase(): usize {
  return __heap_base;
}
