"""PyTorch CUDA's side of bench/webgpu.ts: the float32 GEMM and W3 on the GPU.

Prints one JSON line per call. Run by bench/webgpu.ts; by hand:

    python3 bench/torch_cuda.py info                 # {"cuda": false, ...} where there is no GPU
    python3 bench/torch_cuda.py GEMM <size> <reps>   # float32, TF32 off (then on, as a note)
    python3 bench/torch_cuda.py W3 <data file>       # one epoch of W3 on the GPU

KINDLING_TORCH_DEVICE=cpu runs the same code on the CPU (a rehearsal where there is no GPU).
"""
import json
import os
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bench import read_w3, split, w3_gflop  # noqa: E402

DEVICE = os.environ.get("KINDLING_TORCH_DEVICE", "cuda")


def device_name():
    return torch.cuda.get_device_name(0) if DEVICE == "cuda" else DEVICE


def info():
    ok = torch.cuda.is_available()
    print(json.dumps({"torch": torch.__version__, "cuda": ok, "device": torch.cuda.get_device_name(0) if ok else None}))


def timed_mm(a, b, c, reps):
    """Median and best ms of `reps` products, each timed with CUDA events after a warm-up."""
    for _ in range(3):
        torch.mm(a, b, out=c)
    if DEVICE == "cuda":
        torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        if DEVICE != "cuda":
            t0 = time.perf_counter()
            torch.mm(a, b, out=c)
            times.append((time.perf_counter() - t0) * 1000)
            continue
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        torch.mm(a, b, out=c)
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2], times[0]


def gemm(size, reps):
    torch.manual_seed(0)
    a, b = torch.randn(size, size, device=DEVICE), torch.randn(size, size, device=DEVICE)
    c = torch.empty(size, size, device=DEVICE)
    # Plain float32, as Kindling's kernel computes it: TF32 tensor cores would round the
    # operands to 10-bit mantissas. The TF32 figure is printed beside it for scale.
    torch.backends.cuda.matmul.allow_tf32 = False
    ms, best = timed_mm(a, b, c, reps)
    torch.backends.cuda.matmul.allow_tf32 = True
    tf32_ms, _ = timed_mm(a, b, c, reps)
    torch.backends.cuda.matmul.allow_tf32 = False
    gflop = 2 * size ** 3 / 1e9
    return {"workload": f"W4 {size}³ cuda", "ms": ms, "gflop": gflop,
            "notes": {"bestMs": best, "tf32Ms": tf32_ms, "device": device_name()}}


def w3(path, batch=256, hidden=256):
    """bench/torch_bench.py's W3 with the data and model on the GPU; a short untimed run first (CUDA's start-up)."""
    X, y, n_train, features, classes = read_w3(path)
    X, y = X.to(DEVICE), y.to(DEVICE)
    X_train, y_train, X_test, y_test = split(X, y, n_train)

    def make():
        return nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                             nn.Linear(hidden, classes)).to(DEVICE)

    def epoch(model, optimizer, steps):
        loss_fn = nn.CrossEntropyLoss()
        model.train()
        perm = torch.randperm(n_train, device=DEVICE)
        for i in range(0, min(n_train, steps * batch), batch):
            idx = perm[i:i + batch]
            loss = loss_fn(model(X_train[idx]), y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return loss.item()  # waits for the GPU

    torch.manual_seed(0)
    warm = make()
    epoch(warm, torch.optim.Adam(warm.parameters(), lr=1e-3), 10)
    torch.manual_seed(0)
    model = make()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    t0 = time.perf_counter()
    last_loss = epoch(model, optimizer, n_train)
    ms = (time.perf_counter() - t0) * 1000
    model.eval()
    with torch.inference_mode():
        accuracy = model(X_test).argmax(dim=1).eq(y_test).float().mean().item()
    return {"workload": "W3 cuda", "ms": ms, "accuracy": accuracy, "gflop": w3_gflop(n_train, features, classes, hidden),
            "notes": {"samplesPerSec": round(n_train / (ms / 1000)), "lastLoss": last_loss}}


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "info":
        info()
    elif cmd == "GEMM":
        print(json.dumps(gemm(int(args[0]), int(args[1]))))
    elif cmd == "W3":
        print(json.dumps(w3(args[0])))
    else:
        sys.exit(f"unknown command {cmd} (info, GEMM <size> <reps>, W3 <data file>)")
