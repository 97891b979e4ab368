/**
 * The README's first TypeScript example (a 2-10-10-1 network from raw tensors, trained
 * with hand-written SGD) runs as written against the source, and its printed loss falls.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The first ```ts block of README.md, importing the source instead of the package. */
function example(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error("README.md has no ```ts block");
  const src = join(root, "src", "index.ts");
  return block[1].replace(/from\s+["']kindling["']/g, `from ${JSON.stringify(src)}`);
}

describe("README example", () => {
  it("imports kindling", () => {
    expect(example()).toContain(join(root, "src", "index.ts"));
  });

  it("runs, prints the loss every 100 epochs, and the loss falls clearly", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-readme-"));
    try {
      const file = join(dir, "example.ts");
      writeFileSync(file, example());
      const out = execFileSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
      const losses = [...out.matchAll(/epoch (\d+): loss ([\d.eE+-]+)/g)].map((m) => Number(m[2]));
      expect(losses.length).toBeGreaterThanOrEqual(3);
      expect(losses.every(Number.isFinite)).toBe(true);
      // Falls from print to print, and ends far below where it started.
      for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
      expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
