/** kd.data preprocessing: scikit-learn's scalers and encoders (fit / transform / fitTransform / inverseTransform). */
export { StandardScaler } from "./standard-scaler.js";
export type { StandardScalerOptions } from "./standard-scaler.js";
export { MinMaxScaler } from "./min-max-scaler.js";
export type { MinMaxScalerOptions } from "./min-max-scaler.js";
export { LabelEncoder } from "./label-encoder.js";
export { OneHotEncoder } from "./one-hot-encoder.js";
export type { OneHotEncoderOptions, CategoricalLike } from "./one-hot-encoder.js";
export type { Label, LabelsLike } from "./labels.js";
export type { MatrixLike } from "./matrix.js";
export { NotFittedError } from "./not-fitted.js";
