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

/** The engine's transcendental functions, which libm replaces (see the rule below). */
const ENGINE_MATH = ["exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos", "tan", "tanh", "sinh", "cosh",
  "asin", "acos", "atan", "atan2", "asinh", "acosh", "atanh", "pow", "cbrt", "hypot"];

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
        {
          // 2 ** k is exact in every engine, as is BigInt's **; any other base is Math.pow.
          selector: "BinaryExpression[operator='**']:not([left.value=2]):not([left.bigint]), AssignmentExpression[operator='**=']",
          message: "x ** y is Math.pow, whose last bits differ between JavaScript engines; use libm.pow (src/backend/libm.ts; in web/, Kindling's tensor ops), or x * x for a square.",
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
