/**
 * Options objects are Python's keyword arguments: a key the callee does not take is PyTorch's
 * TypeError, never silently ignored (a snake_case `step_size` from ported code would otherwise
 * leave the default in place and train with it). When the key is the snake_case spelling of
 * one the callee takes, the message names the camelCase one.
 */
export function checkKeys(fn: string, opts: object | null | undefined, allowed: readonly string[], required: readonly string[] = []): void {
  if (opts !== null && opts !== undefined && typeof opts === "object") {
    for (const key of Object.keys(opts)) {
      if (allowed.includes(key)) continue;
      const camel = camelOf(key);
      const hint = camel !== key && allowed.includes(camel) ? `: Kindling spells it '${camel}'` : ` (it takes ${allowed.join(", ") || "no options"})`;
      throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'${hint}`);
    }
  }
  for (const key of required) {
    if ((opts as Record<string, unknown> | null | undefined)?.[key] === undefined) throw new TypeError(`${fn}() missing 1 required argument: '${key}'`);
  }
}

/**
 * The keys of an options type, listed once: `keysOf<StepLROptions>({ stepSize: true, ... })`
 * does not compile when a key of the type is missing or misspelt, so the list cannot fall
 * behind the interface.
 */
export function keysOf<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(keys);
}

/**
 * A positional number argument, checked where it enters: an options object in its place
 * (`new LeakyReLU({ negativeSlope: 0.2 })`) would otherwise become a NaN slope.
 */
export function checkNumber(fn: string, name: string, v: unknown): void {
  if (typeof v !== "number" || Number.isNaN(v)) {
    throw new TypeError(`${fn}(): argument '${name}' must be a number, not ${v === null ? "null" : typeof v === "object" ? "an object (options follow the positional numbers)" : typeof v}`);
  }
}

/** A snake_case name in Kindling's camelCase (`weight_decay` → `weightDecay`). */
export function camelOf(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
