import * as kd from "../src/index.js";
kd.manualSeed(0);
for (const n of [40, 100, 300, 16, 17]) {
  const lp = kd.logSoftmax(kd.randn([n, 5]).half(), 1);
  const t = kd.randint(0, 5, [n]);
  const w = kd.rand([5]).half();
  const F = kd.nn.functional;
  console.log(n, F.nllLoss(lp, t).item(), F.nllLoss(lp, t, { weight: w }).item(), F.nllLoss(lp, t, { reduction: "sum" }).item(),
    JSON.stringify({ lp: Array.from(lp.data), t: Array.from(t.data), w: Array.from(w.data) }).length);
}
