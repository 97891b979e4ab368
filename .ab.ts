import { w1 } from "./bench/workloads/w1-binary.js";
import { w2 } from "./bench/workloads/w2-multiclass.js";
const a = w1().ms; const b = w2().ms; w1(); const c = w1().ms;
console.log(a.toFixed(0), b.toFixed(0), c.toFixed(0));
