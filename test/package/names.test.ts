/**
 * The built bundle's classes carry their own names: Module reprs (`Sequential(`), optimizer
 * reprs, metric collections' keys and error messages read `constructor.name`, and esbuild
 * writes a class that refers to itself as `class _Sequential` (scripts/build.mjs
 * `restoreClassNames` gives the names back). dist/ is built by `npm test`'s pretest.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

async function load(file: string): Promise<Record<string, unknown>> {
  const path = join(root, "dist", file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build (npm test's pretest does)`);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

const isClass = (v: unknown): v is abstract new (...a: never[]) => unknown =>
  typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));

/** Every exported class, namespaces (kd.nn, kd.optim, …) included, whose name is not its export name. */
function misnamed(exports: Record<string, unknown>): string[] {
  const seen = new Set<unknown>(), bad: string[] = [];
  let classes = 0;
  const walk = (obj: Record<string, unknown>, path: string, depth: number): void => {
    if (depth > 4 || seen.has(obj)) return;
    seen.add(obj);
    for (const [k, v] of Object.entries(obj)) {
      if (isClass(v)) {
        classes++;
        if (v.name !== k) bad.push(`${path}.${k} is named ${v.name}`);
      } else if (v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)) walk(v as Record<string, unknown>, `${path}.${k}`, depth + 1);
    }
  };
  walk(exports, "kd", 0);
  expect(classes).toBeGreaterThan(50);
  return bad;
}

describe("the bundle's classes keep their names", () => {
  for (const file of ["index.js", "browser.js"]) {
    it(`every class exported by dist/${file} is named as it is exported`, async () => {
      expect(misnamed(await load(file))).toEqual([]);
    });
  }

  it("prints containers as PyTorch does", async () => {
    const kd = (await load("index.js")) as unknown as typeof import("../../src/index.js");
    expect(String(new kd.nn.Sequential(new kd.nn.ReLU()))).toBe("Sequential(\n  (0): ReLU()\n)");
    expect(String(new kd.nn.ModuleList([new kd.nn.ReLU()]))).toBe("ModuleList(\n  (0): ReLU()\n)");
  });
});
