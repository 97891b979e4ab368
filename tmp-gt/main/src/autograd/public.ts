/** kd.autograd: the functional interface to differentiation. */
export { grad } from "./grad.js";
export type { GradOptions } from "./grad.js";
export type { BackwardOptions } from "./backward.js";
export { gradcheck } from "./gradcheck.js";
export type { GradcheckOptions } from "./gradcheck.js";
export { Node } from "./node.js";
