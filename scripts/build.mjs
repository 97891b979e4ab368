/* global console, process */
/**
 * Builds the package (`npm run build`, run by `npm ci` through `prepare`):
 *   - dist/index.js: the library as one ES module, bundled by esbuild. One file loads in one
 *     read and one compile where tsc's output took 269 (resolving and compiling each file
 *     was most of `import("kindling")`'s time). It has no top-level await, so
 *     `require("kindling")` loads it too (Node ≥ 20.19 requires ES modules synchronously).
 *     Dependencies stay outside (`import` of the package names), as npm installs them.
 *   - dist/cli/main.js: the `kindling` command, the library and the CLI in one file of its own
 *     (the CLI reaches into library internals, so it cannot share dist/index.js without
 *     loading two copies of its classes).
 *   - dist/**\/*.d.ts: tsc's declarations, beside the bundle (dist/index.d.ts is the entry).
 *
 *   node scripts/build.mjs
 */
import { spawnSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

rmSync(dist, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const common = {
  bundle: true,
  format: "esm",
  target: "es2022",
  // Dependencies are installed beside the package: import them by name.
  packages: "external",
  // Names stay as written (no identifier minification): error messages, `constructor.name`
  // (a module's printed name) and stack traces read as in the source.
  minifyWhitespace: false,
  legalComments: "none",
  logLevel: "warning",
  absWorkingDir: root,
};

/**
 * CommonJS dependencies that only some calls need (CSV text parsing, ONNX encoding, the
 * CLI's progress bars): loading each one at import cost more than the whole bundle's
 * compile (measured: 260 → 105 ms of CPU for `import("kindling")` without papaparse and
 * protobufjs). In the Node builds an `import X from "pkg"` of one of them gets a stand-in
 * that `require`s the package on the first property read, synchronously, so every API
 * stays synchronous. Only default imports are offered: a named import fails the build.
 */
const LAZY = ["papaparse", "protobufjs", "cli-progress"];
const lazyDependencies = {
  name: "lazy-dependencies",
  setup(b) {
    const filter = new RegExp(`^(${LAZY.join("|")})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: "lazy-dependency" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-dependency" }, (args) => ({
      loader: "js",
      contents: [
        `import { createRequire } from "node:module";`,
        `let m;`,
        `const load = () => (m ??= createRequire(import.meta.url)(${JSON.stringify(args.path)}));`,
        `export default new Proxy({}, {`,
        `  get: (_, k) => load()[k],`,
        `  set: (_, k, v) => { load()[k] = v; return true; },`,
        `  has: (_, k) => k in load(),`,
        `});`,
      ].join("\n"),
    }));
  },
};

// For Node: dist/index.js (import and require) and the CLI.
await build({
  ...common,
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  platform: "node",
  plugins: [lazyDependencies],
});
// For browsers (the "browser" condition of `exports`): no Node built-ins, dependencies imported as usual.
await build({
  ...common,
  entryPoints: ["src/index.ts"],
  outfile: "dist/browser.js",
  platform: "neutral",
});
await build({
  ...common,
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli/main.js",
  platform: "node",
  plugins: [lazyDependencies],
});
chmodSync(join(dist, "cli", "main.js"), 0o755);
console.log("dist/index.js, dist/cli/main.js and the declarations written");
