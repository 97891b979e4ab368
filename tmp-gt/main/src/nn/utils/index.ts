/** kd.nn.utils: helpers around training (gradient clipping). */
export { clipGradNorm_, clipGradValue_ } from "./clip-grad.js";
