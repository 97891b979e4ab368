/**
 * Max pooling in wasm: the maxima and PyTorch's indices (flat positions in each input
 * plane, as float64 because int64 tensors are stored as Float64Array), and the gradient's
 * scatter back to those positions. The comparisons are the reference kernel's
 * (src/backend/js/pool.ts) in its order — the first maximum wins, every NaN replaces what
 * came before — so the results are the same bits.
 *
 * The geometry is 13 i32 at `geom`: planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow.
 */

// @ts-ignore: decorator
@inline function gi(geom: usize, i: i32): i32 {
  return load<i32>(geom + (<usize>i << 2));
}

/**
 * The general window walk, one output at a time (any kernel, stride, padding, dilation,
 * ceil mode). Rows and columns outside the image are skipped; a window with none inside
 * keeps −∞ and index −1, which the backward drops.
 */
function maxPoolGeneral(x: usize, out: usize, idx: usize, geom: usize): void {
  const planes = gi(geom, 0), h = gi(geom, 1), w = gi(geom, 2), kh = gi(geom, 3), kw = gi(geom, 4);
  const sh = gi(geom, 5), sw = gi(geom, 6), ph = gi(geom, 7), pw = gi(geom, 8), dh = gi(geom, 9), dw = gi(geom, 10);
  const oh = gi(geom, 11), ow = gi(geom, 12);
  const plane = <usize>(h * w);
  let o: usize = 0;
  for (let q = 0; q < planes; q++) {
    const base = x + ((<usize>q * plane) << 2);
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o++) {
        let best: f32 = -Infinity;
        let at: i32 = -1;
        for (let i = 0; i < kh; i++) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const ix = ox * sw - pw + j * dw;
            if (ix < 0 || ix >= w) continue;
            const v = load<f32>(base + (<usize>(iy * w + ix) << 2));
            if (v > best || v != v || at < 0) {
              best = v;
              at = iy * w + ix;
            }
          }
        }
        store<f32>(out + (o << 2), best);
        store<f64>(idx + (o << 3), <f64>at);
      }
    }
  }
}

/**
 * 2×2 windows at stride 2 across, undilated, every window inside the image (TinyVGG's
 * MaxPool2d(2)): four outputs per step. Two v128 loads per input row give eight values,
 * split into the windows' left and right columns by shuffles; the four candidates are
 * compared in the general loop's order (top-left, top-right, bottom-left, bottom-right),
 * each lane keeping its first maximum and taking any NaN.
 */
function maxPool2x2s2(x: usize, out: usize, idx: usize, geom: usize): void {
  const planes = gi(geom, 0), h = gi(geom, 1), w = gi(geom, 2), sh = gi(geom, 5);
  const oh = gi(geom, 11), ow = gi(geom, 12);
  const plane = h * w;
  const step = i32x4.splat(8);
  let o: usize = 0;
  for (let q = 0; q < planes; q++) {
    const base = x + ((<usize>q * <usize>plane) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const top = oy * sh * w;
      const rowT = base + (<usize>top << 2), rowB = rowT + (<usize>w << 2);
      let at0 = i32x4(top, top + 2, top + 4, top + 6);
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4, o += 4) {
        const p = <usize>(ox << 3);
        const t0 = v128.load(rowT + p), t1 = v128.load(rowT + p, 16);
        const b0 = v128.load(rowB + p), b1 = v128.load(rowB + p, 16);
        const tl = v128.shuffle<f32>(t0, t1, 0, 2, 4, 6), tr = v128.shuffle<f32>(t0, t1, 1, 3, 5, 7);
        const bl = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6), br = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        let best = tl, at = at0;
        let m = v128.or(f32x4.gt(tr, best), f32x4.ne(tr, tr));
        best = v128.bitselect(tr, best, m);
        at = v128.bitselect(i32x4.add(at0, i32x4.splat(1)), at, m);
        m = v128.or(f32x4.gt(bl, best), f32x4.ne(bl, bl));
        best = v128.bitselect(bl, best, m);
        at = v128.bitselect(i32x4.add(at0, i32x4.splat(w)), at, m);
        m = v128.or(f32x4.gt(br, best), f32x4.ne(br, br));
        best = v128.bitselect(br, best, m);
        at = v128.bitselect(i32x4.add(at0, i32x4.splat(w + 1)), at, m);
        v128.store(out + (o << 2), best);
        v128.store(idx + (o << 3), f64x2.convert_low_i32x4_s(at));
        v128.store(idx + (o << 3), f64x2.convert_low_i32x4_s(v128.shuffle<i32>(at, at, 2, 3, 0, 1)), 16);
        at0 = i32x4.add(at0, step);
      }
      for (; ox < ow; ox++, o++) {
        const i0 = top + 2 * ox;
        const p = base + (<usize>i0 << 2);
        let best = load<f32>(p), at = i0;
        let v = load<f32>(p, 4);
        if (v > best || v != v) { best = v; at = i0 + 1; }
        v = load<f32>(p + (<usize>w << 2));
        if (v > best || v != v) { best = v; at = i0 + w; }
        v = load<f32>(p + (<usize>w << 2), 4);
        if (v > best || v != v) { best = v; at = i0 + w + 1; }
        store<f32>(out + (o << 2), best);
        store<f64>(idx + (o << 3), <f64>at);
      }
    }
  }
}

export function maxPool2d(x: usize, out: usize, idx: usize, geom: usize): void {
  const h = gi(geom, 1), w = gi(geom, 2), kh = gi(geom, 3), kw = gi(geom, 4), sh = gi(geom, 5), sw = gi(geom, 6);
  const plain = kh == 2 && kw == 2 && sw == 2 && gi(geom, 7) == 0 && gi(geom, 8) == 0 && gi(geom, 9) == 1 && gi(geom, 10) == 1
    && (gi(geom, 11) - 1) * sh + 2 <= h && (gi(geom, 12) - 1) * sw + 2 <= w;
  if (plain) maxPool2x2s2(x, out, idx, geom);
  else maxPoolGeneral(x, out, idx, geom);
}

/**
 * gx = 0, then g[q, k] added at plane q's position idx[q, k], outputs in order (the
 * reference's order, so overlapping windows sum in the same order). An index outside the
 * plane (a window wholly in the padding, whose −∞ depends on no input) adds nothing.
 */
export function maxPool2dBackward(g: usize, idx: usize, gx: usize, planes: i32, plane: i32, outPlane: i32): void {
  const total = <usize>planes * <usize>plane;
  let i: usize = 0;
  for (; i + 4 <= total; i += 4) v128.store(gx + (i << 2), f32x4.splat(0));
  for (; i < total; i++) store<f32>(gx + (i << 2), 0);
  let o: usize = 0;
  for (let q = 0; q < planes; q++) {
    const dst = gx + ((<usize>q * <usize>plane) << 2);
    for (let k = 0; k < outPlane; k++, o++) {
      const at = <i32>load<f64>(idx + (o << 3));
      if (at < 0 || at >= plane) continue;
      const p = dst + (<usize>at << 2);
      store<f32>(p, load<f32>(p) + load<f32>(g + (o << 2)));
    }
  }
}
