/** Reads a safetensors file's header (an 8-byte little-endian length, then JSON), checking the offsets. */

export interface SafetensorsHeader {
  tensors: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  metadata: Record<string, string>;
}

const BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, U8: 1, BOOL: 1 };

export function readSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  const { __metadata__: metadata = {}, ...tensors } = json as {
    __metadata__?: Record<string, string>;
  } & SafetensorsHeader["tensors"];
  const dataLength = bytes.length - 8 - n;
  for (const [name, t] of Object.entries(tensors)) {
    const [a, b] = t.data_offsets;
    const size = t.shape.reduce((p, q) => p * q, 1) * (BYTES[t.dtype] ?? NaN);
    if (b - a !== size || b > dataLength) throw new Error(`tensor ${name}: offsets ${a}-${b} do not fit ${t.dtype} ${JSON.stringify(t.shape)}`);
  }
  return { tensors, metadata };
}
