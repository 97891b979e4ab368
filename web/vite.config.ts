/**
 * The playground's build: `vite web` serves it, `vite build web` writes static files to
 * web/dist that work from any static server (relative base). Kindling is imported from
 * the package's own source through the `kindling` alias, never copied.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  resolve: {
    alias: { kindling: fileURLToPath(new URL("../src/index.ts", import.meta.url)) },
  },
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
});
