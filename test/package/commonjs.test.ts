/**
 * The package as a user installs it: `npm pack`, then installed into a fresh `npm init -y`
 * project — a CommonJS package, npm's default — where the README's first example runs
 * with `require`, with `import`, and as TypeScript under tsx (which compiles a .ts file of a
 * CommonJS package to `require`). Before the `exports` map had a "require" condition,
 * `require("kindling")` and tsx failed with ERR_PACKAGE_PATH_NOT_EXPORTED.
 *
 * Offline: the project gets a lockfile made from this repository's (the runtime
 * dependencies' entries, integrity included), so `npm ci --offline` takes every
 * dependency from the npm cache that installing this repository filled. A plain
 * `npm install --offline` of the tarball fails: it needs the registry's package
 * documents, which the cache does not hold (measured: ENOTCACHED).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface LockEntry {
  version?: string;
  dev?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

let dir: string;
let project: string;

function readmeExample(): string {
  const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(root, "README.md"), "utf8"));
  if (!block) throw new Error("README.md has no ```ts block");
  return block[1];
}

const run = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { cwd: project, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-pack-"));
  // dist/ is built by `npm test`'s pretest; --ignore-scripts keeps pack from building again.
  const tarball = execFileSync(npm, ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: root, encoding: "utf8" }).trim().split("\n").pop() as string;
  project = join(dir, "project");
  mkdirSync(project);
  run(npm, ["init", "-y"]);
  const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as Record<string, unknown>;
  expect([undefined, "commonjs"]).toContain(pkg.type); // CommonJS, as npm init makes it
  const spec = `file:../${tarball}`;
  pkg.dependencies = { kindling: spec };
  writeFileSync(join(project, "package.json"), JSON.stringify(pkg, null, 2));

  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const own = lock.packages[""];
  const packages: Record<string, unknown> = { "": { name: pkg.name, version: pkg.version, dependencies: { kindling: spec } } };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith("node_modules/") && !entry.dev && !entry.link) packages[path] = entry;
  }
  packages["node_modules/kindling"] = {
    version: own.version, resolved: spec, dependencies: own.dependencies, optionalDependencies: own.optionalDependencies,
    engines: own.engines, bin: { kindling: "dist/cli/main.js" },
  };
  writeFileSync(join(project, "package-lock.json"), JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages }, null, 2));
  run(npm, ["ci", "--offline", "--no-audit", "--no-fund"]);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The example's last line: `epoch 400: loss 0.0…` (its loss falls from epoch 0). */
function checkOutput(out: string): void {
  const losses = [...out.matchAll(/^epoch (\d+): loss (\d+\.\d+)$/gm)].map((m) => Number(m[2]));
  expect(losses.length).toBe(5);
  expect(losses[4]).toBeLessThan(losses[0] / 4);
}

describe("the packed package in a CommonJS project", () => {
  it("runs the README's first example with require", () => {
    const js = ts.transpileModule(readmeExample(), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    expect(js).toContain('require("kindling")');
    writeFileSync(join(project, "example.cjs"), js);
    checkOutput(run(process.execPath, ["example.cjs"]));
  });

  it("runs it with import", () => {
    const js = ts.transpileModule(readmeExample(), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    expect(js).toContain('from "kindling"');
    writeFileSync(join(project, "example.mjs"), js);
    checkOutput(run(process.execPath, ["example.mjs"]));
  });

  it("runs it as TypeScript under tsx", () => {
    writeFileSync(join(project, "example.ts"), readmeExample());
    checkOutput(run(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), "example.ts"]));
  });

  it("installs the kindling command", () => {
    expect(run(process.execPath, [join("node_modules", "kindling", "dist", "cli", "main.js"), "--version"]).trim()).toBe("0.1.0");
  });
});
