/**
 * The committed bits of the determinism programs (programs.ts at TEST_EPOCHS, the default
 * wasm backend) and of libm over libmGrid(): sha256 of the final parameters' float32 bytes,
 * and of the grid's float64 bytes. test/engine/determinism.test.ts (Node, 1, 2 and 4
 * threads) and test/web/determinism.e2e.test.ts (Chromium) compare against them, so a
 * change of bits anywhere fails a test, not only a difference between engines.
 * Regenerate, when a change is meant to change bits:
 *
 *   npx tsx test/engine/determinism/update-expected.ts
 */
export const EXPECTED = {
  programs: {
    w1: "ad35bed89088ee6f874ab82b77d2c550108c7e02dd46fc7d4f4ea72fcd607fc4",
    w2: "bad470265359dfbe3caa2d70b4eb8ffab4091cbdef914bbe63c0367fa7df8254",
    w3: "cf840d54aca89692ec6a60f3bf0e315b9faa825ba15777b6892ad133dae507f6",
    iris: "b9ceb199d2308ea64b9ded7bad12c62b1eeaaf221bc1869cb5370ceabdff1ec9",
    spiral: "abb53540ab95daaeefce3bbf20469690090ad483a8735f123835e0ff800ae494"
  },
  libm: "b7176b07bda8f609f73a412831d8e87e02721e813a2329e748fe2286e3c75c94"
} as const;
