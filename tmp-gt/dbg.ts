import * as kd from "../src/index.js";
import { readFileSync } from "node:fs";
const f = JSON.parse(readFileSync("test/fixtures/engine/float16.json", "utf8"));
const x = kd.tensor(f.cross_entropy.x.data, { dtype: kd.half }).reshape(f.cross_entropy.x.shape);
console.log(x.tolist());
console.log(kd.logSoftmax(x, 1).tolist());
