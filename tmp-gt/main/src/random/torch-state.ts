/**
 * Generator state in torch's byte layout (CPUGeneratorImplState, 5056 bytes,
 * little-endian x86-64), so `getState()` equals `torch.Generator.get_state()`
 * byte for byte and torch's states load here.
 *
 *   0     uint64  the_initial_seed
 *   8     int32   left      (draws until the next twist, plus one)
 *   12    int32   seeded
 *   16    uint64  next      (index of the next state word)
 *   24    uint64  state[624] (each holding a 32-bit word)
 *   5016  double  normal_x, normal_y, normal_rho  (only normal_y is used: the cached normal)
 *   5040  int32   normal_is_valid
 *   5048  float   next_float_normal_sample
 *   5052  bool    is_next_float_normal_sample_valid
 * Padding bytes are zero, as torch writes them.
 */
import { ValueError } from "../errors.js";
import { MT19937 } from "./mt19937.js";

export const TORCH_STATE_BYTES = 5056;
const N = 624;

export interface EngineState {
  seed: bigint;
  mt: MT19937;
  nextDoubleNormalSample: number | null;
  nextFloatNormalSample: number | null;
}

export function writeTorchState(s: EngineState): Uint8Array {
  const bytes = new Uint8Array(TORCH_STATE_BYTES);
  const view = new DataView(bytes.buffer);
  const { index, hasTwisted } = s.mt;
  // torch's engine counts down `left` and reads state[next]; a fresh engine has next = 0.
  const fresh = index >= N && !hasTwisted;
  const next = fresh ? 0 : index;
  const left = fresh ? 1 : N + 1 - index;
  view.setBigUint64(0, s.seed, true);
  view.setInt32(8, left, true);
  view.setInt32(12, 1, true);
  view.setBigUint64(16, BigInt(next), true);
  for (let i = 0; i < N; i++) view.setUint32(24 + 8 * i, s.mt.state[i], true);
  if (s.nextDoubleNormalSample !== null) {
    view.setFloat64(5024, s.nextDoubleNormalSample, true);
    view.setInt32(5040, 1, true);
  }
  if (s.nextFloatNormalSample !== null) {
    view.setFloat32(5048, s.nextFloatNormalSample, true);
    bytes[5052] = 1;
  }
  return bytes;
}

export function readTorchState(bytes: Uint8Array): EngineState {
  if (!(bytes instanceof Uint8Array) || bytes.length !== TORCH_STATE_BYTES) {
    const size = bytes instanceof Uint8Array ? bytes.length : "not a byte array";
    throw new ValueError(
      `Expected a CPUGeneratorImplState of size ${TORCH_STATE_BYTES} but found the input RNG state size to be ${size}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seed = view.getBigUint64(0, true);
  const left = view.getInt32(8, true);
  const seeded = view.getInt32(12, true);
  const next = Number(view.getBigUint64(16, true));
  if (seeded !== 1 || left < 1 || left > N || next > N) throw new ValueError("Invalid mt19937 state");
  const mt = new MT19937(0);
  for (let i = 0; i < N; i++) mt.state[i] = view.getUint32(24 + 8 * i, true);
  if (left === 1) {
    // A twist is due at the next draw, whether the engine is fresh (next = 0) or spent (next = 624).
    mt.index = N;
    mt.hasTwisted = next !== 0;
  } else {
    // torch twists after `left - 1` more draws; that must be where `next` runs out.
    if (next !== N + 1 - left) {
      throw new ValueError(`Invalid mt19937 state: next=${next} does not match left=${left} (expected next=${N + 1 - left})`);
    }
    mt.index = next;
    mt.hasTwisted = true;
  }
  return {
    seed,
    mt,
    nextDoubleNormalSample: view.getInt32(5040, true) !== 0 ? view.getFloat64(5024, true) : null,
    nextFloatNormalSample: bytes[5052] !== 0 ? view.getFloat32(5048, true) : null,
  };
}
