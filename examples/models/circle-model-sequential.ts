/** The same model as CircleModelV0 built with nn.Sequential (section 2, "nn.Sequential"). */
import * as kd from "../../src/index.js";

export function circleModelSequential(): kd.nn.Sequential {
  return new kd.nn.Sequential(new kd.nn.Linear(2, 5), new kd.nn.Linear(5, 1));
}
