/**
 * The README's image example (a small CNN, one epoch of Fashion-MNIST from Debian's
 * dataset-fashion-mnist) runs as written against the source, and its loss falls.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The ```ts block that uses FashionMNIST, importing the source instead of the package. */
function example(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes("FashionMNIST"));
  if (!block) throw new Error("README.md has no ```ts block using FashionMNIST");
  return block.replace(/from\s+["']kindling["']/g, `from ${JSON.stringify(join(root, "src", "index.ts"))}`);
}

describe("README image example", () => {
  it("trains one epoch of Fashion-MNIST and the loss falls", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-readme-images-"));
    try {
      const file = join(dir, "example.ts");
      writeFileSync(file, example());
      const out = execFileSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
      const losses = [...out.matchAll(/batch (\d+): loss ([\d.]+)/g)].map((m) => Number(m[2]));
      expect(losses.length).toBe(4);
      // ln 10 ≈ 2.30 at the start; well under 1 after a few hundred batches.
      expect(losses[0]).toBeGreaterThan(2);
      expect(losses[3]).toBeLessThan(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // An epoch of 1,875 batches: under a minute alone, longer beside the rest of the suite.
  }, 600_000);
});
