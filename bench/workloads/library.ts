/**
 * The Kindling the tutorial workloads (W1, W2 and the soak) run: the built package,
 * dist/index.js — what `import "kindling"` and `require("kindling")` load for a user — so
 * that "a fresh process" times the code users get. The TypeScript source under tsx
 * differs from it in start-up (269 modules instead of one) and on hot paths (tsx names
 * every arrow function with a call). `npm run bench` builds first (its `prebench`) and
 * runs these workloads as plain JavaScript (bench/run.ts bundles child.ts), since tsx would
 * transform the 1 MB bundle again on load (171 MB of memory instead of 53).
 * KINDLING_BENCH_SOURCE=1 runs the source instead; KINDLING_BENCH_ROOT names the repository
 * when this file runs from such a bundle.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as Kindling from "../../src/index.js";

const root = process.env.KINDLING_BENCH_ROOT ?? fileURLToPath(new URL("../..", import.meta.url));
const dist = pathToFileURL(join(root, "dist", "index.js"));

/** Which library a run loaded, for the runner's notes. */
export const librarySource: "dist" | "src" = !process.env.KINDLING_BENCH_SOURCE && existsSync(fileURLToPath(dist)) ? "dist" : "src";

export const kd: typeof Kindling = librarySource === "dist"
  ? ((await import(dist.href)) as typeof Kindling)
  : await import("../../src/index.js");
