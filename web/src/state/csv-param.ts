/**
 * An uploaded CSV travels in the link too (`csv=` in the fragment), deflated and
 * base64url-encoded, so a shared link reproduces a CSV run as it does a generated one.
 * Deflate keeps a thousand-row file to a few kilobytes; browsers accept fragments far
 * longer than that.
 */

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  const s = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

export async function encodeCsvParam(csvText: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(csvText), new CompressionStream("deflate-raw")));
}

/** The CSV text back; throws on a damaged parameter (the caller says so on the page). */
export async function decodeCsvParam(param: string): Promise<string> {
  return new TextDecoder().decode(await pipe(fromBase64Url(param), new DecompressionStream("deflate-raw")));
}
