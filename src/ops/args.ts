/**
 * Arguments as PyTorch takes them: one parser, driven by an op's schema (ops/table.ts).
 *
 * `x.sum(1)`, `x.sum(1, true)`, `x.sum([0, 1], { keepdim: true })` and
 * `x.sum({ dim: 1 })` all mean the same. Parameters come positionally in PyTorch's order,
 * and any of them in a trailing options object (Python's keyword arguments). Everything
 * is checked where it enters, because code run from JavaScript or tsx has no type check:
 * a wrong type, an unknown option or a value given twice is a `TypeError` naming the op
 * and the argument, in PyTorch's words, never silently ignored.
 */
import { DTYPE_NAMES, type DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

export type ArgType = "dim" | "dims" | "int" | "ints" | "bool" | "number" | "dtype" | "tensor" | "tensorOrNumber";

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly optional?: boolean;
  /** Keyword-only in PyTorch (after `*`): accepted in the options object alone. */
  readonly keywordOnly?: boolean;
}

type ArgValue<T extends ArgType> =
  T extends "dim" | "int" | "number" ? number
    : T extends "dims" | "ints" ? Dims
      : T extends "bool" ? boolean
        : T extends "tensor" ? Tensor
          : T extends "tensorOrNumber" ? Tensor | number
            : DType;

/** What `parseArgs` returns for a schema: each argument by name, typed by its spec. */
export type Parsed<S extends readonly ArgSpec[]> = { [K in S[number] as K["name"]]?: ArgValue<K["type"]> };

/** One dim or several (`sum`, `mean`, `amax`, ...). */
export type Dims = number | readonly number[];

/**
 * The call forms of an op taking `dim` then `keepdim`, with further options `O`:
 * `(opts?)`, `(dim, opts?)`, `(dim, keepdim, opts?)`.
 */
export type DimArgs<D, O extends object = object> =
  | [options?: O & { dim?: D; keepdim?: boolean }]
  | [dim: D | undefined, options?: O & { keepdim?: boolean }]
  | [dim: D | undefined, keepdim: boolean | undefined, options?: O];


const TYPE_WORDS: Record<ArgType, string> = {
  dim: "int",
  dims: "int or tuple of ints",
  int: "int",
  ints: "int or list of ints",
  tensor: "Tensor",
  tensorOrNumber: "Tensor or number",
  bool: "bool",
  number: "number",
  dtype: "torch.dtype (\"float32\", \"float64\", \"int32\", \"int64\" or \"bool\")",
};

/** A plain object: the options (keyword arguments), never a tensor or an array. */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

function valid(type: ArgType, v: unknown): boolean {
  switch (type) {
    case "dim":
    case "int":
      return Number.isInteger(v);
    case "dims":
    case "ints":
      return Number.isInteger(v) || (Array.isArray(v) && v.every((d) => Number.isInteger(d)));
    case "tensor":
      return v instanceof Tensor;
    case "tensorOrNumber":
      return v instanceof Tensor || (typeof v === "number" && !Number.isNaN(v));
    case "bool":
      return typeof v === "boolean";
    case "number":
      return typeof v === "number" && !Number.isNaN(v);
    case "dtype":
      return typeof v === "string" && (DTYPE_NAMES as readonly string[]).includes(v);
  }
}

/**
 * Parses `args` (everything after the tensor) against `schema`. Returns the values by
 * name; absent optional ones are undefined.
 */
export function parseArgs<const S extends readonly ArgSpec[]>(op: string, schema: S, args: readonly unknown[]): Parsed<S> {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const out: Record<string, unknown> = {};
  // No arguments (`x.sum()`, `x.argmax()`): the common case on a training step's hot path.
  if (n === 0) {
    checkRequired(op, schema, out);
    return out as Parsed<S>;
  }
  const last = args[n - 1];
  const options = isOptions(last) ? last : null;
  const positional = options ? n - 1 : n;
  const most = positionalCount(schema);
  if (positional > most) {
    throw new TypeError(`${op}() takes at most ${most} positional argument${most === 1 ? "" : "s"} but ${positional} were given`);
  }
  for (let i = 0; i < positional; i++) {
    if (args[i] === undefined) continue;
    checkArg(op, schema[i], args[i], i + 1);
    out[schema[i].name] = args[i];
  }
  if (options) {
    for (const key of Object.keys(options)) {
      const v = options[key];
      let spec: ArgSpec | undefined;
      for (let i = 0; i < schema.length && !spec; i++) if (schema[i].name === key) spec = schema[i];
      if (!spec) {
        const known = schema.map((s) => s.name).join(", ");
        throw new TypeError(`${op}() got an unexpected keyword argument '${key}' (it takes ${known || "no options"})`);
      }
      if (v === undefined) continue;
      if (key in out) throw new TypeError(`${op}() got multiple values for argument '${key}'`);
      checkArg(op, spec, v, null);
      out[key] = v;
    }
  }
  checkRequired(op, schema, out);
  return out as Parsed<S>;
}

/** How many of the schema's parameters may be given by position (those before the first keyword-only one). */
function positionalCount(schema: readonly ArgSpec[]): number {
  let most = 0;
  while (most < schema.length && !schema[most].keywordOnly) most++;
  return most;
}

function checkArg(op: string, spec: ArgSpec, v: unknown, position: number | null): void {
  if (!valid(spec.type, v)) {
    const where = position === null ? "" : ` (position ${position})`;
    throw new TypeError(`${op}(): argument '${spec.name}'${where} must be ${TYPE_WORDS[spec.type]}, not ${typeName(v)}`);
  }
}

function checkRequired(op: string, schema: readonly ArgSpec[], out: Record<string, unknown>): void {
  for (let i = 0; i < schema.length; i++) {
    if (!schema[i].optional && out[schema[i].name] === undefined) {
      throw new TypeError(`${op}() missing required argument '${schema[i].name}'`);
    }
  }
}

/** The call forms of an op whose one argument is an optional `dim` (cat, stack, unbind): positional or as an option. */
export type OneDim = [dim?: number] | [options: { dim?: number }];
