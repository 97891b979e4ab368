/** The README's second example (the tutorial's CircleModelV2, written as a user would) runs and learns. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

function secondExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)];
  if (blocks.length < 2) throw new Error("README.md has fewer than two ```ts blocks");
  return blocks[1][1].replace(/from\s+["']kindling["']/g, `from ${JSON.stringify(join(root, "src", "index.ts"))}`);
}

describe("README tutorial example", () => {
  it("trains CircleModelV2 to a high test accuracy and prints the model as PyTorch does", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-readme2-"));
    try {
      const file = join(dir, "example.ts");
      writeFileSync(file, secondExample());
      const out = execFileSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
      const accs = [...out.matchAll(/Test acc: ([\d.]+)%/g)].map((m) => Number(m[1]));
      expect(accs.length).toBe(10);
      expect(accs[accs.length - 1]).toBeGreaterThan(75);
      expect(out).toContain("CircleModelV2(\n  (layer_1): Linear(in_features=2, out_features=10, bias=True)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
