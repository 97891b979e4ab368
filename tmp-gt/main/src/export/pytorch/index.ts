/** kd.export: hand a Kindling model to PyTorch as a runnable project. */
export { pytorchProject } from "./project.js";
export type { PytorchProject, PytorchProjectSpec, DataSource, BuiltinSource, TrainingConfig } from "./project.js";
