#!/usr/bin/env bash
# The GPU speed run (issue 14) on a bare device machine, in one call: sets up Node, the
# `webgpu` package and the Vulkan loader from .gpu-carry/, checks that Dawn finds the GPU,
# runs bench/webgpu.ts (bundled) under a time cap, and leaves the log and the results file
# in $OUT (./gpu-out without one).
#
# Before it, on the machine that calls the device, in that session's own checkout:
#   bash bench/prepare-gpu-carry.sh          # builds .gpu-carry/ (~31 MiB), checks the 64 MiB
#   bash bench/gpu-machine.sh --small        # optional rehearsal against SwiftShader, ~1 min
# Then the one device call (the whole run takes about 3-6 minutes; the cap is 480 s):
#   run(command="bash bench/gpu-machine.sh", carry=[".gpu-carry"], timeout_s=570)
# and copy the returned webgpu-<date>.json into bench/results/.
#
# Arguments go to bench/webgpu.ts (--small, --no-torch, ...). Environment:
#   KINDLING_NODE_TARBALL  a Node tarball (bin/node inside) to use instead of a node on PATH
#   KINDLING_GPU_TIMEOUT   seconds for bench/webgpu.ts (default 480)
#   VK_ICD_FILENAMES       a Vulkan driver to use (default: NVIDIA's, wherever it is found)
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
CARRY=$REPO/.gpu-carry
OUTDIR=${OUT:-$REPO/gpu-out}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kindling-gpu.XXXXXX")
mkdir -p "$OUTDIR"
exec > >(tee "$OUTDIR/gpu-machine.log") 2>&1
step() { echo "== $* ($(date -u +%T))"; }
die() { echo "gpu-machine.sh: $*" >&2; exit 1; }

step "machine"
uname -a
nvidia-smi -L 2>/dev/null || echo "(no nvidia-smi)"
[ -f "$CARRY/webgpu-bench.mjs" ] || die "no $CARRY/webgpu-bench.mjs: run bench/prepare-gpu-carry.sh and carry .gpu-carry"

step "node"
# A node on PATH that is new enough (>= 20.19, the package's engines), else the carried one.
node_ok() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; }
NODE=""
TARBALL=${KINDLING_NODE_TARBALL:-}
if [ -z "$TARBALL" ] && command -v node >/dev/null && node_ok node; then NODE=$(command -v node); fi
if [ -z "$NODE" ]; then
  TARBALL=${TARBALL:-$CARRY/node.tar.xz}
  [ -f "$TARBALL" ] || die "no usable node on PATH and no tarball at $TARBALL"
  mkdir -p "$WORK/node" && tar -xJf "$TARBALL" -C "$WORK/node" || die "cannot unpack $TARBALL"
  NODE=$(find "$WORK/node" -path '*bin/node' -type f | head -1)
  node_ok "$NODE" || die "the node in $TARBALL does not run here"
fi
echo "$NODE $("$NODE" --version)"

step "webgpu package"
# Beside a copy of the bundle, so that its import("webgpu") finds it; nothing written into the carry.
mkdir -p "$WORK/app/node_modules"
tar -xJf "$CARRY/webgpu.tar.xz" -C "$WORK/app/node_modules" || die "cannot unpack $CARRY/webgpu.tar.xz"
cp "$CARRY/webgpu-bench.mjs" "$WORK/app/"
ls -l "$WORK/app/node_modules/webgpu/dist/linux-x64/dawn.node"

step "vulkan"
if ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 '; then
  echo "loader: the system's ($(ldconfig -p | grep 'libvulkan\.so\.1 ' | head -1))"
else
  deb=$(ls "$CARRY"/libvulkan1_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || die "no libvulkan.so.1 here and none carried"
  dpkg -x "$deb" "$WORK/vulkan" || die "cannot unpack $deb"
  export LD_LIBRARY_PATH="$WORK/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "loader: carried, $(ls "$WORK"/vulkan/usr/lib/x86_64-linux-gnu/libvulkan.so.1*)"
fi
# The driver's libraries (what nvidia_icd.json names) where a container mounts them.
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && export LD_LIBRARY_PATH="$LD_LIBRARY_PATH${LD_LIBRARY_PATH:+:}$d"; done
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/local/share/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$f" ]; then export VK_ICD_FILENAMES=$f; break; fi
  done
fi
# Newer loaders read VK_DRIVER_FILES; Debian 12's (1.3.239) reads VK_ICD_FILENAMES.
[ -n "${VK_ICD_FILENAMES:-}" ] && export VK_DRIVER_FILES=$VK_ICD_FILENAMES
echo "driver: ${VK_ICD_FILENAMES:-none found}"; [ -n "${VK_ICD_FILENAMES:-}" ] && { cat "$VK_ICD_FILENAMES"; echo; }
mkdir -p "$WORK/xdg" && chmod 700 "$WORK/xdg" && export XDG_RUNTIME_DIR=$WORK/xdg

step "adapter"
# Seconds, against minutes of bench: without an adapter, say why with the loader's log.
probe() {
  (cd "$WORK/app" && timeout 60 "$NODE" --input-type=module -e '
    import { create, globals } from "webgpu";
    Object.assign(globalThis, globals);
    const gpu = create([]);
    const a = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!a) { console.log("no adapter"); process.exit(1); }
    console.log("adapter:", [a.info.vendor, a.info.architecture, a.info.device, a.info.description].filter(Boolean).join(" "));
    process.exit(0);')
}
if ! probe; then
  echo "-- again with VK_LOADER_DEBUG=all"
  VK_LOADER_DEBUG=all probe 2>&1 | head -150
  die "Dawn found no adapter"
fi

step "bench (cap ${KINDLING_GPU_TIMEOUT:-480} s)"
command -v python3 >/dev/null && python3 -c 'import torch; print("python3: torch", torch.__version__, "cuda", torch.cuda.is_available())' 2>&1 | tail -1
timeout "${KINDLING_GPU_TIMEOUT:-480}" "$NODE" "$WORK/app/webgpu-bench.mjs" --out "$OUTDIR" "$@"
rc=$?
[ $rc -eq 124 ] && echo "bench/webgpu.ts ran past ${KINDLING_GPU_TIMEOUT:-480} s and was stopped"
step "done (status $rc)"
ls -l "$OUTDIR"
rm -rf "$WORK"
exit $rc
