/**
 * Rewrites expected.ts from a fresh one-thread run of the determinism programs on the
 * default (wasm) backend and from libm's grid. Run it only when a change is meant to
 * change bits (a kernel's summation order, libm, a program), and say why in the commit:
 *
 *   npx tsx test/engine/determinism/update-expected.ts
 */
import { writeFileSync } from "node:fs";
import { hashes, runPrograms, sha256 } from "./child.js";
import { libmGrid } from "./libm-grid.js";

const run = runPrograms({ KINDLING_NUM_THREADS: "1" });
if (run.backend !== "wasm") throw new Error(`the expected hashes are the wasm backend's; this run used ${run.backend}`);
const grid = libmGrid();
const expected = { programs: hashes(run), libm: sha256(new Uint8Array(grid.buffer, grid.byteOffset, grid.byteLength)) };
const text = `/**
 * The committed bits of the determinism programs (programs.ts at TEST_EPOCHS, the default
 * wasm backend) and of libm over libmGrid(): sha256 of the final parameters' float32 bytes,
 * and of the grid's float64 bytes. test/engine/determinism.test.ts (Node, 1, 2 and 4
 * threads) and test/web/determinism.e2e.test.ts (Chromium) compare against them, so a
 * change of bits anywhere fails a test, not only a difference between engines.
 * Regenerate, when a change is meant to change bits:
 *
 *   npx tsx test/engine/determinism/update-expected.ts
 */
export const EXPECTED = ${JSON.stringify(expected, null, 2).replace(/"([a-z0-9]+)":/g, "$1:")} as const;
`;
writeFileSync(new URL("./expected.ts", import.meta.url), text);
console.log(text);
