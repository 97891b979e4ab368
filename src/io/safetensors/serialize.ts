/**
 * State dict → safetensors bytes, in memory (works in a browser).
 *
 * Layout: 8-byte little-endian header length, a JSON header (padded with spaces to a
 * multiple of 8, as safetensors pads it), then every tensor's little-endian bytes back
 * to back. Tensors are laid out as safetensors itself lays them out, so the bytes of a
 * file match those PyTorch's `safetensors.torch.save` writes for the same state dict.
 */
import { DTypeError, ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { codecOfCode, codecOfDType, HOST_LITTLE_ENDIAN, type DTypeCodec } from "./dtypes.js";
import { BF16, F16, halfMax, numberToHalf } from "./half.js";

/** A state dict: tensors by PyTorch's names ("layer_1.weight"). */
export type StateDict = Record<string, Tensor>;

/** The free-form `__metadata__` string map of a safetensors file. */
export type Metadata = Record<string, string>;

export const METADATA_KEY = "__metadata__";

export interface SerializeOptions {
  /**
   * Store float32 and float64 tensors as 16-bit floats (half the size of float32, as
   * `model.half()` before saving in PyTorch): "float16" (F16) or "bfloat16" (BF16).
   * A finite value beyond the format's range is refused, never written as inf.
   */
  floatsAs?: "float16" | "bfloat16";
}

interface Entry {
  name: string;
  tensor: Tensor;
  codec: DTypeCodec;
  begin: number;
  end: number;
}

function checkInputs(stateDict: StateDict, metadata: Metadata | undefined): void {
  if (typeof (stateDict as { stateDict?: unknown } | null)?.stateDict === "function") {
    throw new ValueError("serialize: got a model, expected its state dict: pass model.stateDict() (or save the whole model with kd.io.saveModel)");
  }
  if (stateDict === null || typeof stateDict !== "object") {
    throw new ValueError(`serialize: expected a state dict (an object of tensors), got ${String(stateDict)}`);
  }
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (typeof v !== "string") {
      throw new ValueError(`serialize: metadata values must be strings, but "${k}" is a ${typeof v}`);
    }
  }
}

function halfCodec(floatsAs: SerializeOptions["floatsAs"]): DTypeCodec | null {
  if (floatsAs === undefined) return null;
  if (floatsAs !== "float16" && floatsAs !== "bfloat16") {
    throw new ValueError(`serialize: floatsAs must be "float16" or "bfloat16", got ${String(floatsAs)}`);
  }
  return codecOfCode(floatsAs === "float16" ? "F16" : "BF16") as DTypeCodec;
}

function entriesOf(stateDict: StateDict, half: DTypeCodec | null): Entry[] {
  const entries: Entry[] = [];
  for (const [name, tensor] of Object.entries(stateDict)) {
    if (name === METADATA_KEY) {
      throw new ValueError(`serialize: "${METADATA_KEY}" is reserved for metadata and cannot name a tensor`);
    }
    if (!(tensor instanceof Tensor)) {
      throw new ValueError(`serialize: state dict entry "${name}" is not a Tensor`);
    }
    if (tensor.data.length !== tensor.numel()) {
      throw new ValueError(`serialize: tensor "${name}" has ${tensor.data.length} stored values for shape [${tensor.shape.join(", ")}]`);
    }
    const floating = tensor.dtype === "float32" || tensor.dtype === "float64" || tensor.dtype === "float16";
    entries.push({ name, tensor, codec: half && floating ? half : codecOfDType(tensor.dtype), begin: 0, end: 0 });
  }
  entries.sort((a, b) => a.codec.order - b.codec.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let offset = 0;
  for (const e of entries) {
    e.begin = offset;
    offset += e.tensor.numel() * e.codec.size;
    e.end = offset;
  }
  return entries;
}

/** The header text. Built by hand so a tensor named "__proto__" stays an ordinary key. */
function headerJson(entries: readonly Entry[], metadata: Metadata | undefined): string {
  const parts: string[] = [];
  if (metadata && Object.keys(metadata).length > 0) {
    const meta = Object.entries(metadata).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    parts.push(`${JSON.stringify(METADATA_KEY)}:{${meta.join(",")}}`);
  }
  for (const e of entries) {
    const info = { dtype: e.codec.code, shape: e.tensor.shape, data_offsets: [e.begin, e.end] };
    parts.push(`${JSON.stringify(e.name)}:${JSON.stringify(info)}`);
  }
  return `{${parts.join(",")}}`;
}

function writeTensor(out: Uint8Array, view: DataView, at: number, e: Entry): void {
  const { data } = e.tensor;
  switch (e.codec.code) {
    case "F32":
    case "F64":
    case "I32":
      if (HOST_LITTLE_ENDIAN) {
        out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
      } else {
        for (let i = 0; i < data.length; i++) {
          if (e.codec.code === "F32") view.setFloat32(at + 4 * i, data[i], true);
          else if (e.codec.code === "I32") view.setInt32(at + 4 * i, data[i], true);
          else view.setFloat64(at + 8 * i, data[i], true);
        }
      }
      return;
    case "I64":
      // Kindling holds int64 as whole doubles; the file holds real two's-complement int64.
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (!Number.isInteger(v)) {
          throw new DTypeError(`serialize: int64 tensor "${e.name}" holds ${v} at flat index ${i}, which is not a whole number`);
        }
        view.setBigInt64(at + 8 * i, BigInt(v), true);
      }
      return;
    case "BOOL":
      for (let i = 0; i < data.length; i++) out[at + i] = data[i] ? 1 : 0;
      return;
    case "F16":
    case "BF16": {
      const format = e.codec.code === "F16" ? F16 : BF16;
      for (let i = 0; i < data.length; i++) {
        const bits = numberToHalf(data[i], format);
        if (bits === null) {
          throw new ValueError(
            `serialize: tensor "${e.name}" holds ${data[i]} at flat index ${i}, beyond ${e.codec.code === "F16" ? "float16" : "bfloat16"}'s range ` +
              `(±${halfMax(format)}); save it without floatsAs, or scale it first`,
          );
        }
        view.setUint16(at + 2 * i, bits, true);
      }
      return;
    }
  }
}

/**
 * `safetensors.torch.save`: the bytes of a safetensors file holding `stateDict` and
 * `metadata` (float tensors as 16-bit floats with `floatsAs`).
 */
export function serialize(stateDict: StateDict, metadata?: Metadata, opts: SerializeOptions = {}): Uint8Array {
  checkInputs(stateDict, metadata);
  const entries = entriesOf(stateDict, halfCodec(opts.floatsAs));
  const header = new TextEncoder().encode(headerJson(entries, metadata));
  const padded = header.length + ((8 - (header.length % 8)) % 8);
  const dataStart = 8 + padded;
  const dataLength = entries.length > 0 ? entries[entries.length - 1].end : 0;
  const out = new Uint8Array(dataStart + dataLength);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  out.set(header, 8);
  out.fill(0x20, 8 + header.length, dataStart);
  for (const e of entries) writeTensor(out, view, dataStart + e.begin, e);
  return out;
}
