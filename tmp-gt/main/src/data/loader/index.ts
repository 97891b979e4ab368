/** Datasets, samplers and the DataLoader (torch.utils.data), re-exported by kd.data. */
export { Dataset, IterableDataset, TensorDataset, Subset } from "./dataset.js";
export type { BatchGather, BatchStream } from "./dataset.js";
export { SequentialSampler, RandomSampler, SubsetRandomSampler, BatchSampler } from "./sampler.js";
export type { Sampler, Sized, RandomSamplerOptions } from "./sampler.js";
export { defaultCollate } from "./collate.js";
export type { Collated } from "./collate.js";
export { randomSplit } from "./random-split.js";
export { DataLoader, DataLoaderIterator } from "./data-loader.js";
export type { DataLoaderOptions } from "./data-loader.js";
