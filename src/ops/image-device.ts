/**
 * Convolution and pooling on a device (webgpu), composed of the device's gathers, products
 * and reductions; the ops (conv.ts, pool.ts) record the CPU's node around them.
 *
 * Each op's geometry becomes index tables computed once on the CPU and kept on the device:
 *   - a gather table: for every (channel, kernel tap, output position) the flat input
 *     position it reads, or one past the end, where a zero (or, for max pooling, another
 *     element of the same window) stands for the padding; im2col is then one gather;
 *   - its inverse, for the gradients: for every input position the column entries that
 *     read it (at most one per kernel tap), padded with a pointer to an appended zero, so
 *     col2im is a gather and a sum rather than a scatter with colliding writes.
 * The products are the device's batched matmul; nothing is read back.
 */
import { DeviceError } from "../errors.js";
import type { ConvGeometry } from "../backend/backend.js";
import type { DeviceStore } from "../tensor/device.js";
import { mixedDevices, type Device } from "../tensor/device.js";
import { Tensor } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { uploadStorage } from "./device.js";
import { arange } from "../tensor/creation.js";
import { div, gt, isnan, sub, where } from "./elementwise.js";
import { deviceBackend } from "./kernels.js";
import { matmul } from "./matmul.js";
import { cat } from "./shape.js";
import { empty } from "./util.js";

type GpuDevice = Exclude<Device, "cpu">;

/**
 * Tables by device backend and geometry. A training loop meets a few geometries (one per
 * layer), so a small cache keeps them all; the oldest goes when it is full.
 */
const tables = new WeakMap<object, Map<string, Tensor>>();
const MAX_TABLES = 64;

/** The tensor kept on `device` under `key`, made (on the CPU, then uploaded) the first time. */
function cached(device: GpuDevice, key: string, make: () => Tensor): Tensor {
  const backend = deviceBackend(device);
  let byKey = tables.get(backend);
  if (!byKey) tables.set(backend, (byKey = new Map()));
  let t = byKey.get(key);
  if (!t) {
    if (byKey.size >= MAX_TABLES) byKey.delete(byKey.keys().next().value as string);
    t = make();
    byKey.set(key, t);
  }
  return t;
}

/** An int64 index table on `device` (int32 storage there), made once per geometry. */
function table(device: GpuDevice, key: string, make: () => { data: Int32Array; shape: number[] }): Tensor {
  return cached(device, key, () => {
    const { data, shape } = make();
    return new Tensor(uploadStorage(data, "int64", device), shape, "int64", device);
  });
}

/** rows [r, size] gathered along dim 1 at a table's positions: [r, table length]. */
function take(rows: Tensor, idx: Tensor): Tensor {
  const device = rows.device as GpuDevice;
  const [r, size] = rows.shape;
  const out = empty([r, idx.numel()], rows.dtype, device);
  deviceBackend(device).indexSelect(rows.store as DeviceStore, r, size, 1, idx.store as DeviceStore, out.store as DeviceStore);
  return out;
}

/** rows [r, size] with a zero column appended: position `size` reads as 0. */
function withZero(rows: Tensor): Tensor {
  return cat([rows, empty([rows.shape[0], 1], rows.dtype, rows.device)], 1);
}

/** Throws PyTorch's two-device error when the op's tensors (nulls skipped) are not all on one device. */
export function sameDevice(ts: readonly (Tensor | null)[]): void {
  const first = ts[0] as Tensor;
  for (const t of ts) if (t && t.device !== first.device) throw mixedDevices(first.device, t.device);
}

// ---------------------------------------------------------------- convolution

const convKey = (g: ConvGeometry): string => `conv:${[g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, g.oh, g.ow].join(",")}`;

/** im2col's positions [c·kh·kw·oh·ow] into the input [c·h·w] with a zero at c·h·w. */
function columnsTable(g: ConvGeometry): Int32Array {
  const L = g.oh * g.ow, plane = g.h * g.w, pad = g.c * plane;
  const t = new Int32Array(g.c * g.kh * g.kw * L);
  let k = 0;
  for (let ch = 0; ch < g.c; ch++) for (let a = 0; a < g.kh; a++) for (let b = 0; b < g.kw; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      const iy = oy * g.sh - g.pt + a * g.dh;
      for (let ox = 0; ox < g.ow; ox++) {
        const ix = ox * g.sw - g.pl + b * g.dw;
        t[k++] = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w ? ch * plane + iy * g.w + ix : pad;
      }
    }
  }
  return t;
}

/** col2im's sources [c·h·w, kh·kw]: the column entry of each tap that read the position, or the zero at the end. */
function inverseColumnsTable(g: ConvGeometry): Int32Array {
  const L = g.oh * g.ow, K = g.kh * g.kw, pad = g.c * K * L;
  const t = new Int32Array(g.c * g.h * g.w * K).fill(pad);
  for (let ch = 0; ch < g.c; ch++) for (let iy = 0; iy < g.h; iy++) for (let ix = 0; ix < g.w; ix++) {
    const base = ((ch * g.h + iy) * g.w + ix) * K;
    for (let a = 0; a < g.kh; a++) {
      const ny = iy + g.pt - a * g.dh;
      if (ny < 0 || ny % g.sh !== 0 || ny / g.sh >= g.oh) continue;
      for (let b = 0; b < g.kw; b++) {
        const nx = ix + g.pl - b * g.dw;
        if (nx < 0 || nx % g.sw !== 0 || nx / g.sw >= g.ow) continue;
        t[base + a * g.kw + b] = ((ch * g.kh + a) * g.kw + b) * L + (ny / g.sh) * g.ow + nx / g.sw;
      }
    }
  }
  return t;
}

/** The columns [n, groups, cg·kh·kw, oh·ow] of x [n, c, …]. */
function columns(x: Tensor, g: ConvGeometry): Tensor {
  const idx = table(x.device as GpuDevice, convKey(g), () => ({ data: columnsTable(g), shape: [g.c * g.kh * g.kw * g.oh * g.ow] }));
  const cols = take(withZero(x.reshape([g.n, g.c * g.h * g.w])), idx);
  return cols.reshape([g.n, g.groups, (g.c / g.groups) * g.kh * g.kw, g.oh * g.ow]);
}

/** The weight [o, cg, …] as the groups' matrices [1, groups, o / groups, cg·kh·kw]. */
const weightMatrices = (w: Tensor, g: ConvGeometry): Tensor => w.reshape([1, g.groups, g.o / g.groups, (g.c / g.groups) * g.kh * g.kw]);

/** The convolution's output [n, o, oh·ow] (the caller shapes it), with no graph. */
export function deviceConv(x: Tensor, w: Tensor, bias: Tensor | null, g: ConvGeometry): Tensor {
  const out = matmul(weightMatrices(w, g), columns(x, g)).reshape([g.n, g.o, g.oh * g.ow]);
  return bias ? out.add(bias.reshape([1, g.o, 1])) : out;
}

/** The gradients of x, w and bias (null where not wanted) from gOut [n, o, …]. */
export function deviceConvBackward(
  gOut: Tensor, x: Tensor, w: Tensor, g: ConvGeometry, want: readonly [boolean, boolean, boolean],
): [Tensor | null, Tensor | null, Tensor | null] {
  const L = g.oh * g.ow, K = g.kh * g.kw;
  const gO = gOut.reshape([g.n, g.groups, g.o / g.groups, L]);
  // Σ over the batch of gO · colsᵀ, per group.
  const gw = want[1] ? matmul(gO, columns(x, g).transpose(-1, -2)).sum(0).reshape(w.shape) : null;
  const gb = want[2] ? gOut.reshape([g.n, g.o, L]).sum([0, 2]) : null;
  let gx: Tensor | null = null;
  if (want[0]) {
    const gcols = matmul(weightMatrices(w, g).transpose(-1, -2), gO).reshape([g.n, g.c * K * L]);
    const inv = table(x.device as GpuDevice, `inv${convKey(g)}`, () => ({ data: inverseColumnsTable(g), shape: [g.c * g.h * g.w * K] }));
    gx = take(withZero(gcols), inv).reshape([g.n, g.c * g.h * g.w, K]).sum(2).reshape(x.shape);
  }
  return [gx, gw, gb];
}

// ---------------------------------------------------------------- pooling

/** Max pooling's layout (the pool op's geometry). */
export interface MaxPoolLayout {
  planes: number; h: number; w: number; kh: number; kw: number; sh: number; sw: number;
  ph: number; pw: number; dh: number; dw: number; oh: number; ow: number;
}

/**
 * Each window's taps [oh·ow, kh·kw] as positions in its plane. A tap in the padding reads
 * the window's first position inside the image instead: the maximum is unchanged, and a
 * tie with it is that position, as the CPU's kernel (first maximum wins) picks.
 */
function maxWindowsTable(p: MaxPoolLayout): Int32Array {
  const K = p.kh * p.kw;
  const t = new Int32Array(p.oh * p.ow * K);
  for (let oy = 0; oy < p.oh; oy++) for (let ox = 0; ox < p.ow; ox++) {
    const base = (oy * p.ow + ox) * K;
    let first = -1;
    for (let i = 0; i < p.kh; i++) for (let j = 0; j < p.kw; j++) {
      const iy = oy * p.sh - p.ph + i * p.dh, ix = ox * p.sw - p.pw + j * p.dw;
      const inside = iy >= 0 && iy < p.h && ix >= 0 && ix < p.w;
      if (inside && first < 0) first = iy * p.w + ix;
      t[base + i * p.kw + j] = inside ? iy * p.w + ix : -1;
    }
    // PyTorch's limit on the padding (at most half the kernel) leaves every window a position inside.
    if (first < 0) throw new DeviceError("max_pool2d: a window lies wholly in the padding, which the device does not handle");
    for (let k = base; k < base + K; k++) if (t[k] < 0) t[k] = first;
  }
  return t;
}

/**
 * The maxima [planes, oh·ow] and their flat positions in the input plane (int64), with no
 * graph. As on the CPU, the first maximum of a window wins, but a NaN wins over numbers
 * and the last NaN's position is kept.
 */
export function deviceMaxPool(input: Tensor, p: MaxPoolLayout): [Tensor, Tensor] {
  const device = input.device as GpuDevice;
  const K = p.kh * p.kw, L = p.oh * p.ow;
  const key = `max:${[p.h, p.w, p.kh, p.kw, p.sh, p.sw, p.ph, p.pw, p.dh, p.dw, p.oh, p.ow].join(",")}`;
  const idx = table(device, key, () => ({ data: maxWindowsTable(p), shape: [L, K] }));
  const windows = take(input.reshape([p.planes, p.h * p.w]), idx.reshape([L * K])).reshape([p.planes, L, K]);
  const { values, indices } = windows.max(2);
  // The last NaN's tap + 1 (0 where none): the device's argmax keeps the first.
  const lastNan = cast(isnan(windows), "float32").mul(arange(1, K + 1, { dtype: "float32", device })).max(2).values;
  const tap = where(gt(lastNan, 0), cast(sub(lastNan, 1), "int64"), indices);
  const at = idx.expand([p.planes, L, K]).gather(2, tap.unsqueeze(2)).reshape([p.planes, L]);
  return [values, at];
}

/** Average pooling's windows: per output [y0, y1, x0, x1) and its divisor (pool.ts lays them out). */
export interface WindowTable {
  /** Names the geometry (the same key, the same windows). */
  key: string;
  h: number;
  w: number;
  win: Int32Array;
  div: Float64Array;
}

/** Each window's positions [L, K] (K the largest window), padded with the zero at h·w. */
function windowsTable(t: WindowTable, K: number): Int32Array {
  const L = t.div.length, plane = t.h * t.w;
  const out = new Int32Array(L * K).fill(plane);
  for (let l = 0; l < L; l++) {
    const [y0, y1, x0, x1] = t.win.subarray(4 * l, 4 * l + 4);
    let k = l * K;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out[k++] = y * t.w + x;
  }
  return out;
}

/** For each input position the windows [h·w, J] that hold it (J the most any position is in), padded with the zero at L. */
function windowsInverse(t: WindowTable): { data: Int32Array; J: number } {
  const L = t.div.length, plane = t.h * t.w;
  const count = new Int32Array(plane);
  const each = (f: (pos: number, l: number) => void): void => {
    for (let l = 0; l < L; l++) {
      const [y0, y1, x0, x1] = t.win.subarray(4 * l, 4 * l + 4);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) f(y * t.w + x, l);
    }
  };
  each((pos) => count[pos]++);
  let J = 1;
  for (const c of count) if (c > J) J = c;
  const data = new Int32Array(plane * J).fill(L);
  count.fill(0);
  each((pos, l) => (data[pos * J + count[pos]++] = l));
  return { data, J };
}

const largestWindow = (t: WindowTable): number => {
  let K = 1;
  for (let l = 0; l < t.div.length; l++) {
    const [y0, y1, x0, x1] = t.win.subarray(4 * l, 4 * l + 4);
    K = Math.max(K, (y1 - y0) * (x1 - x0));
  }
  return K;
};

/** The divisors [L] on the device, in `like`'s dtype (whole numbers: exact in float16 too). */
function divisors(device: GpuDevice, t: WindowTable, like: Tensor): Tensor {
  const d = cached(device, `div:${t.key}`, () => new Tensor(uploadStorage(Float32Array.from(t.div), "float32", device), [t.div.length], "float32", device));
  return like.dtype === d.dtype ? d : cast(d, like.dtype);
}

/** Each window's sum ÷ its divisor: [planes, L], with no graph. */
export function deviceWindowAverage(input: Tensor, planes: number, t: WindowTable): Tensor {
  const device = input.device as GpuDevice;
  const idx = table(device, `avg:${t.key}`, () => {
    const K = largestWindow(t);
    return { data: windowsTable(t, K), shape: [t.div.length, K] };
  });
  const sums = take(withZero(input.reshape([planes, t.h * t.w])), idx.reshape([idx.numel()])).reshape([planes, ...idx.shape]).sum(2);
  return div(sums, divisors(device, t, input));
}

/** The adjoint: each input position gets Σ g / divisor over the windows that hold it. */
export function deviceWindowAverageBackward(g: Tensor, inputShape: readonly number[], planes: number, t: WindowTable): Tensor {
  const device = g.device as GpuDevice;
  const L = t.div.length, plane = t.h * t.w;
  const idx = table(device, `avginv:${t.key}`, () => {
    const { data, J } = windowsInverse(t);
    return { data, shape: [plane, J] };
  });
  const scaled = div(g.reshape([planes, L]), divisors(device, t, g));
  return take(withZero(scaled), idx.reshape([idx.numel()])).reshape([planes, ...idx.shape]).sum(2).reshape([...inputShape]);
}
