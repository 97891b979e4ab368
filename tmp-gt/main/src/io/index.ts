/** Model files (safetensors) and ONNX export: kd.save, kd.load and kd.io. */
export { FileFormatError } from "./errors.js";
export { serialize } from "./safetensors/serialize.js";
export type { StateDict, Metadata, SerializeOptions } from "./safetensors/serialize.js";
export { deserialize } from "./safetensors/deserialize.js";
export type { SafetensorsContents, DeserializeOptions } from "./safetensors/deserialize.js";
export { MAX_HEADER_BYTES } from "./safetensors/header.js";
export { save, load, loadWithMetadata } from "./files.js";
export type { SaveOptions, LoadOptions } from "./files.js";

export { MODEL_FORMAT, KINDLING_KEY, parseModelInfo, validateModelInfo } from "./model/spec.js";
export type { ModelInfo, LayerSpec, LayerType, Task } from "./model/spec.js";
export { describeSequential } from "./model/describe.js";
export type { DescribeOptions } from "./model/describe.js";
export { buildFromMetadata, MAX_PARAMETERS } from "./model/build.js";
export type { ModelDescription } from "./model/build.js";
export { modelMetadata, serializeModel, deserializeModel, saveModel, loadModel } from "./model/model-file.js";
export { outputWidth } from "./model/describe.js";
export type { SaveModelOptions, LoadedModel } from "./model/model-file.js";

export { exportOnnx } from "./onnx/export.js";
export type { ExportOnnxOptions } from "./onnx/export.js";

export { pytorchProject } from "../export/pytorch/index.js";
export type { PytorchProject, PytorchProjectSpec, DataSource, BuiltinSource, TrainingConfig } from "../export/pytorch/index.js";
