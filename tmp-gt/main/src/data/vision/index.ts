/** Image data: MNIST-family data sets and torchvision's transforms. */
export { MNIST, FashionMNIST } from "./mnist.js";
export type { MNISTOptions } from "./mnist.js";
export type { RawImage } from "./image.js";
export { readIdx, writeIdx, parseIdx } from "./idx.js";
export type { IdxArray } from "./idx.js";
