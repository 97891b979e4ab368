/**
 * A runnable PyTorch project from a Kindling model and its training set-up: model.py,
 * train.py and README.md, as text. A pure function of the description (no file system,
 * no engine), so the command line and the playground's "Show code" produce the same code.
 * The weights (weights.safetensors) are written by the caller: they are the model's own file.
 */
import type { LayerSpec } from "../../io/model/spec.js";
import type { DataSource } from "./data-py.js";
import { modelPy } from "./model-py.js";
import { trainPy, type TrainingConfig } from "./train-py.js";

export type { DataSource, BuiltinSource } from "./data-py.js";
export type { TrainingConfig } from "./train-py.js";

export interface PytorchProjectSpec {
  /** The model's layers, as in its `kindling` description (`describeSequential(model).layers`). */
  layers: readonly LayerSpec[];
  inputFeatures: number;
  featureNames: readonly string[];
  classNames: readonly string[];
  data: DataSource;
  training: TrainingConfig;
}

export interface PytorchProject {
  "model.py": string;
  "train.py": string;
  "README.md": string;
}

function widths(layers: readonly LayerSpec[], input: number): string {
  const out = [String(input)];
  const walk = (ls: readonly LayerSpec[]): void => {
    for (const l of ls) {
      if (l.type === "Linear") out.push(String(l.outFeatures));
      else if (l.type === "Sequential") walk(l.layers);
    }
  };
  walk(layers);
  return out.join(" → ");
}

function dataName(d: DataSource): string {
  return d.kind === "csv" ? d.file : d.name;
}

function readme(spec: PytorchProjectSpec, summary: string): string {
  const t = spec.training;
  return `# ${summary}, in PyTorch

Exported by Kindling: the model (\`model.py\`, same layers and state-dict names), its
trained weights (\`weights.safetensors\`) and the training that produced them
(\`train.py\`: same data, split, scaling, initial weights, loss, optimizer and batches).

| | |
|---|---|
| data | ${dataName(spec.data)}, test size ${t.testSize}, scaling ${t.scale}, seed ${t.seed} |
| model | ${summary} |
| training | ${t.loss} loss, ${t.optimizer} (lr ${t.lr}${t.weightDecay ? `, weight decay ${t.weightDecay}` : ""}), ${t.epochs} epochs, batch size ${t.batchSize || "full"}, constant learning rate |

\`\`\`sh
python3 train.py                               # one process on the CPU: the epoch lines Kindling printed
python3 train.py --device cuda                 # on a GPU
torchrun --nproc_per_node 4 train.py           # DistributedDataParallel (gloo on CPU, nccl with --device cuda)
python3 train.py --weights weights.safetensors --epochs 0                      # evaluate Kindling's weights
python3 train.py --weights weights.safetensors --epochs 200 --save more.safetensors   # keep training
\`\`\`

Needs \`torch\`, \`numpy\` and \`scikit-learn\` (on Debian: \`apt install python3-torch python3-sklearn\`, then
run \`/usr/bin/python3\`); \`torchmetrics\` and \`safetensors\` are used when installed.

On Debian 12 (\`python3-torch\` 1.13 on Python 3.11) \`torchrun\` stops at start-up in its own argument
handling; add \`--redirects 2 --tee 2\` there: \`torchrun --standalone --nproc_per_node 2 --redirects 2 --tee 2 train.py\`.

Under \`torchrun\` each process trains on its share of the training set (a \`DistributedSampler\`),
so the batch size is per process and the effective batch is that times the number of processes;
with the full-batch set-up (batch size 0) each step still sees the whole training set once.

Loading the weights elsewhere:

\`\`\`python
from safetensors.torch import load_file
from model import Model
model = Model()
model.load_state_dict(load_file("weights.safetensors"))
\`\`\`

Inputs must be scaled as in training: \`train.py\`'s \`fit_scaling\` (fitted on the training split).
`;
}

export function pytorchProject(spec: PytorchProjectSpec): PytorchProject {
  const summary = `${widths(spec.layers, spec.inputFeatures)} classifier on ${dataName(spec.data)}`;
  return {
    "model.py": modelPy({ layers: spec.layers, inputFeatures: spec.inputFeatures, summary }),
    "train.py": trainPy({ data: spec.data, training: spec.training, featureNames: spec.featureNames, classNames: spec.classNames }),
    "README.md": readme(spec, summary),
  };
}
