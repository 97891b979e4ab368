/** kd.save / kd.load: state dicts in safetensors files, written atomically. */
import { KindlingError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import { FileFormatError } from "./errors.js";
import { nodeFs } from "./node-fs.js";
import { deserialize, type DeserializeOptions, type SafetensorsContents } from "./safetensors/deserialize.js";
import { serialize, type Metadata, type SerializeOptions, type StateDict } from "./safetensors/serialize.js";

export interface SaveOptions extends SerializeOptions {
  /** Strings stored in the file's `__metadata__` (e.g. `{ kindling: ... }` from `modelMetadata`). */
  metadata?: Metadata;
}

export type LoadOptions = DeserializeOptions;

/**
 * `safetensors.torch.save_file`: writes `stateDict` (and `metadata`) to `path`. The file
 * appears whole or not at all: a crash mid-write leaves any earlier file untouched.
 */
export function save(stateDict: StateDict, path: string, opts: SaveOptions = {}): void {
  writeFileAtomic(path, serialize(stateDict, opts.metadata, { floatsAs: opts.floatsAs }), "kd.save");
}

/** Reads a whole file, turning "no such file" into an error that names it. */
export function readBytes(path: string, what: string): Uint8Array {
  const fs = nodeFs(what);
  try {
    return fs.readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") throw new KindlingError(`${what}: no such file "${path}"`);
    if (code === "EISDIR") throw new KindlingError(`${what}: "${path}" is a directory, expected a file`);
    throw e;
  }
}

/** The tensors and the `__metadata__` of a safetensors file. */
export function loadWithMetadata(path: string, opts: LoadOptions = {}): SafetensorsContents {
  const bytes = readBytes(path, "kd.load");
  try {
    return deserialize(bytes, opts);
  } catch (e) {
    if (e instanceof FileFormatError) throw new FileFormatError(`${path}: ${e.message}`);
    throw e;
  }
}

/** `safetensors.torch.load_file`: the state dict stored in `path` (F16 tensors as float16, BF16 as float32, or `halfAs`). */
export function load(path: string, opts: LoadOptions = {}): StateDict {
  return loadWithMetadata(path, opts).tensors;
}
