/** The tutorial's models, written as the tutorial writes them. */
export { CircleModelV0 } from "./circle-model-v0.js";
export { circleModelSequential } from "./circle-model-sequential.js";
export { CircleModelV1 } from "./circle-model-v1.js";
export { CircleModelV2 } from "./circle-model-v2.js";
export { BlobModel } from "./blob-model.js";
export { FashionMNISTModelV0, FashionMNISTModelV1, FashionMNISTModelV2 } from "./fashion-mnist.js";
