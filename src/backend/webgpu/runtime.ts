/// <reference types="@webgpu/types" />
/**
 * The WebGPU device's machinery under the kernels: storage handles over pooled buffers,
 * one command encoder per batch of work, the parameter arena, the pipeline cache and the
 * error checks. The kernels (backend.ts) only say which shader runs over which buffers.
 *
 * Batching: every kernel is recorded into one command encoder; the batch is submitted when
 * something is read back, when `flush()` is called, or when the parameter arena is full,
 * so a training step is a few submissions rather than one per op.
 *
 * Buffers: one pool per power-of-two size class. A storage handle's buffer goes back to
 * its pool when the handle is garbage collected (a FinalizationRegistry). Reusing it at
 * once is safe because every later use is recorded after every earlier one, in the same
 * encoder or a later submission: the queue runs them in order. Data reaches a buffer the
 * same way (a copy recorded in the encoder), never by `queue.writeBuffer`, which would run
 * before the commands still waiting in the encoder.
 */
import { IndexError, ValueError } from "../../errors.js";
import { ZERO_DIVISION } from "../backend.js";
import { PARAM_WORDS, STATUS, STATUS_WORDS, type GpuDType } from "./wgsl.js";

/** A tensor's data on the GPU: `length` elements of `dtype` at the start of `buffer`. */
export interface GpuStorage {
  readonly buffer: GPUBuffer;
  readonly length: number;
  readonly dtype: GpuDType;
}

/** Bytes of one parameter slot: the uniform-offset alignment WebGPU guarantees. */
const SLOT_BYTES = 256;
/** Parameter slots per batch; a batch that fills them is submitted. */
const SLOTS = 256;
/** Bytes of the status words that kernels raise (see `indexFlag`). */
const FLAG_BYTES = STATUS_WORDS * 4;
/** Smallest buffer size class, in bytes. */
const MIN_CLASS = 16;
/** Free buffers kept per size class; more are destroyed. */
const POOL_DEPTH = 32;

const STORAGE_USAGE = 0x80 /* STORAGE */ | 0x04 /* COPY_SRC */ | 0x08 /* COPY_DST */;
const USAGE = { MAP_READ: 0x01, COPY_SRC: 0x04, COPY_DST: 0x08, UNIFORM: 0x40 } as const;

class Handle implements GpuStorage {
  constructor(readonly buffer: GPUBuffer, readonly length: number, readonly dtype: GpuDType) {
    Object.freeze(this);
  }
}

/** The size class (bytes, a power of two) that holds n 32-bit elements. */
function sizeClass(n: number): number {
  let c = MIN_CLASS;
  while (c < n * 4) c *= 2;
  return c;
}

/** A storage buffer bound to one binding of a dispatch; `write` marks the output. */
export interface Binding {
  readonly s: GpuStorage;
  readonly write?: boolean;
}

export class GpuRuntime {
  private readonly pools = new Map<number, GPUBuffer[]>();
  private readonly registry = new FinalizationRegistry<GPUBuffer>((buffer) => this.release(buffer));
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly arena: GPUBuffer;
  private readonly params = new ArrayBuffer(SLOT_BYTES * SLOTS);
  private encoder: GPUCommandEncoder | null = null;
  private slot = 0;
  /** Buffers to destroy once the batch that uses them is submitted. */
  private transient: GPUBuffer[] = [];
  /** The error scopes of submitted batches, checked at the next read. */
  private errors: Promise<GPUError | null>[] = [];
  private uncaptured: string | null = null;
  /** Set by the device's loss; every later call throws it. */
  private lost: string | null = null;
  /**
   * Raised by kernels that meet an invalid value, checked at the next read: word 0, an
   * index out of range; word 1, a class target out of bounds (its value in word 2);
   * word 3, an integer divisor of zero; word 4, a gather / scatter index out of bounds
   * (its value, dim and the dim's size in words 5-7).
   */
  readonly indexFlag: GPUBuffer;
  private indexFlagArmed = false;

  constructor(readonly device: GPUDevice) {
    this.arena = device.createBuffer({ size: SLOT_BYTES * SLOTS, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    this.indexFlag = device.createBuffer({ size: FLAG_BYTES, usage: STORAGE_USAGE });
    void device.lost.then((info) => {
      this.lost = `the WebGPU device was lost (${info.reason}): ${info.message}`;
    });
    // Errors outside a batch's scopes (none are expected) still reach the next read.
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      this.uncaptured ??= ev.error.message;
    };
  }

  /** A zero-filled storage of n elements. */
  alloc(dtype: GpuDType, n: number): GpuStorage {
    const s = this.allocUninit(dtype, n);
    if (n > 0) this.enc().clearBuffer(s.buffer, 0, sizeClass(n));
    return s;
  }

  /** A storage of n elements whose contents a kernel is about to overwrite. */
  allocUninit(dtype: GpuDType, n: number): GpuStorage {
    this.checkAlive();
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`webgpu: invalid element count ${n}`);
    const size = sizeClass(n);
    const limit = this.device.limits.maxStorageBufferBindingSize;
    if (size > limit) {
      throw new RangeError(`webgpu: ${n} elements (${size} bytes) exceed this adapter's largest storage buffer (${limit} bytes)`);
    }
    const buffer = this.pools.get(size)?.pop() ?? this.device.createBuffer({ size, usage: STORAGE_USAGE });
    const s = new Handle(buffer, n, dtype);
    this.registry.register(s, buffer);
    return s;
  }

  private release(buffer: GPUBuffer): void {
    if (this.lost) return;
    let pool = this.pools.get(buffer.size);
    if (!pool) this.pools.set(buffer.size, (pool = []));
    if (pool.length < POOL_DEPTH) pool.push(buffer);
    else buffer.destroy();
  }

  /** Copies 32-bit words into a storage, in order with the recorded work. */
  write(dst: GpuStorage, words: Uint32Array | Int32Array | Float32Array, dstOffset = 0): void {
    if (words.length === 0) return;
    const staging = this.device.createBuffer({ size: words.byteLength, usage: USAGE.COPY_SRC, mappedAtCreation: true });
    new Uint32Array(staging.getMappedRange()).set(new Uint32Array(words.buffer, words.byteOffset, words.length));
    staging.unmap();
    this.enc().copyBufferToBuffer(staging, 0, dst.buffer, dstOffset * 4, words.byteLength);
    this.transient.push(staging);
  }

  /** Copies n elements between storages (offsets in elements). */
  copy(src: GpuStorage, srcOffset: number, dst: GpuStorage, dstOffset: number, n: number): void {
    if (n === 0) return;
    if (src.buffer === dst.buffer) {
      // copyBufferToBuffer cannot copy within one buffer: go through a temporary.
      const tmp = this.allocUninit(src.dtype, n);
      this.copy(src, srcOffset, tmp, 0, n);
      this.copy(tmp, 0, dst, dstOffset, n);
      return;
    }
    this.enc().copyBufferToBuffer(src.buffer, srcOffset * 4, dst.buffer, dstOffset * 4, n * 4);
  }

  /** The pipeline of a kernel, compiled once per key. */
  pipeline(key: string, source: () => string): GPUComputePipeline {
    let p = this.pipelines.get(key);
    if (!p) {
      this.enc(); // inside the batch's error scopes, so a compile error reaches the next read
      const module = this.device.createShaderModule({ code: source(), label: key });
      p = this.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" }, label: key });
      this.pipelines.set(key, p);
    }
    return p;
  }

  /**
   * Records one dispatch: `params` fill the parameter block (u32 words; floats are passed
   * as their bits by the caller), `bindings` are bound from 1 in order, `groups` is the
   * grid. An output that is also an input is written to a temporary and copied back
   * (WebGPU forbids one buffer bound both read-only and writable in a dispatch).
   * `extra` is bound last (the index kernels' out-of-range flag).
   */
  dispatch(pipeline: GPUComputePipeline, params: ArrayLike<number>, bindings: readonly Binding[], groups: readonly [number, number, number], extra: GPUBuffer | null = null): void {
    this.checkAlive();
    if (groups[0] === 0 || groups[1] === 0 || groups[2] === 0) return;
    const max = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (groups[0] > max || groups[1] > max || groups[2] > max) {
      throw new RangeError(`webgpu: a grid of ${groups.join(" × ")} workgroups exceeds this adapter's ${max} per dimension`);
    }
    if (params.length > PARAM_WORDS) throw new RangeError(`webgpu: ${params.length} parameter words (at most ${PARAM_WORDS})`);
    const out = bindings.find((b) => b.write);
    const aliased = out !== undefined && bindings.some((b) => !b.write && b.s.buffer === out.s.buffer);
    const target = aliased && out ? this.allocUninit(out.s.dtype, out.s.length) : null;
    if (this.slot === SLOTS) this.flush();
    const encoder = this.enc(); // opens the error scopes before the bind group is made
    // The temporary starts as the output (indexAdd accumulates into it).
    if (target && out) this.copy(out.s, 0, target, 0, out.s.length);
    const slot = this.slot++;
    new Uint32Array(this.params, slot * SLOT_BYTES, params.length).set(params);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.arena, offset: slot * SLOT_BYTES, size: SLOT_BYTES } }];
    bindings.forEach((b, i) => {
      const buffer = b.write && target ? target.buffer : b.s.buffer;
      entries.push({ binding: i + 1, resource: { buffer } });
    });
    if (extra) {
      entries.push({ binding: bindings.length + 1, resource: { buffer: extra } });
      this.indexFlagArmed = true;
    }
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    pass.end();
    if (target && out) this.copy(target, 0, out.s, 0, out.s.length);
  }

  /** The grid of a one-dimensional kernel over n threads of `wg` each (2-D past 65535 workgroups). */
  grid(n: number, wg: number): [number, number, number] {
    const groups = Math.ceil(n / wg);
    const max = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (groups <= max) return [groups, 1, 1];
    const y = Math.ceil(groups / max);
    return [Math.ceil(groups / y), y, 1];
  }

  private enc(): GPUCommandEncoder {
    if (!this.encoder) {
      this.device.pushErrorScope("out-of-memory");
      this.device.pushErrorScope("validation");
      this.encoder = this.device.createCommandEncoder();
    }
    return this.encoder;
  }

  /** Submits the recorded work. */
  flush(): void {
    if (!this.encoder) return;
    const encoder = this.encoder;
    this.encoder = null;
    if (this.slot > 0) this.device.queue.writeBuffer(this.arena, 0, this.params, 0, this.slot * SLOT_BYTES);
    this.slot = 0;
    this.device.queue.submit([encoder.finish()]);
    for (const b of this.transient) b.destroy();
    this.transient = [];
    this.errors.push(this.device.popErrorScope(), this.device.popErrorScope());
  }

  /** Reads a storage's elements back (submitting the recorded work), as 32-bit words. */
  async readWords(s: GpuStorage): Promise<ArrayBuffer> {
    this.checkAlive();
    const bytes = Math.max(4, s.length * 4);
    const staging = this.device.createBuffer({ size: bytes, usage: USAGE.MAP_READ | USAGE.COPY_DST });
    if (s.length > 0) this.enc().copyBufferToBuffer(s.buffer, 0, staging, 0, s.length * 4);
    let flagStaging: GPUBuffer | null = null;
    if (this.indexFlagArmed) {
      flagStaging = this.device.createBuffer({ size: FLAG_BYTES, usage: USAGE.MAP_READ | USAGE.COPY_DST });
      this.enc().copyBufferToBuffer(this.indexFlag, 0, flagStaging, 0, FLAG_BYTES);
      this.enc().clearBuffer(this.indexFlag);
      this.indexFlagArmed = false;
    }
    this.enc();
    this.flush();
    try {
      await staging.mapAsync(0x0001 /* GPUMapMode.READ */);
      await this.checkErrors();
      if (flagStaging) {
        await flagStaging.mapAsync(0x0001);
        const flags = new Uint32Array(flagStaging.getMappedRange());
        if (flags[STATUS.INDEX] !== 0) throw new RangeError("index out of range in self");
        if (flags[STATUS.TARGET] !== 0) throw new RangeError(`Target ${flags[STATUS.TARGET_VALUE] | 0} is out of bounds.`);
        if (flags[STATUS.ZERO_DIVISION] !== 0) throw new ValueError(ZERO_DIVISION);
        if (flags[STATUS.GATHER] !== 0) {
          throw new IndexError(`index ${flags[STATUS.GATHER_VALUE] | 0} is out of bounds for dimension ${flags[STATUS.GATHER_DIM]} with size ${flags[STATUS.GATHER_SIZE]}`);
        }
      }
      return staging.getMappedRange(0, s.length * 4).slice(0);
    } finally {
      staging.destroy();
      flagStaging?.destroy();
    }
  }

  /** Throws the first validation or out-of-memory error of the submitted batches. */
  private async checkErrors(): Promise<void> {
    const pending = this.errors;
    this.errors = [];
    const uncaptured = this.uncaptured;
    this.uncaptured = null;
    if (uncaptured) throw new Error(`webgpu: ${uncaptured}`);
    for (const e of await Promise.all(pending)) {
      if (e) throw new Error(`webgpu: ${e.message}`);
    }
  }

  private checkAlive(): void {
    if (this.lost) throw new Error(this.lost);
  }
}
