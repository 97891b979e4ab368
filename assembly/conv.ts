/**
 * The convolution's data movement in wasm: im2col and its adjoint col2im, so that a
 * convolution's columns (megabytes for a batch of images) are made and consumed inside
 * wasm memory next to the GEMM, never copied across. The same loops as the reference
 * kernels (src/backend/js/conv.ts); they move values and add them in the same order, so
 * the results are the same bits.
 *
 * The geometry is 16 i32 at `geom`: n, c, h, w, o, groups, kh, kw, sh, sw, pt, pl, dh, dw,
 * oh, ow. `x` (or `gx`) holds `nb` samples from its start; cols is [nb, rows, oh·ow].
 */

// @ts-ignore: decorator
@inline function gi(geom: usize, i: i32): i32 {
  return load<i32>(geom + (<usize>i << 2));
}

/** Output columns [ox0, ox1) whose input column lies inside the image, for kernel column j. */
// @ts-ignore: decorator
@inline function firstInside(off: i32, sw: i32, ow: i32): i32 {
  // ceil(-off / sw) for the columns left of the image; off ≥ 0 needs none skipped.
  const skip = off >= 0 ? 0 : (-off + sw - 1) / sw;
  return min(ow, skip);
}

// @ts-ignore: decorator
@inline function pastInside(off: i32, sw: i32, ow: i32, w: i32, ox0: i32): i32 {
  const last = w - 1 - off;
  const end = last < 0 ? 0 : last / sw + 1;
  return max(ox0, min(ow, end));
}

/**
 * Row moves written out as v128 loops: `memory.copy` and `memory.fill` are calls into
 * the runtime in V8 (tens of ns each), and im2col moves lines of a few dozen floats —
 * a batch of TinyVGG makes ~80,000 of them per layer, where the calls cost more than
 * the moves. Unaligned v128 loads and stores are allowed and cheap.
 */
// @ts-ignore: decorator
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

// @ts-ignore: decorator
@inline function zeroFloats(dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}

/** dst[i] += src[i] for i < n: four lanes at a time, each element's single addition as the scalar loop makes it. */
// @ts-ignore: decorator
@inline function addFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d = dst + (<usize>i << 2);
    v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>i << 2))));
  }
  for (; i < n; i++) {
    const d = dst + (<usize>i << 2);
    store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>i << 2)));
  }
}

/**
 * The walk shared by both directions over every (sample, channel, kernel row, kernel
 * column, output row) line of the columns. `adjoint` false: im2col, cols[...] = x[...], 0
 * in the padding (every column element written). True: col2im, x[...] += cols[...] (here
 * `x` is the input's gradient), the padding's entries dropped.
 */
// @ts-ignore: decorator
@inline function walk(x: usize, cols: usize, geom: usize, group: i32, nb: i32, adjoint: bool): void {
  const c = gi(geom, 1), h = gi(geom, 2), w = gi(geom, 3), groups = gi(geom, 5);
  const kh = gi(geom, 6), kw = gi(geom, 7), sh = gi(geom, 8), sw = gi(geom, 9);
  const pt = gi(geom, 10), pl = gi(geom, 11), dh = gi(geom, 12), dw = gi(geom, 13);
  const oh = gi(geom, 14), ow = gi(geom, 15);
  const cg = c / groups, rows = cg * kh * kw, L = oh * ow, plane = h * w;
  const lineBytes = <usize>ow << 2;
  for (let b = 0; b < nb; b++) {
    for (let ci = 0; ci < cg; ci++) {
      const image = x + ((<usize>(b * c + group * cg + ci) * <usize>plane) << 2);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          let col = cols + ((<usize>(b * rows + (ci * kh + i) * kw + j) * <usize>L) << 2);
          const off = j * dw - pl;
          const ox0 = firstInside(off, sw, ow);
          const ox1 = pastInside(off, sw, ow, w, ox0);
          for (let oy = 0; oy < oh; oy++, col += lineBytes) {
            const iy = oy * sh - pt + i * dh;
            if (iy < 0 || iy >= h) {
              if (!adjoint) zeroFloats(col, ow);
              continue;
            }
            const line = image + (<usize>(iy * w + off) << 2);
            if (adjoint) {
              if (sw == 1) {
                addFloats(line + (<usize>ox0 << 2), col + (<usize>ox0 << 2), ox1 - ox0);
              } else {
                for (let ox = ox0; ox < ox1; ox++) {
                  const p = line + (<usize>(ox * sw) << 2);
                  store<f32>(p, load<f32>(p) + load<f32>(col + (<usize>ox << 2)));
                }
              }
              continue;
            }
            zeroFloats(col, ox0);
            if (sw == 1) {
              copyFloats(col + (<usize>ox0 << 2), line + (<usize>ox0 << 2), ox1 - ox0);
            } else {
              for (let ox = ox0; ox < ox1; ox++) store<f32>(col + (<usize>ox << 2), load<f32>(line + (<usize>(ox * sw) << 2)));
            }
            zeroFloats(col + (<usize>ox1 << 2), ow - ox1);
          }
        }
      }
    }
  }
}

export function im2col(x: usize, cols: usize, geom: usize, group: i32, nb: i32): void {
  walk(x, cols, geom, group, nb, false);
}

/** gx += col2im(cols): each column entry added into the input position it came from. */
export function col2imAdd(cols: usize, gx: usize, geom: usize, group: i32, nb: i32): void {
  walk(gx, cols, geom, group, nb, true);
}

/**
 * out[r, :] += bias[r % o] for the `rows` rows of `len` floats at `out` (nb samples × o
 * channels): the convolution's bias, added to the output while it is still in wasm
 * memory. One float32 addition per element, as the reference kernel's.
 */
export function addChannelBias(out: usize, rows: i32, len: i32, bias: usize, o: i32): void {
  for (let r = 0; r < rows; r++) {
    const v = f32x4.splat(load<f32>(bias + (<usize>(r % o) << 2)));
    const row = out + (<usize>r * <usize>len << 2);
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const p = row + (<usize>i << 2);
      v128.store(p, f32x4.add(v128.load(p), v));
    }
    for (; i < len; i++) {
      const p = row + (<usize>i << 2);
      store<f32>(p, load<f32>(p) + f32x4.extract_lane(v, 0));
    }
  }
}
