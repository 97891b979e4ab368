/**
 * Serving with onnxruntime, end to end: Kindling's ONNX export run by onnxruntime-node
 * (installed offline with ONNXRUNTIME_NODE_INSTALL=skip; its CPU binary ships in the
 * package) gives Kindling's logits and predictions, for a binary and a multi-class model,
 * from a model trained and saved by `kindling train`.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import * as kd from "../../src/index.js";
import { loadBuiltin } from "../../src/cli/pipeline/data.js";
import { loadModelFile } from "../../src/cli/pipeline/model-file.js";
import { predict } from "../../src/cli/pipeline/report.js";
import { runCli } from "../cli/run-cli.js";
import { useTempDir } from "../io/temp-dir.js";

const dir = useTempDir("kindling-ort-");

async function serve(path: string, X: kd.Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(path);
  const input = new ort.Tensor("float32", Float32Array.from(X.data), [...X.shape]);
  const out = await session.run({ [session.inputNames[0]]: input });
  return out[session.outputNames[0]].data as Float32Array;
}

describe("an ONNX model served by onnxruntime-node", () => {
  for (const [data, extra] of [["circles", []], ["blobs", ["--classes", "4"]]] as const) {
    it(`gives Kindling's logits and labels for a ${data} model from kindling train --save`, async () => {
      const file = join(dir(), `${data}.safetensors`);
      expect(runCli(["train", "--data", data, ...extra, "--epochs", "60", "--quiet", "--save", file]).code).toBe(0);
      const loaded = loadModelFile(file);
      const all = loadBuiltin(data, { samples: 1000, seed: 42, classes: data === "blobs" ? 4 : undefined });
      const [, Xtest] = kd.data.trainTestSplit(all.X, all.y, { testSize: 0.2, randomState: 42 }) as kd.Tensor[];
      const X = loaded.prepare(Xtest);
      const onnxPath = join(dir(), `${data}.onnx`);
      kd.io.exportOnnx(loaded.model, X.slice([0, 1]), onnxPath);

      const served = await serve(onnxPath, X);
      loaded.model.eval();
      const logits = kd.inferenceMode(() => loaded.model(X));
      expect(served.length).toBe(logits.numel());
      let worst = 0;
      logits.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - served[i]))));
      expect(worst).toBeLessThan(1e-5);
      const servedLogits = kd.tensor(Array.from(served)).reshape([...logits.shape]);
      const servedLabels = kd.inferenceMode(() =>
        logits.shape[1] === 1 ? kd.round(kd.sigmoid(servedLogits.reshape([-1]))).long() : servedLogits.argmax({ dim: 1 }));
      expect(Array.from(servedLabels.data)).toEqual(Array.from(predict(loaded.model, X).labels.data));
    }, 120_000);
  }
});
