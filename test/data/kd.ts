/**
 * The parts of the public `kd` namespace these tests use, imported from their modules so
 * that the data tests do not depend on every other area's in-progress files through
 * src/index.ts. public-api.test.ts checks that src/index.ts exposes the same objects.
 */
export * as datasets from "../../src/data/datasets/index.js";
export * as data from "../../src/data/index.js";
export { tensor, fromArray, zeros, ones } from "../../src/tensor/creation.js";
export { Tensor } from "../../src/tensor/tensor.js";
export { ValueError } from "../../src/errors.js";
