import { w1 } from "./bench/workloads/w1-binary.js";
import { w2 } from "./bench/workloads/w2-multiclass.js";
const a: string[] = []; for (let i = 0; i < 6; i++) a.push(w2().ms.toFixed(1));
const b: string[] = []; for (let i = 0; i < 4; i++) b.push(w1().ms.toFixed(0));
console.log("W2 runs in one process:", a.join(" "), "| W1:", b.join(" "));
