/**
 * Headless Chromium for the playground tests. Chromium is required: when it is missing the
 * tests fail with this message instead of being skipped (CI installs it).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** `extraArgs`: more switches, e.g. --enable-unsafe-webgpu (SwiftShader's WebGPU, also in workers). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The playground tests need Chromium at ${CHROMIUM}, and it is not there. ` +
        "Install it (Debian: apt-get install chromium) and run the tests again.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", ...extraArgs,
    ],
  });
}
