/**
 * Printing tensors exactly as PyTorch prints them (torch/_tensor_str.py): one
 * formatter per tensor chooses integer, fixed or scientific notation and a common
 * width; long tensors are summarised with "..."; lines wrap at 80 columns.
 */
import type { Tensor } from "./tensor.js";
import { defaultFloat, isFloating, torchName } from "./dtype.js";
import { stridesOf } from "./shape.js";

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  /** null: chosen per tensor, as PyTorch's default. */
  sciMode: boolean | null;
}

const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null };
let opts: PrintOptions = { ...DEFAULTS };

/** torch.set_printoptions; `profile: "default"` restores the defaults. */
export function setPrintOptions(o: Partial<PrintOptions> & { profile?: "default" }): void {
  opts = { ...(o.profile === "default" ? DEFAULTS : opts), ...o };
}

/** Python's `{:.Nf}`: round half to even on the exact binary value (toFixed rounds ties away from zero). */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const s = x.toFixed(digits);
  // A tie is a value odd / 2^(digits+1): only then can toFixed's choice be the odd one.
  const y = x * 2 ** (digits + 1);
  if (!Number.isInteger(y) || Math.abs(y) % 2 !== 1 || Math.abs(y) > Number.MAX_SAFE_INTEGER) return s;
  const scaled = BigInt(Math.abs(y)) * 5n ** BigInt(digits); // |x|·10^digits·2, an odd integer
  const down = (scaled - 1n) / 2n;
  const n = down % 2n === 0n ? down : down + 1n;
  let str = n.toString().padStart(digits + 1, "0");
  if (digits > 0) str = `${str.slice(0, -digits)}.${str.slice(-digits)}`;
  return (x < 0 || Object.is(x, -0) ? "-" : "") + str;
}

/** Python's `{:.Ne}`: a mantissa and a signed exponent of at least two digits. */
export function pyExp(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const s = x.toExponential(digits);
  const [mant, exp] = s.split("e");
  const sign = exp[0] === "-" ? "-" : "+";
  const digitsExp = exp.replace(/^[+-]/, "").padStart(2, "0");
  return `${mant}e${sign}${digitsExp}`;
}

class Formatter {
  readonly floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  private readonly bool: boolean;

  constructor(values: ArrayLike<number>, dtype: Tensor["dtype"]) {
    this.floating = isFloating(dtype);
    this.bool = dtype === "bool";
    if (!this.floating) {
      for (let i = 0; i < values.length; i++) this.maxWidth = Math.max(this.maxWidth, this.plain(values[i]).length);
      return;
    }
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length === 0) return;
    let lo = Infinity, hi = -Infinity;
    for (const v of finite) {
      const a = Math.abs(v);
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
    }
    for (const v of finite) {
      if (v !== Math.ceil(v)) {
        this.intMode = false;
        break;
      }
    }
    const p = opts.precision;
    if (this.intMode) {
      if (hi / lo > 1000 || hi > 1e8) {
        this.sciMode = true;
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
      } else {
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, 0).length + 1);
      }
    } else if (hi / lo > 1000 || hi > 1e8 || lo < 1e-4) {
      this.sciMode = true;
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
    } else {
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, p).length);
    }
    if (opts.sciMode !== null) this.sciMode = opts.sciMode;
  }

  private plain(v: number): string {
    return this.bool ? (v ? "True" : "False") : String(v);
  }

  format(v: number): string {
    let r: string;
    if (this.floating) {
      if (this.sciMode) r = pyExp(v, opts.precision);
      else if (this.intMode) {
        r = pyFixed(v, 0);
        if (Number.isFinite(v)) r += ".";
      } else r = pyFixed(v, opts.precision);
    } else r = this.plain(v);
    return " ".repeat(Math.max(0, this.maxWidth - r.length)) + r;
  }
}

/** A light view into the flat storage: offset + shape, so printing slices nothing. */
interface View {
  data: ArrayLike<number>;
  offset: number;
  shape: readonly number[];
  strides: readonly number[];
}

function sub(v: View, i: number): View {
  return { data: v.data, offset: v.offset + i * v.strides[0], shape: v.shape.slice(1), strides: v.strides.slice(1) };
}

/** The values a summarised print shows (edge items only), for choosing the format. */
function summarisedValues(v: View, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.data[v.offset]);
    return;
  }
  const n = v.shape[0], e = opts.edgeitems;
  const idx = n > 2 * e ? [...Array(e).keys(), ...Array.from({ length: e }, (_, k) => n - e + k)] : [...Array(n).keys()];
  for (const i of idx) summarisedValues(sub(v, i), out);
}

function vectorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.maxWidth + 2;
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / elementLength));
  const n = v.shape[0], e = opts.edgeitems;
  const at = (i: number): string => f.format(v.data[v.offset + i * v.strides[0]]);
  let items: string[];
  if (summarize && n > 2 * e) {
    items = [...Array.from({ length: e }, (_, i) => at(i)), " ...", ...Array.from({ length: e }, (_, i) => at(n - e + i))];
  } else items = Array.from({ length: n }, (_, i) => at(i));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}

function tensorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return f.format(v.data[v.offset]);
  if (dim === 1) return vectorStr(v, indent, summarize, f);
  const n = v.shape[0], e = opts.edgeitems;
  let slices: string[];
  if (summarize && n > 2 * e) {
    slices = [
      ...Array.from({ length: e }, (_, i) => tensorStr(sub(v, i), indent + 1, summarize, f)),
      "...",
      ...Array.from({ length: e }, (_, i) => tensorStr(sub(v, n - e + i), indent + 1, summarize, f)),
    ];
  } else slices = Array.from({ length: n }, (_, i) => tensorStr(sub(v, i), indent + 1, summarize, f));
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

function addSuffixes(str: string, suffixes: string[], indent: number): string {
  const parts = [str];
  let lastLineLen = str.length - str.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > opts.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(", " + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** The body of a print without `tensor(`: the nested brackets only. */
export function formatValues(t: Tensor, indent = 0): string {
  if (t.numel() === 0) return "[]";
  const view: View = { data: t.data, offset: 0, shape: t.shape, strides: stridesOf(t.shape) };
  const summarize = t.numel() > opts.threshold;
  let values: ArrayLike<number> = t.data;
  if (summarize) {
    const picked: number[] = [];
    summarisedValues(view, picked);
    values = picked;
  }
  return tensorStr(view, indent, summarize, new Formatter(values, t.dtype));
}

export function formatTensor(t: Tensor): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  const showDtype = t.dtype !== defaultFloat() && t.dtype !== "int64" && t.dtype !== "bool";
  let body: string;
  if (t.numel() === 0) {
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(", ")}${t.ndim === 1 ? "," : ""})`);
    if (t.dtype !== defaultFloat()) suffixes.push(`dtype=${torchName(t.dtype)}`);
    body = "[]";
  } else {
    if (showDtype) suffixes.push(`dtype=${torchName(t.dtype)}`);
    body = formatValues(t, indent);
  }
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent);
}
