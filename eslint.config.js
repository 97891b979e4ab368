import js from "@eslint/js";
import tseslint from "typescript-eslint";

// A spread or apply passes every element as an argument on the stack: past ~100k elements
// (a test set, a 500-class confusion matrix) it throws "Maximum call stack size exceeded".
const STACK_SAFE = [
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
];

// 2 ** k is exact in every engine, as is BigInt's **; any other base is Math.pow.
const POW_IS_PORTABLE = {
  selector: "BinaryExpression[operator='**']:not([left.value=2]):not([left.bigint]), AssignmentExpression[operator='**=']",
  message: "x ** y is Math.pow, whose last bits differ between JavaScript engines; use libm.pow (src/backend/libm.ts; in web/, Kindling's tensor ops), or x * x for a square.",
};

/** The engine's transcendental functions, which libm replaces (see the rule below). */
const ENGINE_MATH = ["exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos", "tan", "tanh", "sinh", "cosh",
  "asin", "acos", "atan", "atan2", "asinh", "acosh", "atanh", "pow", "cbrt", "hypot"];

/**
 * Ops, modules, optimizers, autograd and the random fills never hold a tensor's numbers:
 * they pass storage handles (`t.store`) to the kernels of ops/kernels.ts, and every loop
 * over a tensor's typed array lives in a backend (src/backend/), so a device is one folder
 * and the same code runs on it. (Random draws fill host buffers they own, random/draws.ts,
 * and write them in through the backend.)
 */
const NO_TYPED_ARRAY_READS = [
  {
    selector: "MemberExpression[computed=false][property.name='data']",
    message: "ops, nn, optim, autograd and random do not read a tensor's typed array: pass `t.store` to a kernel (ops/kernels.ts) and put the loop in the backends (src/backend/).",
  },
  {
    selector: "TSAsExpression TSTypeReference[typeName.name=/^(Storage|Float32Array|Float64Array|Int32Array|Uint8Array|Uint16Array)$/]",
    message: "a storage handle is not a typed array outside src/backend/: call a kernel instead of casting it.",
  },
];

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
    files: ["src/**/*.ts", "web/src/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...STACK_SAFE] },
  },
  {
    // The engine's Math.exp, Math.sin, Math.pow, … (and `**`) are not specified to the last
    // bit and differ between JavaScript engines and versions, so a value they compute would
    // make a training run's bits depend on where it runs (Node or a browser). Values that reach
    // a tensor, a random stream, a data set, a learning rate or a metric go through
    // src/backend/libm.ts instead. The backend is exempt: the reference (js) backend uses the
    // engine's Math on purpose, and libm is built there. Math.sqrt / abs / floor / round are
    // exact IEEE operations and stay. The playground's drawing code (web/src/ui) only places
    // pixels and axis ticks.
    files: ["src/**/*.ts", "web/src/**/*.ts"],
    ignores: ["src/backend/**", "web/src/ui/**"],
    rules: {
      "no-restricted-properties": ["error", ...ENGINE_MATH.map((property) => ({
        object: "Math", property, message: `Math.${property} differs between JavaScript engines in the last bits; use libm.${property} (src/backend/libm.ts; in web/, Kindling's tensor ops).`,
      }))],
      "no-restricted-syntax": ["error", ...STACK_SAFE,
        POW_IS_PORTABLE,
      ],
    },
  },
  {
    files: ["src/ops/**/*.ts", "src/nn/**/*.ts", "src/optim/**/*.ts", "src/autograd/**/*.ts", "src/random/**/*.ts"],
    ignores: ["src/ops/kernels.ts", "src/ops/half-kernels.ts"],
    rules: {
      // The whole list again: a later block's no-restricted-syntax replaces an earlier one's.
      "no-restricted-syntax": ["error", ...STACK_SAFE, POW_IS_PORTABLE, ...NO_TYPED_ARRAY_READS],
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
