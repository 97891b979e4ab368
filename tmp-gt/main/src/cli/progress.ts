/**
 * Training progress: a live bar with epoch, loss and accuracy on a terminal, and the
 * tutorial's plain epoch lines otherwise (logs, pipes, CI).
 */
import cliProgress from "cli-progress";
import { format } from "../text/py-format.js";
import type { EpochRecord } from "./pipeline/history.js";

export interface ProgressReporter {
  epoch(record: EpochRecord): void;
  done(): void;
}

/** The tutorial's line, rounded as its Python f-strings round (half to even): `Epoch: 0 | Loss: 0.72090, Accuracy: 50.00% | Test loss: 0.72196, Test acc: 50.00%`. */
export function epochLine(r: EpochRecord): string {
  return (
    `Epoch: ${r.epoch} | Loss: ${format(r.trainLoss, ".5f")}, Accuracy: ${format(r.trainAccuracy, ".2%")} | ` +
    `Test loss: ${format(r.testLoss, ".5f")}, Test acc: ${format(r.testAccuracy, ".2%")}`
  );
}

export interface ProgressOptions {
  epochs: number;
  /** Print a plain line every this many epochs (and the last one). */
  every: number;
  /** Where plain lines go (stdout normally; stderr when stdout carries JSON). */
  stream: NodeJS.WriteStream;
  /** Force plain lines even on a terminal. */
  plain?: boolean;
  /** Print nothing per epoch. */
  quiet?: boolean;
}

export function createProgress(opts: ProgressOptions): ProgressReporter {
  if (opts.quiet) return { epoch: () => {}, done: () => {} };
  if (!opts.plain && opts.stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: " {bar} {percentage}% | epoch {value}/{total} | loss {loss} | acc {acc} | test loss {testLoss} | test acc {testAcc}",
        hideCursor: true,
        stream: opts.stream,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(opts.epochs, 0, { loss: "-", acc: "-", testLoss: "-", testAcc: "-" });
    return {
      epoch: (r) =>
        bar.update(r.epoch + 1, {
          loss: r.trainLoss.toFixed(4),
          acc: `${(r.trainAccuracy * 100).toFixed(1)}%`,
          testLoss: r.testLoss.toFixed(4),
          testAcc: `${(r.testAccuracy * 100).toFixed(1)}%`,
        }),
      done: () => bar.stop(),
    };
  }
  return {
    epoch: (r) => {
      if (r.epoch % opts.every === 0 || r.epoch === opts.epochs - 1) opts.stream.write(epochLine(r) + "\n");
    },
    done: () => {},
  };
}
