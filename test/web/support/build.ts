/** Builds the playground with Vite's JS API into a folder of the test's choosing. */
import { fileURLToPath } from "node:url";
import { build } from "vite";

export const WEB_ROOT = fileURLToPath(new URL("../../../web", import.meta.url));

export async function buildPlayground(outDir = `${WEB_ROOT}/dist`): Promise<void> {
  await build({
    root: WEB_ROOT,
    configFile: `${WEB_ROOT}/vite.config.ts`,
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
}
