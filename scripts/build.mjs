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
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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
  // Whitespace and comments out, syntax shortened: a smaller, ASCII-only file that V8 decodes
  // and compiles faster (`import("kindling")` 105 → 96 ms, median of 8). No identifier
  // minification: error messages and stack traces' function names read as in the source;
  // the linked source map (dist/*.js.map) gives the source lines under
  // `node --enable-source-maps`.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  absWorkingDir: root,
};

/**
 * Dependencies that only some calls need (CSV text parsing, ONNX encoding, the CLI's progress
 * bars, reading and writing PNG / JPEG images): loading each one at import cost more than
 * the whole bundle's compile (measured: 260 → 105 ms of CPU for `import("kindling")` without
 * papaparse and protobufjs; fast-png alone, with fflate and its worker_threads probe, took
 * 20–30 ms). In the Node builds an import of one of them gets a stand-in that `require`s
 * the package on first use, synchronously (an ES-module package too: Node ≥ 20.19 requires
 * ES modules), so every API stays synchronous.
 *   - `import X from "pkg"`: X is a proxy that loads the package on the first property read.
 *   - `import { f } from "pkg"`: f is a function that loads the package and forwards its
 *     arguments. Only the package's plain functions (not classes) are offered, read from
 *     the package here at build time: a named import of anything else fails the build.
 */
const LAZY = ["papaparse", "protobufjs", "cli-progress", "fast-png", "jpeg-js"];
const requireFromRoot = createRequire(join(root, "package.json"));
const lazyDependencies = {
  name: "lazy-dependencies",
  setup(b) {
    const filter = new RegExp(`^(${LAZY.join("|")})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: "lazy-dependency" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-dependency" }, (args) => {
      const pkg = requireFromRoot(args.path);
      // Plain functions only: a class behind a forwarding function would break `new` and
      // `instanceof`, so a named import of one fails the build instead.
      const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));
      const functions = Object.keys(pkg).filter((k) => !["default", "createRequire", "lazyPackage", "lazyLoad"].includes(k) &&
        /^[A-Za-z_$][\w$]*$/.test(k) && typeof pkg[k] === "function" && !isClass(pkg[k]));
      return {
        loader: "js",
        contents: [
          `import { createRequire } from "node:module";`,
          `let lazyPackage;`,
          `const lazyLoad = () => (lazyPackage ??= createRequire(import.meta.url)(${JSON.stringify(args.path)}));`,
          `export default new Proxy({}, {`,
          `  get: (_, k) => lazyLoad()[k],`,
          `  set: (_, k, v) => { lazyLoad()[k] = v; return true; },`,
          `  has: (_, k) => k in lazyLoad(),`,
          `});`,
          ...functions.map((f) => `export function ${f}(...args) { return lazyLoad().${f}(...args); }`),
        ].join("\n"),
      };
    });
  },
};

/**
 * esbuild writes a class that refers to itself as `var Sequential = class _Sequential`, so its
 * `name` is "_Sequential", and Module reprs, optimizer reprs, metric collections' keys and
 * error messages read `constructor.name`. The bundle's last statement gives each such class
 * its own name back (test/package/names.test.ts checks every exported class). esbuild's
 * `keepNames` would too, but names every function: `import("kindling")` 66 → 83 ms.
 */
function restoreClassNames(file) {
  const text = readFileSync(file, "utf8");
  const names = [...new Set([...text.matchAll(/\b([A-Za-z$][\w$]*)=class _\1\b/g)].map((m) => m[1]))];
  if (names.length === 0) return;
  const fix = `for(const[c,n]of[${names.map((n) => `[${n},${JSON.stringify(n)}]`).join(",")}])Object.defineProperty(c,"name",{value:n,configurable:true});\n`;
  const map = text.lastIndexOf("//# sourceMappingURL=");
  writeFileSync(file, map < 0 ? text + fix : text.slice(0, map) + fix + text.slice(map));
}

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
for (const file of ["index.js", "browser.js", join("cli", "main.js")]) restoreClassNames(join(dist, file));
chmodSync(join(dist, "cli", "main.js"), 0o755);
console.log("dist/index.js, dist/cli/main.js and the declarations written");
