/**
 * Loads a module by a computed name, at call time: bundlers then leave Node-only
 * packages (fs, resvg's native binary) out of a browser build, and `import kd` stays
 * free of them.
 */
export async function importNodeOnly<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ name)) as T;
}
