/**
 * Python's `format(value, spec)`: the whole format-spec mini-language
 *   [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]
 * so an f-string from a PyTorch script ports as `kd.format(x, spec)` and prints the same
 * text. Floats round as Python rounds them (half to even on the exact binary value:
 * 99.125 → "99.12", where JS toFixed gives "99.13").
 *
 * JavaScript has one number type, so an int is told from a float by its value: a whole
 * number within ±2^53 (not -0) formats as Python's int, anything else as a float. A
 * float that happens to be whole ("5.0") is written with a float type ("g", ".1f") or
 * with `kd.repr`; a 0-d tensor formats as its dtype says, as `format(tensor, spec)` does.
 */
import { ValueError } from "../errors.js";
import { pyFloatRepr, pyStrRepr } from "../data/datasets/python-text.js";
import { pyExp, pyFixed } from "../tensor/format.js";

/** What `kd.format` takes: numbers, bigints, booleans, strings, or a 0-d tensor (duck-typed, to keep text/ free of the engine). */
export type Formattable = number | bigint | boolean | string | { readonly ndim: number; readonly dtype: string; item(): number };

interface Spec {
  fill: string;
  align: "<" | ">" | "=" | "^" | "";
  sign: "+" | "-" | " " | "";
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: "," | "_" | "";
  precision: number | null;
  type: string;
}

// The fill is any one character (a code point), but only when an align character follows it.
const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/su;

function parseSpec(spec: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier '${spec}'`);
  const [, fill, align, sign, z, alt, zero, width, grouping, precision, type] = m;
  return {
    fill: fill ?? "",
    align: (align ?? "") as Spec["align"],
    sign: (sign ?? "") as Spec["sign"],
    z: z !== undefined,
    alt: alt !== undefined,
    zero: zero !== undefined,
    width: width === undefined ? 0 : Number(width),
    grouping: (grouping ?? "") as Spec["grouping"],
    precision: precision === undefined ? null : Number(precision),
    type: type ?? "",
  };
}

/** Python checks the grouping against the type before it looks at the value. */
function checkGrouping(s: Spec): void {
  if (!s.grouping) return;
  const ok = "deEfFgG%".includes(s.type) || (s.grouping === "_" && "boxX".includes(s.type));
  if (!ok) throw new ValueError(`Cannot specify '${s.grouping}' with '${s.type}'.`);
}

/** Python counts characters (code points), not UTF-16 units; counted without copying the text. */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || (text.charCodeAt(i - 1) & 0xfc00) !== 0xd800) n++;
  }
  return n;
}

/** The first `count` code points of `text`. */
function firstCodePoints(text: string, count: number): string {
  let i = 0;
  for (let n = 0; n < count && i < text.length; n++) i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
  return text.slice(0, i);
}

/** Pads `body` (sign + prefix already split off for "=" alignment) to the spec's width. */
function pad(s: Spec, signAndPrefix: string, body: string, defaultAlign: "<" | ">"): string {
  const len = codePoints(signAndPrefix) + codePoints(body);
  const fill = s.fill || " ";
  const gap = Math.max(0, s.width - len);
  switch (s.align || defaultAlign) {
    case "<": return signAndPrefix + body + fill.repeat(gap);
    case ">": return fill.repeat(gap) + signAndPrefix + body;
    case "^": return fill.repeat(gap >> 1) + signAndPrefix + body + fill.repeat(gap - (gap >> 1));
    default: return signAndPrefix + fill.repeat(gap) + body;
  }
}

/** Inserts `sep` every `every` digits from the right. */
function group(digits: string, sep: string, every: number): string {
  if (!sep) return digits;
  const parts: string[] = [];
  for (let end = digits.length; end > 0; end -= every) parts.unshift(digits.slice(Math.max(0, end - every), end));
  return parts.join(sep);
}

/**
 * The integer digits grouped; with zero padding ("0" flag, or fill "0" and "=" alignment)
 * the zeros are digits too and get separators, as Python writes `format(1234, "010,")` → "00,001,234".
 */
function groupedDigits(s: Spec, digits: string, sep: string, every: number, room: number): string {
  if (!sep || s.fill !== "0" || s.align !== "=") return group(digits, sep, every);
  // k digits take k + ⌊(k − 1) / every⌋ characters grouped: the fewest k that fill the room
  // (one more character when a separator would otherwise lead).
  const grouped = (k: number): number => k + Math.floor((k - 1) / every);
  let k = Math.max(digits.length, Math.floor((room * every) / (every + 1)));
  while (k > digits.length && grouped(k - 1) >= room) k--;
  while (grouped(k) < room) k++;
  return group(digits.padStart(k, "0"), sep, every);
}

/** Sign text for a number whose magnitude is formatted separately. */
function signText(s: Spec, negative: boolean): string {
  if (negative) return "-";
  return s.sign === "+" ? "+" : s.sign === " " ? " " : "";
}

const INT_TYPES = "bcdoxXn";
const FLOAT_TYPES = "eEfFgGn%";

function formatInt(v: bigint, s: Spec, typeName: "int" | "bool" = "int"): string {
  const t = s.type || "d";
  if (!INT_TYPES.includes(t)) {
    if (FLOAT_TYPES.includes(t)) return formatFloat(Number(v), s);
    throw new ValueError(`Unknown format code '${t}' for object of type '${typeName}'`);
  }
  if (s.precision !== null) throw new ValueError("Precision not allowed in integer format specifier");
  if (s.z) throw new ValueError("Negative zero coercion (z) not allowed in integer format specifier");
  if (t === "c") {
    if (s.sign) throw new ValueError("Sign not allowed with integer format specifier 'c'");
    if (s.alt) throw new ValueError("Alternate form (#) not allowed with integer format specifier 'c'");
    if (s.grouping) throw new ValueError("Cannot specify ',' with 'c'.");
    if (v < 0n || v > 0x10ffffn) throw new ValueError("%c arg not in range(0x110000)");
    return pad(s, "", String.fromCodePoint(Number(v)), ">");
  }
  const radix = { b: 2, o: 8, x: 16, X: 16, d: 10, n: 10 }[t] as number;
  const negative = v < 0n;
  let digits = (negative ? -v : v).toString(radix);
  if (t === "X") digits = digits.toUpperCase();
  const prefix = s.alt && radix !== 10 ? `0${t === "X" ? "X" : t}` : "";
  const head = signText(s, negative) + prefix;
  return finish(s, head, digits, "", s.grouping, radix === 10 ? 3 : 4);
}

/** Lays out sign/prefix, the grouped integer digits and the rest (fraction, exponent, %). */
function finish(s: Spec, head: string, intDigits: string, rest: string, sep: string, every: number): string {
  const room = s.width - head.length - rest.length;
  return pad(s, head, groupedDigits(s, intDigits, sep, every, room) + rest, ">");
}

/** Significant-digit ("g") text of |x|: fixed or scientific by Python's rule, trailing zeros dropped unless `keepZeros`. */
function general(a: number, precision: number, upper: boolean, keepZeros: boolean, addDot0: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const sci = pyExp(a, p - 1);
  const exp = Number(sci.slice(sci.indexOf("e") + 1));
  // Without a type (addDot0), Python switches to an exponent one digit earlier: format(100.0, ".3") → "1e+02".
  let out: string;
  if (exp >= -4 && exp < (addDot0 ? p - 1 : p)) {
    out = pyFixed(a, p - 1 - exp);
    if (!keepZeros && out.includes(".")) out = out.replace(/0+$/, "").replace(/\.$/, "");
    if (keepZeros && !out.includes(".")) out += ".";
    if (addDot0 && !out.includes(".")) out += ".0";
  } else {
    const e = sci.slice(sci.indexOf("e") + 1);
    let m = sci.slice(0, sci.indexOf("e"));
    if (!keepZeros && m.includes(".")) m = m.replace(/0+$/, "").replace(/\.$/, "");
    if (keepZeros && !m.includes(".")) m += ".";
    out = `${m}e${e}`;
  }
  return upper ? out.toUpperCase() : out;
}

function formatFloat(x: number, s: Spec): string {
  const t = s.type;
  if (t !== "" && !FLOAT_TYPES.includes(t)) throw new ValueError(`Unknown format code '${t}' for object of type 'float'`);
  const v = t === "%" ? x * 100 : x;
  let negative = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  let body: string;
  if (!Number.isFinite(a)) {
    body = Number.isNaN(a) ? "nan" : "inf";
    if (t === "E" || t === "F" || t === "G") body = body.toUpperCase();
    if (t === "%") body += "%";
    return finish(s, signText(s, negative), "", body, "", 3);
  }
  const p = s.precision ?? 6;
  switch (t) {
    case "f": case "F": case "%":
      body = pyFixed(a, p);
      if (s.alt && p === 0) body += ".";
      if (t === "%") body += "%";
      break;
    case "e": case "E":
      body = pyExp(a, p);
      if (s.alt && p === 0) body = body.replace("e", ".e");
      if (t === "E") body = body.toUpperCase();
      break;
    case "g": case "G": case "n":
      body = general(a, p, t === "G", s.alt, false);
      break;
    default:
      // No type: repr without a precision, else "g" that keeps one digit after the point.
      body = s.precision === null ? pyFloatRepr(a) : general(a, s.precision, false, s.alt, true);
      if (s.alt && !body.includes(".")) body = body.includes("e") ? body.replace("e", ".e") : `${body}.`;
      break;
  }
  // "z": a negative number that rounds to zero prints without its sign.
  if (s.z && negative && !/[1-9]/.test(body.replace(/e.*$/, ""))) negative = false;
  const m = /^(\d*)(.*)$/s.exec(body) as RegExpExecArray;
  return finish(s, signText(s, negative), m[1], m[2], s.grouping, 3);
}

function formatStr(v: string, s: Spec): string {
  if (s.type !== "" && s.type !== "s") throw new ValueError(`Unknown format code '${s.type}' for object of type 'str'`);
  if (s.sign) throw new ValueError("Sign not allowed in string format specifier");
  if (s.z) throw new ValueError("Negative zero coercion (z) not allowed in string format specifier");
  if (s.alt) throw new ValueError("Alternate form (#) not allowed in string format specifier");
  if (s.grouping) throw new ValueError(`Cannot specify '${s.grouping}' with 's'.`);
  if (s.align === "=") throw new ValueError("'=' alignment not allowed in string format specifier");
  const text = s.precision === null ? v : firstCodePoints(v, s.precision);
  return pad(s, "", text, "<");
}

/** Whether a JS number stands for a Python int (see the file comment). */
function isIntLike(x: number): boolean {
  return Number.isSafeInteger(x) && !Object.is(x, -0);
}

/**
 * Python's `format(value, spec)`: `kd.format(0.5, ".2%")` → "50.00%",
 * `kd.format(7, "03d")` → "007", `kd.format(1234567.891, ",.2f")` → "1,234,567.89",
 * `kd.format("loss", ">8")` → "    loss". Bad specs raise Python's ValueError messages.
 */
export function format(value: Formattable, spec = ""): string {
  if (typeof spec !== "string") throw new ValueError(`format: the spec must be a string such as ".2f", got ${typeof spec}`);
  const s = parseSpec(spec);
  checkGrouping(s);
  // The "0" flag means fill "0" with "=" alignment, unless a fill or alignment is given.
  if (s.zero && !s.fill && !s.align) {
    s.fill = "0";
    if (typeof value !== "string") s.align = "=";
  }
  if (typeof value === "string") return formatStr(value, s);
  // A bool is an int to Python, except that an empty spec prints True / False.
  if (typeof value === "boolean") return spec === "" ? (value ? "True" : "False") : formatInt(value ? 1n : 0n, s, "bool");
  if (typeof value === "bigint") return formatInt(value, s);
  if (typeof value === "number") {
    return isIntLike(value) ? formatInt(BigInt(value), s) : formatFloat(value, s);
  }
  if (value !== null && typeof value === "object" && typeof value.item === "function") {
    if (value.ndim !== 0) {
      if (spec === "") throw new ValueError("format: pass a 0-d tensor (or tensor.item()); print a whole tensor with String(tensor)");
      throw new ValueError("unsupported format string passed to Tensor.__format__");
    }
    const x = value.item();
    if (value.dtype === "bool") return format(x !== 0, spec);
    if (value.dtype.startsWith("float")) return formatFloat(x, s);
    return formatInt(BigInt(x), s);
  }
  throw new ValueError(`format: cannot format ${String(value)}; expected a number, bigint, boolean, string or 0-d tensor`);
}

/** What `kd.repr` takes: a number is Python's float, a bigint its int. */
export type Reprable = number | bigint | boolean | string | null | readonly Reprable[];

/**
 * Python's `repr` for the values a training log prints: a number as Python's float
 * (`kd.repr(1e-7)` → "1e-07", `kd.repr(1)` → "1.0"), a bigint as an int, booleans as
 * True / False, strings quoted, null as None, arrays as lists.
 */
export function repr(value: Reprable): string {
  if (value === null) return "None";
  if (typeof value === "number") return pyFloatRepr(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return pyStrRepr(value);
  if (Array.isArray(value)) return `[${value.map((v: Reprable) => repr(v)).join(", ")}]`;
  throw new ValueError(`repr: cannot represent ${String(value)}; expected a number, bigint, boolean, string, null or an array of them`);
}
