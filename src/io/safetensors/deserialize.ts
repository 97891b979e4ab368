/** safetensors bytes → tensors and metadata, in memory (works in a browser). */
import { ValueError } from "../../errors.js";
import { allocate } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { HOST_LITTLE_ENDIAN } from "./dtypes.js";
import { parseHeader, type HeaderEntry } from "./header.js";
import type { Metadata, StateDict } from "./serialize.js";

export interface SafetensorsContents {
  /** The tensors by name, in the file's header order. */
  tensors: StateDict;
  /** The `__metadata__` map ({} when the file has none). */
  metadata: Metadata;
}

function readTensor(bytes: Uint8Array, view: DataView, at: number, e: HeaderEntry): Tensor {
  const data = allocate(e.codec.dtype, e.numel);
  switch (e.codec.code) {
    case "F32":
    case "F64":
      if (HOST_LITTLE_ENDIAN) {
        // Copy through bytes: the tensor's offset in the file need not be aligned.
        new Uint8Array(data.buffer).set(bytes.subarray(at, at + data.byteLength));
      } else {
        for (let i = 0; i < e.numel; i++) {
          data[i] = e.codec.code === "F32" ? view.getFloat32(at + 4 * i, true) : view.getFloat64(at + 8 * i, true);
        }
      }
      break;
    case "I64":
      for (let i = 0; i < e.numel; i++) {
        const v = view.getBigInt64(at + 8 * i, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new ValueError(`int64 tensor "${e.name}" holds ${v} at flat index ${i}, beyond ±2^53 where Kindling's int64 is exact`);
        }
        data[i] = Number(v);
      }
      break;
    case "BOOL":
      for (let i = 0; i < e.numel; i++) data[i] = bytes[at + i] ? 1 : 0;
      break;
  }
  return new Tensor(data, e.shape, e.codec.dtype);
}

/** `safetensors.torch.load` plus the metadata: checks the whole file, then reads every tensor. */
export function deserialize(bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) throw new ValueError("deserialize: expected the file's bytes as a Uint8Array");
  const header = parseHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Object.fromEntries defines own properties, so hostile names such as "__proto__" stay data.
  const tensors = Object.fromEntries(
    header.entries.map((e) => [e.name, readTensor(bytes, view, header.dataStart + e.begin, e)]),
  );
  return { tensors, metadata: header.metadata };
}
