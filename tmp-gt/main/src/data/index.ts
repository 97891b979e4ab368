/** kd.data: datasets and loaders, splitting, preprocessing and CSV files. */
export * from "./loader/index.js";
export * from "./split.js";
export * from "./preprocessing/index.js";
export * from "./csv/index.js";
export { ImageFolder } from "./vision/image-folder.js";
export type { ImageFolderOptions } from "./vision/image-folder.js";
