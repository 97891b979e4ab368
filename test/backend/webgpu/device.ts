/**
 * The one WebGPU device of a test process. In Node, Dawn finds SwiftShader (Debian's
 * chromium package ships its Vulkan driver) when VK_ICD_FILENAMES names it and
 * XDG_RUNTIME_DIR is writable; both are set here when unset. No adapter is a failure, not
 * a skip: CI installs chromium and libvulkan1 for these tests.
 */
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initWebGpu } from "../../../src/backend/webgpu/gpu.js";
import type { WebGpuBackend } from "../../../src/backend/webgpu/backend.js";

const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

export function gpuUnderTest(): Promise<WebGpuBackend> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `kindling-xdg-${process.pid}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  return initWebGpu();
}
