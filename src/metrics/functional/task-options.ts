/**
 * The task-agnostic entry points (`accuracy(preds, target, {task, ...})`): check the task and
 * its required arguments with torchmetrics' messages, and hand the matching options on.
 */
import { ValueError } from "../../errors.js";
import type { Task } from "../internal/types.js";

/** Python's `type(x)` as printed in torchmetrics' messages. */
function pyType(x: unknown): string {
  if (x === null || x === undefined) return "<class 'NoneType'>";
  if (typeof x === "number") return Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>";
  if (typeof x === "string") return "<class 'str'>";
  if (typeof x === "boolean") return "<class 'bool'>";
  return `<class '${typeof x}'>`;
}

/**
 * torchmetrics words the check two ways: the accuracy family says "Optional arg ... must be
 * type `int` when task is ...", the others "... is expected to be `int` but ... was passed.".
 */
export type IntArgWording = "optional-arg" | "expected";

export function requireInt(value: unknown, arg: string, task: Task, wording: IntArgWording): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new ValueError(
    wording === "optional-arg"
      ? `Optional arg \`${arg}\` must be type \`int\` when task is ClassificationTask.${task.toUpperCase()}. Got ${pyType(value)}`
      : `\`${arg}\` is expected to be \`int\` but \`${pyType(value)} was passed.\``,
  );
}
