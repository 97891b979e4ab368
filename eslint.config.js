import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // assembly/ is AssemblyScript (decorators such as @inline on functions): its compiler,
  // run by scripts/build-wasm.mjs, checks it.
  { ignores: ["dist/", "node_modules/", "web/dist/", "kindling-out/", "assembly/", "**/*.js", "!eslint.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
