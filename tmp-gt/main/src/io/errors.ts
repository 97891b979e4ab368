/** FileFormatError lives with the other error classes in src/errors.ts; re-exported here for old imports. */
export { FileFormatError } from "../errors.js";
