/**
 * The playground's build: `vite web` serves it, `vite build web` writes static files to
 * web/dist that work from any static server (relative base), with embed.html, the example
 * page of the <kindling-playground> element (kindling-playground.js). Kindling is imported from
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
    // No polyfill chunk: kindling-playground.js stays one file (every current browser has modulepreload).
    modulePreload: { polyfill: false },
    rollupOptions: {
      // The playground, and the example page of its web component, whose script keeps a
      // fixed name (kindling-playground.js) that other pages load.
      input: {
        main: fileURLToPath(new URL("index.html", import.meta.url)),
        embed: fileURLToPath(new URL("embed.html", import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === "embed" ? "kindling-playground.js" : "assets/[name]-[hash].js"),
      },
    },
  },
});
