#!/usr/bin/env node
/** The `kindling` command: demo, train, evaluate, predict. */
import { DEVICE_CHOICES } from "./pipeline/device.js";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { readFileSync } from "node:fs";
import { runDemo } from "./commands/demo.js";
import { runEvaluate } from "./commands/evaluate.js";
import { runExport, type ExportOptions } from "./commands/export.js";
import { runPredict } from "./commands/predict.js";
import { runTrain, type TrainOptions } from "./commands/train.js";
import { runTrainStream } from "./commands/train-stream.js";
import { reportAndExit } from "./errors.js";
import { ACTIVATIONS } from "./pipeline/model.js";
import { BUILTIN } from "./pipeline/data.js";
import { IMAGE_DATA, MODELS, type ModelName } from "./pipeline/images.js";
import { runTrainImages } from "./commands/train-images.js";
import { runPredictImages } from "./commands/predict-images.js";
import { UsageError } from "./errors.js";

function num(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError(`--${name} expects a number, got '${value}'`);
    return n;
  };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("kindling")
    .description("Neural-network classification for TypeScript, the way PyTorch does it.")
    .version(version())
    .showHelpAfterError("(run with --help for usage)")
    // Throw instead of exiting, so main() decides the exit code (subcommands inherit this).
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`kindling: ${str.replace(/^error: /, "")}`) });

  program
    .command("demo")
    .description("the tutorial's story on built-in data: a linear model stuck near 50 %, a ReLU model learning the circles, a blob classifier near 99 %")
    .option("--out <dir>", "where the figures go", "kindling-out")
    .option("--no-figures", "skip writing figures")
    .option("--quick", "fewer epochs (for a fast look)")
    .action(async (o: { out: string; figures: boolean; quick?: boolean }) => {
      await runDemo({ out: o.out, figures: o.figures, quick: o.quick ?? false });
    });

  program
    .command("train")
    .description("train a classifier on a built-in data set, a CSV file or a folder of images")
    .addOption(new Option("--data <name>", "built-in data set").choices([...BUILTIN, ...IMAGE_DATA]).default("circles"))
    .option("--csv <file>", "train on a CSV file instead (needs --target)")
    .option("--target <column>", "the label column of the CSV file")
    .option("--images <dir>", "train on a folder of images, one sub-folder of PNG / JPEG files per class")
    .addOption(new Option("--model <name>", "mlp (on flattened pixels for images) or tinyvgg (images only: chapter 03's CNN)").choices([...MODELS]).default("mlp"))
    .option("--samples <n>", "number of samples for generated data sets (default: 1000); for iris, wine, breast-cancer and digits, a random n of the rows, drawn by --seed (default: all); for fashion-mnist, the first n training images (default: all); for digits as images (--model tinyvgg) and --images DIR, a random n of the images, drawn by --seed", num("samples"))
    .option("--noise <x>", "noise of generated data sets (cluster std for blobs)", num("noise"))
    .option("--classes <k>", "number of classes for blobs / classification", num("classes"))
    .option("--hidden <sizes>", "hidden layer sizes, comma-separated ('' for none) (default: 100)")
    .addOption(new Option("--activation <name>", "activation between layers").choices([...ACTIVATIONS]).default("relu"))
    .option("--dropout <p>", "dropout after each hidden layer", num("dropout"), 0)
    .addOption(new Option("--loss <name>", "loss function").choices(["auto", "bce", "cross-entropy", "mse"]).default("auto"))
    .addOption(new Option("--optimizer <name>", "optimizer (default: adam)").choices(["sgd", "adam", "adamw"]))
    .option("--lr <x>", "learning rate (default: 0.001 for adam/adamw, 0.1 for sgd)", num("lr"))
    .option("--weight-decay <x>", "L2 penalty (weight decay)", num("weight-decay"), 0)
    .option("--epochs <n>", "number of epochs (default: up to 200, stopping when the loss stops improving)", num("epochs"))
    .option("--batch-size <n>", "minibatch size, 0 = the whole training set (default: min(200, samples))", num("batch-size"))
    .addOption(new Option("--device <name>", "where to train: cpu, webgpu (a GPU), or auto (the GPU for large steps when it is faster)").choices([...DEVICE_CHOICES]).default("cpu"))
    .option("--early-stopping", "hold out a validation split and stop when its accuracy stops improving (keeps the best weights)")
    .option("--validation-fraction <x>", "share of the training set held out by --early-stopping (default: 0.1)", num("validation-fraction"))
    .option("--seed <n>", "seed for data, split, initial weights and shuffling", num("seed"), 42)
    .option("--test-size <x>", "fraction of samples held out for testing", num("test-size"), 0.2)
    .addOption(new Option("--scale <how>", "feature scaling fitted on the training set").choices(["standard", "minmax", "none"]).default("standard"))
    .option("--out <dir>", "write figures (SVG and PNG) to this folder")
    .option("--save <file>", "save the trained model as safetensors")
    .option("--onnx <file>", "also export the trained model (scaling included) as ONNX")
    .option("--export-pytorch <dir>", "write a PyTorch project (model.py, train.py, weights.safetensors, README.md) to this new folder")
    .option("--json", "print one JSON summary as the last line of standard output", false)
    .option("--every <n>", "print a progress line every n epochs when not on a terminal", num("every"), 100)
    .option("--quiet", "print only the result (one line; nothing but the JSON with --json)", false)
    .option("--stream", "read the CSV a chunk at a time, for files larger than memory (needs --batch-size; no figures)", false)
    .action(async (o: Omit<TrainOptions, "samples"> & { samples?: number; stream: boolean; model: ModelName; images?: string }) => {
      const images = o.images !== undefined || (IMAGE_DATA as readonly string[]).includes(o.data) || o.model === "tinyvgg";
      if (images) {
        if (o.stream) throw new UsageError("--stream reads CSV files; image data sets are read whole");
        await runTrainImages(o);
        return;
      }
      if (o.samples !== undefined && o.csv !== undefined) {
        throw new UsageError("--samples sets the size of a built-in data set; a --csv file is read whole (take the rows you want from it first)");
      }
      const tabular = { ...o, samples: o.samples ?? 1000, samplesGiven: o.samples !== undefined };
      if (o.stream) await runTrainStream(tabular);
      else await runTrain(tabular);
    });

  program
    .command("export")
    .description("export a model saved by `kindling train --save` as a runnable PyTorch project")
    .requiredOption("--model <file>", "a model saved by `kindling train --save`")
    .option("--pytorch <dir>", "write model.py, train.py, weights.safetensors and README.md to this new folder")
    .action(async (o: ExportOptions) => {
      await runExport(o);
    });

  program
    .command("evaluate")
    .description("evaluate a saved model on a labelled CSV file")
    .requiredOption("--model <file>", "a model saved by `kindling train --save`")
    .requiredOption("--csv <file>", "the data")
    .requiredOption("--target <column>", "the label column")
    .option("--json", "print one JSON summary as the last line", false)
    .option("--skip-invalid", "leave out rows that cannot be read (counted and named on stderr) instead of stopping", false)
    .action(async (o: { model: string; csv: string; target: string; json: boolean; skipInvalid: boolean }) => {
      await runEvaluate(o);
    });

  program
    .command("predict")
    .description("predict labels and probabilities for the rows of a CSV file, or for image files")
    .requiredOption("--model <file>", "a model saved by `kindling train --save`")
    .option("--csv <file>", "the data (feature columns matched by name, or by position)")
    .option("--images <paths...>", "PNG / JPEG files, or folders of them, for a model trained on images")
    .option("--out <file>", "write predictions to this CSV file instead of standard output")
    .option("--skip-invalid", "leave out rows that cannot be read (counted and named on stderr) instead of stopping", false)
    .action(async (o: { model: string; csv?: string; images?: string[]; out?: string; skipInvalid: boolean }) => {
      if ((o.csv === undefined) === (o.images === undefined)) throw new UsageError("predict needs one of --csv FILE or --images FILE...");
      if (o.images) runPredictImages({ model: o.model, images: o.images, out: o.out });
      else await runPredict({ ...o, csv: o.csv as string });
    });

  return program;
}

async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    // commander has already printed its own message; help and version exit cleanly.
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
    reportAndExit(err);
  }
}

// A closed pipe (`kindling train | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
});

main().catch(reportAndExit);
