/**
 * Node's fs and path, reached without a top-level import so that this module (and
 * everything exporting it) still loads in a browser. `process.getBuiltinModule` is
 * synchronous, which keeps kd.save / kd.load synchronous like torch.save / torch.load.
 */
import { KindlingError } from "../errors.js";

export type NodeFs = typeof import("node:fs");
export type NodePath = typeof import("node:path");

function builtin<T>(id: string, what: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.(id);
  if (!mod) {
    throw new KindlingError(
      `${what} needs Node.js (>= 20.16) file access; in a browser use kd.io.serialize / kd.io.deserialize on bytes instead`,
    );
  }
  return mod as T;
}

export function nodeFs(what: string): NodeFs {
  return builtin<NodeFs>("node:fs", what);
}

export function nodePath(what: string): NodePath {
  return builtin<NodePath>("node:path", what);
}
