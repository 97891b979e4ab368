/**
 * Memory: 20,000 training-like steps must not grow the heap. The steps run in a child
 * `node --expose-gc` process (vitest's workers cannot force a GC), which reports the heap
 * after a forced GC at eight checkpoints. A second, deliberately leaking run shows the
 * measurement would see a leak.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

interface Report {
  heap: number[];
  losses: number[];
  ms: number;
}

function run(steps: number, leak = false): Report {
  const child = fileURLToPath(new URL("./memory-child.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", child, String(steps), leak ? "leak" : ""], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop() as string) as Report;
}

const MB = 1024 * 1024;

describe("memory", () => {
  it("20,000 training steps (2-10-10-1 MLP, 32 points, SGD) leave the heap flat", () => {
    const r = run(20_000);
    // From the second checkpoint on (after warm-up and JIT), the heap stays within 1 MB.
    const settled = r.heap.slice(1);
    expect(Math.max(...settled) - settled[0]).toBeLessThan(1 * MB);
    expect(r.heap[r.heap.length - 1] - settled[0]).toBeLessThan(1 * MB);
    // And it trained: the loss fell.
    expect(r.losses[r.losses.length - 1]).toBeLessThan(r.losses[0]);
  });

  it("the same measurement sees a leak when every graph is kept", () => {
    const r = run(2_000, true);
    expect(r.heap[r.heap.length - 1] - r.heap[1]).toBeGreaterThan(5 * MB);
  });
});
