/**
 * One load of the bench file in a fresh process: `kd.data.loadCsv` (the columnar path) or
 * `kd.data.readCsv` (papaparse and a DataFrame: the path `kindling train` took before).
 * Prints {"ms":…, "rows":…} as its last line.
 */
import * as kd from "../../src/index.js";

const [how, path] = process.argv.slice(2);
const t0 = performance.now();
const rows = how === "readCsv"
  ? (await kd.data.readCsv(path, { target: "label" })).X.shape[0]
  : (await kd.data.loadCsv(path, { target: "label" })).X.shape[0];
console.log(JSON.stringify({ ms: performance.now() - t0, rows }));
