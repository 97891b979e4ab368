/**
 * SVG → PNG with resvg, in Node. resvg draws text only with fonts it is given, so we look
 * for font files first: without any, every label would silently vanish, and we refuse
 * with a message saying what to install instead.
 */
import { KindlingError } from "../errors.js";
import { importNodeOnly } from "./node-only.js";

export interface PngOptions {
  /** Pixels per SVG unit (default 2: sharp on high-density screens and in documents). */
  scale?: number;
  /** Font files to use instead of searching the system (.ttf / .otf). */
  fontFiles?: string[];
}

/** Where fonts live on Linux, macOS and Windows. */
const FONT_DIRS = [
  "/usr/share/fonts", "/usr/local/share/fonts", "/usr/share/fonts/truetype",
  "/Library/Fonts", "/System/Library/Fonts", "C:\\Windows\\Fonts",
];

/** Preferred families, with the file names that identify them; the first found is the default. */
const PREFERRED: readonly { family: string; file: RegExp }[] = [
  { family: "DejaVu Sans", file: /^DejaVuSans(-Bold)?\.ttf$/ },
  { family: "Liberation Sans", file: /^LiberationSans-(Regular|Bold)\.ttf$/ },
  { family: "Arial", file: /^Arial(bd)?\.ttf$/i },
];

interface FontChoice {
  files: string[];
  family?: string;
}

type FsPromises = typeof import("node:fs/promises");
type NodePath = typeof import("node:path");

/** Font files under `dir`, a few levels deep and bounded in number (a machine may have thousands). */
async function listFonts(fs: FsPromises, path: NodePath, dir: string, depth: number, out: string[]): Promise<void> {
  if (depth < 0 || out.length >= 2000) return;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) await listFonts(fs, path, full, depth - 1, out);
    else if (/\.(ttf|otf|ttc)$/i.test(e.name)) out.push(full);
  }
}

let cached: Promise<FontChoice> | undefined;

async function findFonts(): Promise<FontChoice> {
  const fs = await importNodeOnly<FsPromises>("node:fs/promises");
  const path = await importNodeOnly<NodePath>("node:path");
  const all: string[] = [];
  for (const dir of new Set(FONT_DIRS)) await listFonts(fs, path, dir, 4, all);
  const unique = [...new Set(all)];
  for (const p of PREFERRED) {
    const files = unique.filter((f) => p.file.test(path.basename(f)));
    if (files.length > 0) return { files, family: p.family };
  }
  return { files: unique };
}

function fontChoice(opts: PngOptions): Promise<FontChoice> {
  if (opts.fontFiles && opts.fontFiles.length > 0) return Promise.resolve({ files: opts.fontFiles });
  cached ??= findFonts();
  return cached;
}

export async function svgToPng(svg: string, opts: PngOptions = {}): Promise<Uint8Array> {
  const scale = opts.scale ?? 2;
  if (!(scale > 0 && scale <= 16)) throw new KindlingError(`toPNG: scale must be in (0, 16], got ${scale}`);
  let resvg: typeof import("@resvg/resvg-js");
  try {
    resvg = await importNodeOnly<typeof import("@resvg/resvg-js")>("@resvg/resvg-js");
  } catch (e) {
    throw new KindlingError(`toPNG needs the @resvg/resvg-js package in Node (${(e as Error).message}); in a browser use toSVG`);
  }
  const fonts = await fontChoice(opts);
  if (fonts.files.length === 0) {
    throw new KindlingError(
      "toPNG found no font files, so the figure's text would be invisible; install fonts " +
      "(Debian: apt-get install fonts-dejavu-core) or pass { fontFiles: [...] }",
    );
  }
  const family = fonts.family;
  const rendered = await resvg.renderAsync(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: fonts.files,
      ...(family ? { defaultFontFamily: family, sansSerifFamily: family } : {}),
    },
  });
  return new Uint8Array(rendered.asPng());
}
