/// <reference types="@webgpu/types" />
/**
 * Finding a WebGPU device: `navigator.gpu` in a browser, the optional `webgpu` package
 * (Dawn's Node bindings) in Node. One device per process: `initWebGpu()` is idempotent,
 * and `webGpuIfReady()` answers synchronously once it has resolved.
 */
import { WebGpuBackend } from "./backend.js";

let pending: Promise<WebGpuBackend> | null = null;
let ready: WebGpuBackend | null = null;
/**
 * The object the `webgpu` package's `create()` returns. Dawn tears the instance down when
 * it is collected, taking the device with it, so it lives as long as the process.
 */
let nodeGpu: GPU | null = null;

/** The device's backend, once `initWebGpu()` has resolved; null before (or if it failed). */
export function webGpuIfReady(): WebGpuBackend | null {
  return ready;
}

/** Finds the adapter and device (once per process) and returns the WebGPU backend over it. */
export function initWebGpu(): Promise<WebGpuBackend> {
  if (!pending) {
    pending = start().then(
      (b) => (ready = b),
      (e: unknown) => {
        pending = null; // a later call may try again (after `npm install webgpu`, say)
        throw e;
      },
    );
  }
  return pending;
}

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

async function start(): Promise<WebGpuBackend> {
  const gpu = isNode ? await nodeGpuOf() : browserGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error(noAdapterMessage());
  // The adapter's own limits, not WebGPU's defaults: the default largest storage binding
  // (128 MiB) would cap a tensor at 32M elements.
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
    },
  });
  return new WebGpuBackend(device, adapterName(adapter));
}

function browserGpu(): GPU {
  const gpu = typeof navigator !== "undefined" ? navigator.gpu : undefined;
  if (!gpu) {
    throw new Error("WebGPU is not available in this browser (navigator.gpu is undefined); use a browser with WebGPU enabled, or the cpu device");
  }
  return gpu;
}

interface WebGpuPackage {
  create(options: string[]): GPU;
  globals: object;
}

async function nodeGpuOf(): Promise<GPU> {
  if (nodeGpu) return nodeGpu;
  // A computed name: bundlers leave the optional native package out of browser builds.
  const name = "webgpu";
  let pkg: WebGpuPackage;
  try {
    pkg = (await import(/* @vite-ignore */ name)) as WebGpuPackage;
  } catch (e) {
    throw new Error(
      `The webgpu device in Node needs the optional package "webgpu" (Dawn's Node bindings): npm install webgpu (${(e as Error).message})`,
    );
  }
  // Dawn's classes (GPUBufferUsage, …) as the browser has them on globalThis.
  for (const [k, v] of Object.entries(pkg.globals)) {
    if (!(k in globalThis)) Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
  }
  nodeGpu = pkg.create([]);
  return nodeGpu;
}

function noAdapterMessage(): string {
  if (!isNode) return "WebGPU found no adapter (navigator.gpu.requestAdapter() returned null)";
  return (
    "WebGPU found no adapter. On Linux Dawn needs a Vulkan driver: install libvulkan1 and a driver " +
    "(a GPU's, or SwiftShader's from Debian's chromium package with " +
    "VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json), and set XDG_RUNTIME_DIR to a writable directory"
  );
}

function adapterName(adapter: GPUAdapter): string {
  const info = adapter.info;
  return [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s).join(" ") || "unknown adapter";
}
