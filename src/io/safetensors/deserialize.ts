/** safetensors bytes → tensors and metadata, in memory (works in a browser). */
import { ValueError } from "../../errors.js";
import { allocate, type DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { HOST_LITTLE_ENDIAN } from "./dtypes.js";
import { BF16, F16, halfToNumber } from "./half.js";
import { parseHeader, type HeaderEntry } from "./header.js";
import type { Metadata, StateDict } from "./serialize.js";

export interface SafetensorsContents {
  /** The tensors by name, in the file's header order. */
  tensors: StateDict;
  /** The `__metadata__` map ({} when the file has none). */
  metadata: Metadata;
}

export interface DeserializeOptions {
  /**
   * The dtype F16 and BF16 tensors load as: by default F16 as float16 and BF16 (which
   * Kindling has no dtype for) as float32; "float32" or "float64" widens both (exact:
   * every half value is a float32); "float16" is for F16 only.
   */
  halfAs?: "float16" | "float32" | "float64";
}

/** Largest int64 Kindling holds exactly: 2^53 itself is exact in a double, 2^53 + 1 is not. */
const INT64_LIMIT = 2n ** 53n;

function readTensor(bytes: Uint8Array, view: DataView, at: number, e: HeaderEntry, halfAs: DType | undefined): Tensor {
  const sixteen = e.codec.code === "F16" || e.codec.code === "BF16";
  const dtype = sixteen && halfAs !== undefined ? halfAs : e.codec.dtype;
  if (e.codec.code === "BF16" && dtype === "float16") {
    throw new ValueError(`deserialize: tensor "${e.name}" is BF16, which float16 cannot hold (halfAs "float16" is for F16 tensors; use "float32")`);
  }
  // Every element is written below, so the storage may be stale (and, for long float32
  // tensors, resident in the wasm backend's memory: a view at an offset of its buffer).
  const data = allocate(dtype, e.numel, false);
  switch (e.codec.code) {
    case "F32":
    case "F64":
    case "I32":
      if (HOST_LITTLE_ENDIAN) {
        // Copy through bytes: the tensor's offset in the file need not be aligned. The bytes
        // go to the storage's own range: storage may be a view into a larger buffer.
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes.subarray(at, at + data.byteLength));
      } else {
        for (let i = 0; i < e.numel; i++) {
          data[i] = e.codec.code === "F32" ? view.getFloat32(at + 4 * i, true)
            : e.codec.code === "I32" ? view.getInt32(at + 4 * i, true) : view.getFloat64(at + 8 * i, true);
        }
      }
      break;
    case "I64":
      for (let i = 0; i < e.numel; i++) {
        const v = view.getBigInt64(at + 8 * i, true);
        if (v > INT64_LIMIT || v < -INT64_LIMIT) {
          throw new ValueError(`int64 tensor "${e.name}" holds ${v} at flat index ${i}, beyond ±2^53 (±9007199254740992), the range where Kindling's int64 is exact`);
        }
        data[i] = Number(v);
      }
      break;
    case "BOOL":
      for (let i = 0; i < e.numel; i++) data[i] = bytes[at + i] ? 1 : 0;
      break;
    case "F16":
    case "BF16": {
      const format = e.codec.code === "F16" ? F16 : BF16;
      for (let i = 0; i < e.numel; i++) data[i] = halfToNumber(view.getUint16(at + 2 * i, true), format);
      break;
    }
  }
  return new Tensor(data, e.shape, dtype);
}

/**
 * `safetensors.torch.load` plus the metadata: checks the whole file, then reads every
 * tensor. F16 tensors come back as float16 and BF16 as float32 (or both as `halfAs`).
 */
export function deserialize(bytes: Uint8Array, opts: DeserializeOptions = {}): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) throw new ValueError("deserialize: expected the file's bytes as a Uint8Array");
  const halfAs = opts.halfAs;
  if (halfAs !== undefined && halfAs !== "float16" && halfAs !== "float32" && halfAs !== "float64") {
    throw new ValueError(`deserialize: halfAs must be "float16", "float32" or "float64", got ${String(halfAs)}`);
  }
  const header = parseHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Object.fromEntries defines own properties, so hostile names such as "__proto__" stay data.
  const tensors = Object.fromEntries(
    header.entries.map((e) => [e.name, readTensor(bytes, view, header.dataStart + e.begin, e, halfAs)]),
  );
  return { tensors, metadata: header.metadata };
}
