/**
 * Printing tensors exactly as PyTorch prints them (torch/_tensor_str.py): one
 * formatter per tensor chooses integer, fixed or scientific notation and a common
 * width; long tensors are summarised with "..."; lines wrap at `linewidth` columns.
 */
import { DeviceError } from "../errors.js";
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

const PROFILES = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
} as const;

let opts: PrintOptions = { ...PROFILES.default, sciMode: null };

/**
 * torch.set_printoptions. As in PyTorch, `sciMode` is reset to null (automatic)
 * unless it is given, and a `profile` sets the four other options first.
 */
export function setPrintOptions(o: Partial<PrintOptions> & { profile?: keyof typeof PROFILES }): void {
  const base = o.profile ? { ...opts, ...PROFILES[o.profile] } : opts;
  opts = {
    precision: o.precision ?? base.precision,
    threshold: o.threshold ?? base.threshold,
    edgeitems: o.edgeitems ?? base.edgeitems,
    linewidth: o.linewidth ?? base.linewidth,
    sciMode: o.sciMode ?? null,
  };
}

/** The current print options (torch._tensor_str.get_printoptions). */
export function getPrintOptions(): PrintOptions {
  return { ...opts };
}

// ---- Python's float formatting, exactly -------------------------------------

const VIEW = new DataView(new ArrayBuffer(8));

/** |x| as an exact decimal: digits · 10^-scale (a finite double is m · 2^e, and 2^-k = 5^k / 10^k). */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  VIEW.setFloat64(0, x);
  const hi = VIEW.getUint32(0), lo = VIEW.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (expBits !== 0) {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  if (e >= 0) return { digits: mant << BigInt(e), scale: 0 };
  return { digits: mant * 5n ** BigInt(-e), scale: -e };
}

/** digits / 10^drop rounded half to even, as Python rounds the exact binary value. */
function roundDrop(digits: bigint, drop: number): bigint {
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const p = 10n ** BigInt(drop);
  const q = digits / p, r = digits % p, half = p / 2n;
  return r > half || (r === half && q % 2n === 1n) ? q + 1n : q;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return null;
}

/**
 * Python's `{:.Nf}`: the exact binary value rounded half to even, keeping the sign
 * of negative zero and of negatives that round to zero (JS toFixed rounds ties up
 * and drops the sign of -0).
 */
export function pyFixed(x: number, digits: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  const { digits: d, scale } = exactDecimal(x);
  let s = roundDrop(d, scale - digits).toString().padStart(digits + 1, "0");
  if (digits > 0) s = `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return signOf(x) + s;
}

/** Python's `{:.Ne}`: a mantissa rounded half to even and a signed exponent of at least two digits. */
export function pyExp(x: number, digits: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  let mant: string;
  let exp10 = 0;
  if (x === 0) mant = "0".repeat(digits + 1);
  else {
    const { digits: d, scale } = exactDecimal(x);
    const len = d.toString().length;
    exp10 = len - 1 - scale;
    let q = roundDrop(d, len - 1 - digits);
    if (q.toString().length > digits + 1) {
      // 9.99995 → 10.0000: one digit more, so the exponent grows by one.
      q /= 10n;
      exp10++;
    }
    mant = q.toString();
  }
  const m = digits > 0 ? `${mant[0]}.${mant.slice(1)}` : mant;
  const e = `${exp10 < 0 ? "-" : "+"}${String(Math.abs(exp10)).padStart(2, "0")}`;
  return `${signOf(x)}${m}e${e}`;
}

/** Python's `str(int)`: every digit, never an exponent (String(1e21) would give one). */
function pyInt(v: number): string {
  return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
}

// ---- the formatter -------------------------------------------------------------

/** PyTorch's _Formatter: one notation and one width for every element of a print. */
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
    // Only non-zero finite values choose the notation and the width (nan, inf and 0 do not).
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length > 0) this.choose(finite);
  }

  private choose(finite: readonly number[]): void {
    let lo = Infinity, hi = -Infinity;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < lo) lo = a;
      if (a > hi) hi = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    // A forced sciMode also sets the width (PyTorch 2.x decides the notation first).
    this.sciMode = opts.sciMode ?? (hi / lo > 1000 || hi > 1e8 || lo < 1e-4);
    const p = opts.precision;
    let width: (v: number) => number;
    if (this.sciMode) width = (v) => pyExp(v, p).length;
    else if (this.intMode) width = (v) => pyFixed(v, 0).length + 1; // room for the "."
    else width = (v) => pyFixed(v, p).length;
    for (const v of finite) this.maxWidth = Math.max(this.maxWidth, width(v));
  }

  private plain(v: number): string {
    return this.bool ? (v ? "True" : "False") : pyInt(v);
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
    return r.length < this.maxWidth ? " ".repeat(this.maxWidth - r.length) + r : r;
  }
}

// ---- layout --------------------------------------------------------------------

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

/** The indices a summarised dim shows: the first and last `edgeitems`. */
function edgeIndices(n: number, e: number): number[] {
  return [...Array.from({ length: e }, (_, k) => k), ...Array.from({ length: e }, (_, k) => n - e + k)];
}

/** PyTorch's get_summarized_data: the values the formatter sees when summarising. */
function summarisedValues(v: View, out: number[]): void {
  const dim = v.shape.length;
  const n = v.shape[0], e = opts.edgeitems;
  if (dim === 0) {
    out.push(v.data[v.offset]);
  } else if (dim === 1) {
    // cat(self[:e], self[-e:]): with e = 0 the second half is the whole vector, as in PyTorch.
    const idx = n > 2 * e && e > 0 ? edgeIndices(n, e) : Array.from({ length: n }, (_, k) => k);
    for (const i of idx) out.push(v.data[v.offset + i * v.strides[0]]);
  } else if (e > 0) {
    const idx = n > 2 * e ? edgeIndices(n, e) : Array.from({ length: n }, (_, k) => k);
    for (const i of idx) summarisedValues(sub(v, i), out);
  }
}

function vectorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.maxWidth + 2;
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / elementLength));
  const n = v.shape[0], e = opts.edgeitems;
  const at = (i: number): string => f.format(v.data[v.offset + i * v.strides[0]]);
  let items: string[];
  if (summarize && e === 0) items = ["..."];
  else if (summarize && n > 2 * e) items = [...edgeIndices(n, e).slice(0, e).map(at), " ...", ...edgeIndices(n, e).slice(e).map(at)];
  else items = Array.from({ length: n }, (_, i) => at(i));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}

function tensorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return f.format(v.data[v.offset]);
  if (dim === 1) return vectorStr(v, indent, summarize, f);
  const n = v.shape[0], e = opts.edgeitems;
  const part = (i: number): string => tensorStr(sub(v, i), indent + 1, summarize, f);
  let slices: string[];
  if (summarize && n > 2 * e) {
    const idx = edgeIndices(n, e);
    slices = [...idx.slice(0, e).map(part), "...", ...idx.slice(e).map(part)];
  } else slices = Array.from({ length: n }, (_, i) => part(i));
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

function addSuffixes(str: string, suffixes: readonly string[], indent: number): string {
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

/** Python's str(tuple(shape)): "(2, 3)", "(5,)", "()". */
function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
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

/** `repr(tensor)`: values, then the dtype, grad_fn or requires_grad suffixes PyTorch adds. */
export function formatTensor(t: Tensor, device: string | null = null): string {
  if (t.device !== "cpu") {
    throw new DeviceError(`a tensor on ${t.device} is printed asynchronously, after its values are read back: await kd.formatAsync(t)`);
  }
  const prefix = "tensor(";
  const indent = prefix.length;
  // PyTorch names the device first among the suffixes (device='cuda:0', dtype=…).
  const suffixes: string[] = device === null ? [] : [`device='${device}'`];
  let body: string;
  if (t.numel() === 0) {
    // An empty tensor shows its shape unless it is (0,), and any dtype but the default float.
    if (t.ndim !== 1) suffixes.push(`size=${pyTuple(t.shape)}`);
    if (t.dtype !== defaultFloat()) suffixes.push(`dtype=${torchName(t.dtype)}`);
    body = "[]";
  } else {
    if (!opts.edgeitems) suffixes.push(`size=${pyTuple(t.shape)}`);
    if (t.dtype !== defaultFloat() && t.dtype !== "int64" && t.dtype !== "bool") suffixes.push(`dtype=${torchName(t.dtype)}`);
    body = formatValues(t, indent);
  }
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent);
}

/**
 * The printed form of a tensor on any device, as `String(t)` gives it on the CPU: a GPU
 * tensor's values are read back first, which only an asynchronous call can do.
 */
export async function formatAsync(t: Tensor): Promise<string> {
  if (t.device === "cpu") return formatTensor(t);
  // The values on the CPU, with the original's autograd facts for the suffixes.
  const copy = await t.cpuAsync();
  copy.gradFn = t.gradFn;
  copy.requiresGrad = t.requiresGrad;
  return formatTensor(copy, t.device);
}
