/**
 * Top-level functions cut from a source file's text, so "Show code" can paste the very
 * code the page runs (data/synthetic.ts) instead of a copy that could drift from it.
 */

/**
 * The named functions of `source`, each with its doc comment, `export` removed. A function
 * runs from its doc comment (or its `export function` line) to the first line that is
 * just `}`.
 */
export function extractFunctions(source: string, names: readonly string[]): string {
  const lines = source.split("\n");
  const out: string[] = [];
  for (const name of names) {
    const head = lines.findIndex((l) => new RegExp(`^export function ${name}\\b`).test(l));
    if (head < 0) throw new Error(`no function ${name} in the source`);
    let start = head;
    if (lines[head - 1]?.trim().endsWith("*/")) while (start > 0 && !lines[start].startsWith("/**")) start--;
    const end = lines.findIndex((l, i) => i > head && l === "}");
    out.push(lines.slice(start, end + 1).join("\n").replace(/^export function/m, "function"));
  }
  return out.join("\n\n");
}
