/**
 * The error of a model file that is not what it claims to be (corrupted, truncated or
 * hostile). Kept here until it joins the shared classes in src/errors.ts.
 */
import { KindlingError } from "../errors.js";

/** A file (safetensors, ONNX) whose bytes do not follow its format. */
export class FileFormatError extends KindlingError {}
