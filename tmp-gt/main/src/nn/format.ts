/**
 * Python's way of writing values, for the text PyTorch prints: module reprs
 * (`eps=1e-05`, `bias=True`) and error messages (`torch.Size([200, 1])`, `Long`).
 */
import { scalarTypeName, type DType } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";

/**
 * repr(float): the shortest digits that round-trip (the same digits JS finds), written
 * positionally for exponents in [-4, 16) with a trailing ".0" when whole, otherwise as
 * `d.ddde-05` (at least two exponent digits).
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, expPart] = x.toExponential().split("e");
  const exp = Number(expPart);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp >= -4 && exp < 16) {
    let text: string;
    if (exp < 0) text = "0." + "0".repeat(-exp - 1) + digits;
    else if (digits.length <= exp + 1) text = digits + "0".repeat(exp + 1 - digits.length) + ".0";
    else text = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    return sign + text;
  }
  const body = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  const e = Math.abs(exp).toString().padStart(2, "0");
  return `${sign}${body}e${exp < 0 ? "-" : "+"}${e}`;
}

/** str() of a Python bool. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** A float option that may be None (e.g. BatchNorm's momentum). */
export function pyOptionalFloat(x: number | null | undefined): string {
  return x === null || x === undefined ? "None" : pyFloat(x);
}

/** repr(torch.Size) as it appears in PyTorch's messages: `torch.Size([200, 1])`. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** An IntArrayRef as ATen prints it in messages: `[5, 3]`. */
export function atenSizes(shape: readonly number[]): string {
  return fmtShape(shape);
}

/** ATen's scalar-type names, as they appear in dtype messages ("Found dtype Long ..."). */
export { scalarTypeName };

/** The legacy tensor type name in TypeErrors: `torch.FloatTensor`. */
export function tensorTypeName(dtype: DType): string {
  return `torch.${scalarTypeName(dtype)}Tensor`;
}

/** Indents every line after the first by `spaces` (PyTorch's `_addindent`). */
export function addIndent(text: string, spaces: number): string {
  const lines = text.split("\n");
  if (lines.length === 1) return text;
  const pad = " ".repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join("\n");
}

/** repr of an int or a tuple of ints (a one-element tuple keeps its comma: `(5,)`), or None. */
export function pyInts(v: number | readonly (number | null)[] | null): string {
  if (v === null) return "None";
  if (typeof v === "number") return String(v);
  const items = v.map((x) => (x === null ? "None" : String(x)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}
