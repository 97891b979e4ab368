/** `kindling export --pytorch DIR --model m.safetensors`: a saved model as a runnable PyTorch project. */
import { UsageError } from "../errors.js";
import { loadModelFile } from "../pipeline/model-file.js";
import { readTrainingRecord, writePytorchProject } from "../pipeline/pytorch-export.js";

export interface ExportOptions {
  model: string;
  pytorch?: string;
}

export async function runExport(o: ExportOptions): Promise<string[]> {
  if (o.pytorch === undefined) throw new UsageError("export needs a target: --pytorch DIR");
  const loaded = loadModelFile(o.model);
  const record = readTrainingRecord(loaded.metadata, o.model);
  const files = await writePytorchProject(o.pytorch, { model: loaded.model, card: loaded.card, record });
  for (const f of files) process.stdout.write(`wrote ${f}\n`);
  return files;
}
