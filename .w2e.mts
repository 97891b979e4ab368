import { w2 } from "./bench/workloads/w2-multiclass.js";
const out: string[] = [];
for (const n of [1, 1, 1, 2, 5, 10, 20, 50, 100]) out.push(`${n}:${w2(n).ms.toFixed(1)}`);
console.log(out.join("  "));
