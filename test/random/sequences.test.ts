/**
 * Random programs of mixed calls on one generator (the global one or a private one),
 * against torch 2.13: every output and the final state bytes must match, which pins
 * down how many words each call takes and when the cached normal is used.
 */
import { afterAll, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { setDefaultGenerator } from "../../src/random/generator.js";
import { expectExact, expectState, fixture, maxRelError, runOp, seeded, type OpSpec, type TensorFixture } from "./helpers.js";

interface Program {
  seed: string;
  global: boolean;
  ops: OpSpec[];
  outs: TensorFixture[];
  state: string;
}

const F = fixture<{ programs: Program[] }>("sequences.json");

describe("mixed sequences match torch", () => {
  afterAll(() => setDefaultGenerator(new kd.Generator()));
  F.programs.forEach((prog, k) => {
    it(`program ${k} (${prog.global ? "global" : "private"} generator, seed ${prog.seed}): ${prog.ops.map((o) => o.op).join(", ")}`, () => {
      const g = prog.global ? kd.manualSeed(BigInt(prog.seed)) : seeded(prog.seed);
      prog.ops.forEach((op, i) => {
        const out = runOp(op, g);
        if (out.dtype === "float64" && (op.op === "randn")) {
          expect(maxRelError(out.data, prog.outs[i].data)).toBeLessThanOrEqual(5e-16);
        } else {
          expectExact(out, prog.outs[i], `op ${i} ${JSON.stringify(op).slice(0, 80)}`);
        }
      });
      expectState(g.getState(), prog.state);
    });
  });
});
