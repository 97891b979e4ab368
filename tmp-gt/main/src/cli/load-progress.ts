/**
 * Progress through a file being read (loading, streaming predict and evaluate, a streamed
 * epoch): a live bar with bytes and rows per second on a terminal, and a plain line every
 * few seconds otherwise, so that a long read is never silent in a log.
 */
import cliProgress from "cli-progress";

export interface ByteProgress {
  update(bytes: number, rows: number): void;
  done(): void;
}

export interface ByteProgressOptions {
  /** What is being done, e.g. "loading data.csv". */
  label: string;
  /** The file's size in bytes. */
  total: number;
  stream: NodeJS.WriteStream;
  quiet?: boolean;
  /** Seconds between plain lines (default 5). */
  every?: number;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
const count = (n: number): string => Math.round(n).toLocaleString("en-US");

export function createByteProgress(o: ByteProgressOptions): ByteProgress {
  if (o.quiet) return { update: () => {}, done: () => {} };
  const t0 = performance.now();
  const rate = (rows: number): string => count(rows / Math.max(1e-3, (performance.now() - t0) / 1000));
  const total = Math.max(1, o.total);
  if (o.stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: ` ${o.label} {bar} {percentage}% | {done}/{size} MB | {rows} rows | {rate} rows/s`,
        hideCursor: true,
        stream: o.stream,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { done: "0", size: mb(total), rows: "0", rate: "-" });
    return {
      update: (bytes, rows) => bar.update(Math.min(bytes, total), { done: mb(bytes), rows: count(rows), rate: rate(rows) }),
      done: () => bar.stop(),
    };
  }
  const every = (o.every ?? 5) * 1000;
  let last = t0;
  return {
    update: (bytes, rows) => {
      const now = performance.now();
      if (now - last < every) return;
      last = now;
      o.stream.write(`${o.label}: ${Math.floor((100 * bytes) / total)}% (${mb(bytes)} of ${mb(total)} MB, ${count(rows)} rows, ${rate(rows)} rows/s)\n`);
    },
    done: () => {},
  };
}
