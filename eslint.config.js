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
  {
    // A spread or apply passes every element as an argument on the stack: past ~100k elements
    // (a test set, a 500-class confusion matrix) it throws "Maximum call stack size exceeded".
    files: ["src/**/*.ts", "web/src/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min|hypot)$/] > SpreadElement",
          message: "Math.max/min(...array) overflows the stack on large arrays; loop over the values instead.",
        },
        {
          selector: "CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement",
          message: "push(...array) overflows the stack on large arrays; use a loop or concat.",
        },
        {
          selector: "CallExpression[callee.object.name='String'][callee.property.name=/^fromCharCode|fromCodePoint$/] > SpreadElement",
          message: "String.fromCharCode(...array) overflows the stack on large arrays; decode with TextDecoder or in chunks.",
        },
        {
          selector: "CallExpression[callee.property.name='apply'][callee.object.type='MemberExpression'][callee.object.object.name=/^(Math|String|Array)$/]",
          message: "Math.max.apply / String.fromCharCode.apply overflow the stack on large arrays; loop over the values instead.",
        },
        {
          selector: "CallExpression[callee.property.name='apply'][callee.object.type='MemberExpression'][callee.object.property.name=/^(push|unshift|max|min)$/]",
          message: "x.push.apply(x, array) overflows the stack on large arrays; use a loop or concat.",
        },
      ],
    },
  },
  {
    // Ops reach kernels through ops/kernels.ts: the primitives, and a fused kernel only
    // through the op-table entry that declares it. Importing the backend module directly
    // would bypass that declaration.
    files: ["src/**/*.ts"],
    ignores: ["src/backend/**", "src/ops/kernels.ts", "src/index.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["**/backend/index.js", "**/backend/wasm/*", "**/backend/js/*", "**/backend/webgpu/*"], message: "reach kernels through ops/kernels.ts (kernels() / fused(OPS.x))." }],
      }],
    },
  },
);
