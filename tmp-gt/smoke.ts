import * as kd from "../src/index.js";
const x = kd.tensor([1, 2, 3.3, 65519, 65520, 1e-8, 3e-8, -0.1], { dtype: kd.float16 });
console.log(x.tolist(), String(x));
const y = kd.tensor([1.0, 2.0, 3.3]).half();
console.log((y.mul(0.1)).tolist(), y.add(0.1).tolist(), y.div(0.3).tolist(), y.exp().tolist());
console.log(y.sum().tolist(), y.mean().tolist(), y.softmax(0).tolist());
console.log(String(y.softmax(0)));
