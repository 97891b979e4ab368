import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import * as local from "./kd.js";

describe("the data API is reachable as kd.datasets / kd.data", () => {
  it("exposes the generators, loaders and RandomState under kd.datasets", () => {
    for (const name of ["makeCircles", "makeMoons", "makeBlobs", "makeClassification", "makeMultilabelClassification",
      "makeGaussianQuantiles", "loadIris", "loadWine", "loadBreastCancer", "loadDigits", "RandomState"] as const) {
      expect(kd.datasets[name]).toBe(local.datasets[name]);
    }
  });

  it("exposes splitting, preprocessing and CSV under kd.data", () => {
    for (const name of ["trainTestSplit", "StandardScaler", "MinMaxScaler", "LabelEncoder", "OneHotEncoder",
      "NotFittedError", "readCsv", "parseCsv", "DataFrame", "CsvTable", "CsvError"] as const) {
      expect(kd.data[name]).toBe(local.data[name]);
    }
  });
});
