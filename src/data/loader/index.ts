/** Filled in by its own issue; see the folder. */
export {};
