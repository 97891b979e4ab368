/**
 * For the webgpu bench scripts on a machine without a GPU: points Dawn at the SwiftShader
 * Vulkan driver that Debian's chromium ships and gives it a writable XDG_RUNTIME_DIR, unless
 * the environment already says otherwise (as test/backend/webgpu/device.ts does for tests).
 */
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

export function useSwiftShaderUnlessSet(): void {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `kindling-xdg-${process.pid}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
}
