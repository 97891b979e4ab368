/**
 * Direct convolution at stride 1, for the few channels of small image models (TinyVGG's
 * 10): im2col + GEMM spends its time there on the columns (9× the input, written and
 * packed again) and on products only 10 rows tall, while a direct loop reads each input
 * row in place. Used for the forward and, with the weight flipped and transposed, for the
 * input's gradient (a stride-1 convolution of the output's gradient); one sample per call
 * (`nb` in a row), so a batch splits over threads by samples and every sample's bits are
 * the same on any number of threads.
 *
 * Each sample's input is first copied into a zero-padded plane per channel (`work`), so the
 * loops have no bounds tests and the padding's zeros are multiplied as im2col's are (0 · ∞
 * is NaN in both). A register tile holds CB output channels × 8 output columns (10 v128
 * accumulators); its sum runs over input channel, kernel row, kernel column in that order,
 * one multiply and one add per term, no FMA. The weights arrive packed by the JS side,
 * each value splatted to four lanes (as the GEMM's A panel, for the same reason: plain
 * v128 loads fold their offsets into the address): [block][ci][i][j][CB] v128.
 *
 * The geometry is 16 i32 at `geom`: cin, h, w, cout, kh, kw, dh, dw, pt, pl, oh, ow,
 * hp, wp, owp, blocks — the padded plane [hp, wp], output rows computed owp wide (ow
 * rounded up to 4; the padded plane is wide enough for it), blocks = ceil(cout / CB).
 */

const CB: i32 = 2;

// @ts-ignore: decorator
@inline function gi(geom: usize, i: i32): i32 {
  return load<i32>(geom + (<usize>i << 2));
}

/** The padded planes of one sample: zeros, then the input's rows at (pt, pl), clipped to the plane. */
function pad(x: usize, work: usize, geom: usize): void {
  const cin = gi(geom, 0), h = gi(geom, 1), w = gi(geom, 2), pt = gi(geom, 8), pl = gi(geom, 9);
  const hp = gi(geom, 12), wp = gi(geom, 13);
  const total = <usize>(cin * hp * wp);
  let i: usize = 0;
  for (; i + 4 <= total; i += 4) v128.store(work + (i << 2), f32x4.splat(0));
  for (; i < total; i++) store<f32>(work + (i << 2), 0);
  const rows = min(h, hp - pt), cols = min(w, wp - pl);
  for (let c = 0; c < cin; c++) {
    for (let y = 0; y < rows; y++) {
      const src = x + (<usize>((c * h + y) * w) << 2);
      const dst = work + (<usize>((c * hp + pt + y) * wp + pl) << 2);
      let k = 0;
      for (; k + 4 <= cols; k += 4) v128.store(dst + (<usize>k << 2), v128.load(src + (<usize>k << 2)));
      for (; k < cols; k++) store<f32>(dst + (<usize>k << 2), load<f32>(src + (<usize>k << 2)));
    }
  }
}

/** CB channels × 16 columns of output row `oy` into rows[k][ox .. ox + 16): the sum over (ci, i, j) of plane[ci][oy + i·dh][ox + j·dw + lane] · weight. */
// @ts-ignore: decorator
@inline function tile16(plane: usize, wb: usize, rows: usize, geom: usize, oy: i32, ox: i32, offs: usize, taps: i32): void {
  const wp = gi(geom, 13), owp = gi(geom, 14);
  const base = plane + (<usize>(oy * wp + ox) << 2), end = offs + (<usize>taps << 2);
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
  let wq = wb;
  for (let t = offs; t < end; t += 4, wq += 32) {
    const src = base + <usize>load<i32>(t);
    const x0 = v128.load(src); const x1 = v128.load(src, 16); const x2 = v128.load(src, 32); const x3 = v128.load(src, 48);
    const wa = v128.load(wq);
    a0 = f32x4.add(a0, f32x4.mul(x0, wa)); a1 = f32x4.add(a1, f32x4.mul(x1, wa)); a2 = f32x4.add(a2, f32x4.mul(x2, wa)); a3 = f32x4.add(a3, f32x4.mul(x3, wa));
    const wB = v128.load(wq, 16);
    b0 = f32x4.add(b0, f32x4.mul(x0, wB)); b1 = f32x4.add(b1, f32x4.mul(x1, wB)); b2 = f32x4.add(b2, f32x4.mul(x2, wB)); b3 = f32x4.add(b3, f32x4.mul(x3, wB));
  }
  const r = rows + (<usize>ox << 2), s = <usize>owp << 2;
  v128.store(r, a0); v128.store(r, a1, 16); v128.store(r, a2, 32); v128.store(r, a3, 48);
  v128.store(r + s, b0); v128.store(r + s, b1, 16); v128.store(r + s, b2, 32); v128.store(r + s, b3, 48);
}

/** CB channels × 8 columns of output row `oy` into rows[k][ox .. ox + 8): the sum over (ci, i, j) of plane[ci][oy + i·dh][ox + j·dw + lane] · weight. */
// @ts-ignore: decorator
@inline function tile8(plane: usize, wb: usize, rows: usize, geom: usize, oy: i32, ox: i32, offs: usize, taps: i32): void {
  const wp = gi(geom, 13), owp = gi(geom, 14);
  const base = plane + (<usize>(oy * wp + ox) << 2), end = offs + (<usize>taps << 2);
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let wq = wb;
  for (let t = offs; t < end; t += 4, wq += 32) {
    const src = base + <usize>load<i32>(t);
    const x0 = v128.load(src); const x1 = v128.load(src, 16);
    const wa = v128.load(wq);
    a0 = f32x4.add(a0, f32x4.mul(x0, wa)); a1 = f32x4.add(a1, f32x4.mul(x1, wa));
    const wB = v128.load(wq, 16);
    b0 = f32x4.add(b0, f32x4.mul(x0, wB)); b1 = f32x4.add(b1, f32x4.mul(x1, wB));
  }
  const r = rows + (<usize>ox << 2), s = <usize>owp << 2;
  v128.store(r, a0); v128.store(r, a1, 16);
  v128.store(r + s, b0); v128.store(r + s, b1, 16);
}

/** CB channels × 4 columns of output row `oy` into rows[k][ox .. ox + 4): the sum over (ci, i, j) of plane[ci][oy + i·dh][ox + j·dw + lane] · weight. */
// @ts-ignore: decorator
@inline function tile4(plane: usize, wb: usize, rows: usize, geom: usize, oy: i32, ox: i32, offs: usize, taps: i32): void {
  const wp = gi(geom, 13), owp = gi(geom, 14);
  const base = plane + (<usize>(oy * wp + ox) << 2), end = offs + (<usize>taps << 2);
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
  let wq = wb;
  for (let t = offs; t < end; t += 4, wq += 32) {
    const src = base + <usize>load<i32>(t);
    const x0 = v128.load(src);
    const wa = v128.load(wq);
    a0 = f32x4.add(a0, f32x4.mul(x0, wa));
    const wB = v128.load(wq, 16);
    b0 = f32x4.add(b0, f32x4.mul(x0, wB));
  }
  const r = rows + (<usize>ox << 2), s = <usize>owp << 2;
  v128.store(r, a0);
  v128.store(r + s, b0);
}

/**
 * `nb` samples in a row (x and out advance by a whole sample each): out[co][oy][ox] =
 * the tile's sum, plus bias[co] in one addition when `bias` is not 0 (as the reference
 * adds it after the product).
 */
export function convDirect(geom: usize, x: usize, wpack: usize, out: usize, bias: usize, nb: i32, work: usize): void {
  const cin = gi(geom, 0), h = gi(geom, 1), w = gi(geom, 2), cout = gi(geom, 3), kh = gi(geom, 4), kw = gi(geom, 5);
  const oh = gi(geom, 10), ow = gi(geom, 11), hp = gi(geom, 12), wp = gi(geom, 13), owp = gi(geom, 14), blocks = gi(geom, 15);
  const rows = work + (<usize>(cin * hp * wp) << 2);
  // Each tap's byte offset in the padded planes, in the weight's order (ci, i, j).
  const taps = cin * kh * kw, offs = rows + (<usize>(CB * owp) << 2);
  const dh = gi(geom, 6), dw = gi(geom, 7);
  for (let ci = 0, t = 0; ci < cin; ci++) {
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++, t++) store<i32>(offs + (<usize>t << 2), ((ci * hp + i * dh) * wp + j * dw) << 2);
  }
  const blockBytes = <usize>(cin * kh * kw * CB) << 4;
  const inBytes = <usize>(cin * h * w) << 2, outPlane = <usize>(oh * ow);
  for (let b = 0; b < nb; b++) {
    pad(x + <usize>b * inBytes, work, geom);
    const ob = out + ((<usize>b * <usize>cout * outPlane) << 2);
    for (let blk = 0; blk < blocks; blk++) {
      const wb = wpack + <usize>blk * blockBytes;
      const live = min(CB, cout - blk * CB);
      for (let oy = 0; oy < oh; oy++) {
        let ox = 0;
        for (; ox + 16 <= owp; ox += 16) tile16(work, wb, rows, geom, oy, ox, offs, taps);
        if (ox + 8 <= owp) { tile8(work, wb, rows, geom, oy, ox, offs, taps); ox += 8; }
        if (ox < owp) tile4(work, wb, rows, geom, oy, ox, offs, taps);
        for (let k = 0; k < live; k++) {
          const co = blk * CB + k;
          const src = rows + (<usize>(k * owp) << 2);
          const dst = ob + ((<usize>co * outPlane + <usize>(oy * ow)) << 2);
          if (bias != 0) {
            const v = f32x4.splat(load<f32>(bias + (<usize>co << 2)));
            let i = 0;
            for (; i + 4 <= ow; i += 4) v128.store(dst + (<usize>i << 2), f32x4.add(v128.load(src + (<usize>i << 2)), v));
            for (; i < ow; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)) + f32x4.extract_lane(v, 0));
          } else {
            let i = 0;
            for (; i + 4 <= ow; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
            for (; i < ow; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
          }
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** 2 output channels × 3 taps over every output position; sums to out0[t], out1[t]. */
// @ts-ignore: decorator
@inline function wtile3(plane: usize, g0: usize, g1: usize, offs: usize, t: i32, geom: usize, out0: usize, out1: usize): void {
  const oh = gi(geom, 10), ow = gi(geom, 11), wp = gi(geom, 13), owp = gi(geom, 14);
  const full = ow & ~3, rest = ow - full;
  const mask = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(rest));
  const o0 = plane + (<usize>load<i32>(offs + (<usize>(t + 0) << 2)) << 2);
  const o1 = plane + (<usize>load<i32>(offs + (<usize>(t + 1) << 2)) << 2);
  const o2 = plane + (<usize>load<i32>(offs + (<usize>(t + 2) << 2)) << 2);
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0);
  for (let oy = 0; oy < oh; oy++) {
    const xr = <usize>(oy * wp) << 2, gr = <usize>(oy * owp) << 2;
    let ox = 0;
    for (; ox < full; ox += 4) {
      const p = xr + (<usize>ox << 2), q = gr + (<usize>ox << 2);
      const ga = v128.load(g0 + q), gb = v128.load(g1 + q);
      const x0 = v128.load(o0 + p);
      a0 = f32x4.add(a0, f32x4.mul(ga, x0)); b0 = f32x4.add(b0, f32x4.mul(gb, x0));
      const x1 = v128.load(o1 + p);
      a1 = f32x4.add(a1, f32x4.mul(ga, x1)); b1 = f32x4.add(b1, f32x4.mul(gb, x1));
      const x2 = v128.load(o2 + p);
      a2 = f32x4.add(a2, f32x4.mul(ga, x2)); b2 = f32x4.add(b2, f32x4.mul(gb, x2));
    }
    if (rest > 0) {
      const p = xr + (<usize>ox << 2), q = gr + (<usize>ox << 2);
      const ga = v128.load(g0 + q), gb = v128.load(g1 + q);
      const x0 = v128.and(v128.load(o0 + p), mask);
      a0 = f32x4.add(a0, f32x4.mul(ga, x0)); b0 = f32x4.add(b0, f32x4.mul(gb, x0));
      const x1 = v128.and(v128.load(o1 + p), mask);
      a1 = f32x4.add(a1, f32x4.mul(ga, x1)); b1 = f32x4.add(b1, f32x4.mul(gb, x1));
      const x2 = v128.and(v128.load(o2 + p), mask);
      a2 = f32x4.add(a2, f32x4.mul(ga, x2)); b2 = f32x4.add(b2, f32x4.mul(gb, x2));
    }
  }
  store<f32>(out0 + (<usize>(t + 0) << 2), hsum(a0)); store<f32>(out1 + (<usize>(t + 0) << 2), hsum(b0));
  store<f32>(out0 + (<usize>(t + 1) << 2), hsum(a1)); store<f32>(out1 + (<usize>(t + 1) << 2), hsum(b1));
  store<f32>(out0 + (<usize>(t + 2) << 2), hsum(a2)); store<f32>(out1 + (<usize>(t + 2) << 2), hsum(b2));
}

/** 2 output channels × 1 tap over every output position; sums to out0[t], out1[t]. */
// @ts-ignore: decorator
@inline function wtile1(plane: usize, g0: usize, g1: usize, offs: usize, t: i32, geom: usize, out0: usize, out1: usize): void {
  const oh = gi(geom, 10), ow = gi(geom, 11), wp = gi(geom, 13), owp = gi(geom, 14);
  const full = ow & ~3, rest = ow - full;
  const mask = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(rest));
  const o0 = plane + (<usize>load<i32>(offs + (<usize>(t + 0) << 2)) << 2);
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
  for (let oy = 0; oy < oh; oy++) {
    const xr = <usize>(oy * wp) << 2, gr = <usize>(oy * owp) << 2;
    let ox = 0;
    for (; ox < full; ox += 4) {
      const p = xr + (<usize>ox << 2), q = gr + (<usize>ox << 2);
      const ga = v128.load(g0 + q), gb = v128.load(g1 + q);
      const x0 = v128.load(o0 + p);
      a0 = f32x4.add(a0, f32x4.mul(ga, x0)); b0 = f32x4.add(b0, f32x4.mul(gb, x0));
    }
    if (rest > 0) {
      const p = xr + (<usize>ox << 2), q = gr + (<usize>ox << 2);
      const ga = v128.load(g0 + q), gb = v128.load(g1 + q);
      const x0 = v128.and(v128.load(o0 + p), mask);
      a0 = f32x4.add(a0, f32x4.mul(ga, x0)); b0 = f32x4.add(b0, f32x4.mul(gb, x0));
    }
  }
  store<f32>(out0 + (<usize>(t + 0) << 2), hsum(a0)); store<f32>(out1 + (<usize>(t + 0) << 2), hsum(b0));
}

/**
 * The weight's gradient of one sample at a time, for the same stride-1 convolutions:
 * gw_b[co][t] = Σ over output positions of gOut[co][oy][ox] · plane[tap t at (oy, ox)],
 * where tap t = (ci, i, j) is an offset into the padded planes (`pad` as the forward's).
 * A register tile holds 2 output channels × 3 taps as 4-lane partial sums, reduced at the
 * end as (l0 + l1) + (l2 + l3); a row's last columns past ow are masked to +0 in the
 * input (its output gradient there is 0, and 0 · ∞ must not make a NaN). Each sample's
 * [cout, taps] block goes to out (the JS side sums the samples in order, in float64, as
 * the reference sums them). `g` holds the samples' output gradients, [nb, cout, oh, ow].
 *
 * Scratch: the padded planes, then the output gradient rows padded to owp and to an even
 * channel count, then the tap offsets and a row where an odd channel count's missing
 * partner's sums go.
 *
 * `nb` samples in a row: x [nb, cin, h, w], g [nb, cout, oh, ow] → out [nb, cout, cin·kh·kw]. The JS side
 * sizes the scratch (src/backend/wasm/backend.ts conv2dDirectWeightGrad).
 */
export function convDirectWeightGrad(geom: usize, x: usize, g: usize, out: usize, nb: i32, work: usize): void {
  const cin = gi(geom, 0), h = gi(geom, 1), w = gi(geom, 2), cout = gi(geom, 3), kh = gi(geom, 4), kw = gi(geom, 5);
  const dh = gi(geom, 6), dw = gi(geom, 7), oh = gi(geom, 10), ow = gi(geom, 11), hp = gi(geom, 12), wp = gi(geom, 13), owp = gi(geom, 14);
  const cout2 = (cout + 1) & ~1, taps = cin * kh * kw;
  const gpad = work + (<usize>(cin * hp * wp) << 2);
  const offs = gpad + (<usize>(cout2 * oh * owp) << 2);
  // Each tap's offset in the padded planes (floats).
  for (let ci = 0, t = 0; ci < cin; ci++) {
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++, t++) store<i32>(offs + (<usize>t << 2), (ci * hp + i * dh) * wp + j * dw);
  }
  const gTotal = <usize>(cout2 * oh * owp);
  const inBytes = <usize>(cin * h * w) << 2, gBytes = <usize>(cout * oh * ow) << 2, outBytes = <usize>(cout * taps) << 2;
  for (let b = 0; b < nb; b++) {
    pad(x + <usize>b * inBytes, work, geom);
    // The output gradient's rows, owp wide and zero past ow, and a zero channel when cout is odd.
    let i: usize = 0;
    for (; i + 4 <= gTotal; i += 4) v128.store(gpad + (i << 2), f32x4.splat(0));
    for (; i < gTotal; i++) store<f32>(gpad + (i << 2), 0);
    const gb = g + <usize>b * gBytes;
    for (let co = 0; co < cout; co++) {
      for (let oy = 0; oy < oh; oy++) {
        const src = gb + (<usize>((co * oh + oy) * ow) << 2), dst = gpad + (<usize>((co * oh + oy) * owp) << 2);
        let k = 0;
        for (; k + 4 <= ow; k += 4) v128.store(dst + (<usize>k << 2), v128.load(src + (<usize>k << 2)));
        for (; k < ow; k++) store<f32>(dst + (<usize>k << 2), load<f32>(src + (<usize>k << 2)));
      }
    }
    const ob = out + <usize>b * outBytes;
    const gPlane = <usize>(oh * owp) << 2, row = <usize>taps << 2;
    for (let co = 0; co < cout; co += 2) {
      const g0 = gpad + <usize>co * gPlane, g1 = g0 + gPlane;
      const out0 = ob + <usize>co * row;
      // The odd channel's partner writes into a row past this sample's block only when it
      // exists; otherwise into the scratch's tap table's tail (never read).
      const out1 = co + 1 < cout ? out0 + row : offs + (<usize>taps << 2);
      let t = 0;
      for (; t + 3 <= taps; t += 3) wtile3(work, g0, g1, offs, t, geom, out0, out1);
      for (; t < taps; t++) wtile1(work, g0, g1, offs, t, geom, out0, out1);
    }
  }
}

/**
 * The bias's gradient while the output's gradient is in wasm memory: acc[co] (float64) +=
 * the sum of each of the `nb` samples' planes g[b, co, :len], samples in order. A plane is
 * summed in float64 over 8 lanes, the lanes then added pairwise: another order than the
 * reference's one running sum (a chain of dependent additions, 7% of a TinyVGG step), but
 * in float64, rounded to float32 once, and the same on any thread count.
 */
export function channelSums(g: usize, nb: i32, cout: i32, len: i32, acc: usize): void {
  for (let b = 0; b < nb; b++) {
    for (let co = 0; co < cout; co++) {
      const p = g + ((<usize>(b * cout + co) * <usize>len) << 2);
      let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
      let i = 0;
      for (; i + 8 <= len; i += 8) {
        const v = v128.load(p + (<usize>i << 2)), w = v128.load(p + (<usize>i << 2), 16);
        s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
        s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
        s2 = f64x2.add(s2, f64x2.promote_low_f32x4(w));
        s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 0, 1)));
      }
      const t = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
      let s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
      for (; i < len; i++) s += <f64>load<f32>(p + (<usize>i << 2));
      const a = acc + (<usize>co << 3);
      store<f64>(a, load<f64>(a) + s);
    }
  }
}
