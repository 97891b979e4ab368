/** The asynchronous reads (issue 13): what device-agnostic code awaits, equal to the synchronous reads on the CPU. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

describe("asynchronous reads", () => {
  it("give what the synchronous reads give, for each dtype", async () => {
    for (const dtype of ["float32", "float64", "int64", "bool"] as const) {
      const t = kd.tensor([[1, 0, 3], [4, 5, 0]], { dtype });
      expect(await t.tolistAsync()).toEqual(t.tolist());
      const arr = await t.toArrayAsync();
      expect(arr).toEqual(t.toArray());
      expect(arr).not.toBe(t.data); // a copy, as toArray
      expect(await kd.formatAsync(t)).toBe(String(t));
    }
    expect(await kd.tensor(2.5).itemAsync()).toBe(2.5);
    expect(await kd.tensor([[7]], { dtype: "int64" }).itemAsync()).toBe(7);
  });

  it("report a bad read as a rejection with the synchronous read's message", async () => {
    const t = kd.ones([3]);
    let thrown = false;
    const p = t.itemAsync().catch((e: Error) => {
      thrown = true;
      return e.message;
    });
    await expect(p).resolves.toBe("a Tensor with 3 elements cannot be converted to Scalar");
    expect(thrown).toBe(true);
  });

  it("read a training step's loss as the tutorial's async variant does", async () => {
    kd.manualSeed(0);
    const model = new kd.nn.Linear(2, 1);
    const opt = new kd.optim.SGD(model.parameters(), { lr: 0.1 });
    const x = kd.randn([8, 2]), y = kd.randn([8, 1]);
    const loss = kd.nn.functional.mseLoss(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    expect(await loss.itemAsync()).toBe(loss.item());
    expect(Number.isFinite(await loss.itemAsync())).toBe(true);
  });
});
