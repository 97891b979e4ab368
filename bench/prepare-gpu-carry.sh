#!/usr/bin/env bash
# Builds .gpu-carry/, what bench/gpu-machine.sh needs on a bare GPU machine, on this one:
#   webgpu-bench.mjs   bench/webgpu.ts and Kindling bundled into one file (only `webgpu` outside)
#   node.tar.xz        this machine's Node (bin/node), xz-compressed (~100 MB → ~24 MB, ~90 s)
#   webgpu.tar.xz      the `webgpu` package: index.js, package.json and the linux-x64 dawn.node
#   libvulkan1_*.deb   the Vulkan loader, from the apt cache or `apt-get download`
# and checks that the carry and the working tree that travels with it fit the device's
# 64 MiB. Run it in the checkout that will call the device (the session's own repo):
#
#   bash bench/prepare-gpu-carry.sh
#
# The Node tarball and the package are kept when already newer than their sources.
set -euo pipefail
cd "$(dirname "$0")/.."
CARRY=.gpu-carry
LIMIT=$((64 * 1024 * 1024))
mkdir -p "$CARRY"
grep -qx '.gpu-carry/' .gitignore || { echo ".gpu-carry/ is not in .gitignore: it would travel as part of the tree" >&2; exit 1; }

echo "== bundle: $CARRY/webgpu-bench.mjs"
# ESM output with a `require` for the CommonJS dependencies that reach Node's built-ins.
node_modules/.bin/esbuild bench/webgpu.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --outfile="$CARRY/webgpu-bench.mjs" --metafile="$CARRY/meta.json" --log-level=warning \
  --banner:js='import { createRequire as __kdCreateRequire } from "node:module"; const require = __kdCreateRequire(import.meta.url);'
# Nothing but `webgpu` and Node's own modules may stay outside: the machine has no node_modules.
# (`canvas` is vega-canvas's optional import, tried and given up on where it is missing.)
node -e '
  const meta = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const ext = new Set();
  for (const o of Object.values(meta.outputs)) for (const i of o.imports) if (i.external) ext.add(i.path);
  const bad = [...ext].filter((p) => p !== "webgpu" && p !== "canvas" && !p.startsWith("node:") && !require("module").builtinModules.includes(p));
  if (bad.length) { console.error("the bundle imports packages it does not contain: " + bad.join(", ")); process.exit(1); }
' "$CARRY/meta.json"
rm "$CARRY/meta.json"

NODE_BIN=$(readlink -f "${NODE_BIN:-$(command -v node)}")
if [ ! -s "$CARRY/node.tar.xz" ] || [ "$NODE_BIN" -nt "$CARRY/node.tar.xz" ]; then
  echo "== node: $NODE_BIN ($("$NODE_BIN" --version)) → $CARRY/node.tar.xz"
  stage=$(mktemp -d)
  mkdir -p "$stage/bin" && cp "$NODE_BIN" "$stage/bin/node"
  XZ_OPT="-6 -T2" tar -cJf "$CARRY/node.tar.xz.part" -C "$stage" bin/node
  mv "$CARRY/node.tar.xz.part" "$CARRY/node.tar.xz"
  rm -rf "$stage"
fi

DAWN=node_modules/webgpu/dist/linux-x64/dawn.node
if [ ! -s "$CARRY/webgpu.tar.xz" ] || [ "$DAWN" -nt "$CARRY/webgpu.tar.xz" ]; then
  echo "== webgpu package: $DAWN → $CARRY/webgpu.tar.xz"
  XZ_OPT="-6 -T2" tar -cJf "$CARRY/webgpu.tar.xz.part" -C node_modules webgpu/index.js webgpu/package.json webgpu/dist/linux-x64/dawn.node
  mv "$CARRY/webgpu.tar.xz.part" "$CARRY/webgpu.tar.xz"
fi

if ! ls "$CARRY"/libvulkan1_*.deb >/dev/null 2>&1; then
  echo "== Vulkan loader"
  deb=$(ls /var/cache/apt/archives/libvulkan1_*_amd64.deb 2>/dev/null | tail -1 || true)
  if [ -n "$deb" ]; then cp "$deb" "$CARRY/"; else (cd "$CARRY" && apt-get download libvulkan1:amd64); fi
fi

echo "== sizes"
ls -l "$CARRY"
carry=$(find "$CARRY" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
tree=$(git ls-files -co --exclude-standard -z | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
total=$((carry + tree))
echo "carry $((carry / 1024)) KiB + working tree $((tree / 1024)) KiB = $((total / 1024)) KiB of $((LIMIT / 1024)) KiB"
if [ "$total" -gt "$LIMIT" ]; then echo "too large for the device's 64 MiB" >&2; exit 1; fi
echo "ready: run bench/gpu-machine.sh on the device with carry [\"$CARRY\"] (see its header)"
