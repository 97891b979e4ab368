"""PyTorch side of Kindling's benchmark: the same workloads as bench/workloads/*.ts.

Prints one JSON line per run, in the shape of bench/workloads/result.ts, with the peak
resident memory of this process. Run by bench/run.ts; by hand:

    python bench/torch_bench.py info
    python bench/torch_bench.py W1 [threads] | W2 [threads] | W1W / W2W [threads] (timed after 1000 epochs of warm-up) | W3 <data file> [threads] | W4 <size> <threads> <reps> | W5 <steps> [threads] | W6 <epochs>
    python bench/torch_bench.py TRAIN_W1     # whole-process twin of `kindling train`

W1-W3 use PyTorch's default thread settings (reported by `info`) unless given a count.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def emit(result):
    result.setdefault("threads", torch.get_num_threads())
    result["peakRssMb"] = peak_rss_mb()
    print(json.dumps(result))


def info():
    cfg = torch.__config__.show()
    blas = "mkl" if "BLAS_INFO=mkl" in cfg else "openblas" if "openblas" in cfg.lower() else "other"
    env = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE") if k in os.environ}
    cap = torch.backends.cpu.get_cpu_capability()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "interopThreads": torch.get_num_interop_threads(),
                      "blas": blas, "cpuCapability": cap, "env": env, "pythonVersion": sys.version.split()[0]}))


def split(X, y, n_train):
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def w1(epochs=1000):
    from sklearn.datasets import make_circles
    torch.manual_seed(42)
    X, y = make_circles(1000, noise=0.03, random_state=42)
    X = torch.from_numpy(X).float(); y = torch.from_numpy(y).float()
    X_train, y_train, X_test, y_test = split(X, y, 800)
    model = nn.Sequential(nn.Linear(2, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 1))
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    t0 = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        logits = model(X_train).squeeze(1)
        loss = loss_fn(logits, y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        model.eval()
        with torch.inference_mode():
            test_logits = model(X_test).squeeze(1)
            test_loss = loss_fn(test_logits, y_test).item()
            accuracy = torch.round(torch.sigmoid(test_logits)).eq(y_test).sum().item() / y_test.numel()
    ms = (time.perf_counter() - t0) * 1000
    return {"workload": "W1", "ms": ms, "accuracy": accuracy, "notes": {"trainLoss": loss.item(), "testLoss": test_loss, "epochs": epochs}}


def w2(epochs=100):
    from sklearn.datasets import make_blobs
    torch.manual_seed(42)
    X, y = make_blobs(1000, n_features=2, centers=4, cluster_std=1.5, random_state=42)
    X = torch.from_numpy(X).float(); y = torch.from_numpy(y).long()
    X_train, y_train, X_test, y_test = split(X, y, 800)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 4))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    t0 = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        logits = model(X_train)
        loss = loss_fn(logits, y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        model.eval()
        with torch.inference_mode():
            test_logits = model(X_test)
            test_loss = loss_fn(test_logits, y_test).item()
            accuracy = torch.softmax(test_logits, dim=1).argmax(dim=1).eq(y_test).sum().item() / y_test.numel()
    ms = (time.perf_counter() - t0) * 1000
    return {"workload": "W2", "ms": ms, "accuracy": accuracy, "notes": {"trainLoss": loss.item(), "testLoss": test_loss, "epochs": epochs}}


def read_w3(path):
    raw = open(path, "rb").read()
    n_train, n_test, features, classes = np.frombuffer(raw, dtype="<i4", count=4)
    n = int(n_train + n_test)
    X = np.frombuffer(raw, dtype="<f4", count=n * features, offset=16).reshape(n, features)
    y = np.frombuffer(raw, dtype="<i4", count=n, offset=16 + n * features * 4)
    return torch.from_numpy(X.copy()), torch.from_numpy(y.astype(np.int64)), int(n_train), int(features), int(classes)


def w3_gflop(n_train, features, classes, hidden=256):
    fwd = features * hidden + hidden * hidden + hidden * classes
    bwd = features * hidden + 2 * hidden * hidden + 2 * hidden * classes
    return 2 * n_train * (fwd + bwd) / 1e9


def w3(path, batch=256, hidden=256):
    X, y, n_train, features, classes = read_w3(path)
    X_train, y_train, X_test, y_test = split(X, y, n_train)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, classes))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    t0 = time.perf_counter()
    model.train()
    perm = torch.randperm(n_train)
    for i in range(0, n_train, batch):
        idx = perm[i:i + batch]
        xb, yb = X_train[idx], y_train[idx]
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    last_loss = loss.item()
    ms = (time.perf_counter() - t0) * 1000
    model.eval()
    with torch.inference_mode():
        accuracy = model(X_test).argmax(dim=1).eq(y_test).float().mean().item()
    return {"workload": "W3", "ms": ms, "accuracy": accuracy, "gflop": w3_gflop(n_train, features, classes, hidden),
            "notes": {"samplesPerSec": round(n_train / (ms / 1000)), "lastLoss": last_loss}}


def w4(size, threads, reps):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    a, b = torch.randn(size, size), torch.randn(size, size)
    c = torch.empty(size, size)  # a preallocated result, as Kindling's side uses
    deadline = time.perf_counter() + 0.3
    while time.perf_counter() < deadline:
        torch.mm(a, b, out=c)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"workload": f"W4 {size}³", "ms": times[len(times) // 2], "gflop": 2 * size ** 3 / 1e9, "threads": threads,
            "notes": {"bestMs": times[0]}}


class TinyVGG(nn.Module):
    """learnpytorch chapter 03's FashionMNISTModelV2, as bench/workloads/w5-tinyvgg.ts builds it."""

    def __init__(self, hidden=10):
        super().__init__()
        conv = lambda cin: nn.Conv2d(cin, hidden, 3, padding=1)  # noqa: E731
        self.block_1 = nn.Sequential(conv(1), nn.ReLU(), conv(hidden), nn.ReLU(), nn.MaxPool2d(2))
        self.block_2 = nn.Sequential(conv(hidden), nn.ReLU(), conv(hidden), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(hidden * 7 * 7, 10))

    def forward(self, x):
        return self.classifier(self.block_2(self.block_1(x)))


def w5(steps, batch=32):
    """One TinyVGG training step on 32 images (forward, loss, backward, SGD): median of `steps`."""
    torch.manual_seed(42)
    model = TinyVGG()
    x, y = torch.rand(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
    loss_fn, opt = nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.1)

    def step():
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        last = step()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    ms = times[len(times) // 2]
    gflop = 3 * 2 * batch * 10 * 9 * (1 * 28 * 28 + 10 * 28 * 28 + 2 * 10 * 14 * 14) / 1e9
    return {"workload": "W5", "ms": ms, "gflop": gflop, "notes": {"bestMs": times[0], "loss": last, "epochSeconds": ms * -(-60000 // batch) / 1000}}


def w6(epochs):
    """TinyVGG on all 60,000 Fashion-MNIST images for `epochs` epochs, as chapter 03 trains it (Debian's IDX files)."""
    import gzip
    import numpy as np

    root = "/usr/share/datasets/fashion-mnist"

    def read(prefix):
        with gzip.open(f"{root}/{prefix}-images-idx3-ubyte.gz") as f:
            images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
        with gzip.open(f"{root}/{prefix}-labels-idx1-ubyte.gz") as f:
            labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
        # ToTensor: uint8 → float in [0, 1].
        return torch.utils.data.TensorDataset(torch.from_numpy(images.copy()).float() / 255, torch.from_numpy(labels.copy()))

    torch.manual_seed(42)
    train, test = read("train"), read("t10k")
    train_loader = torch.utils.data.DataLoader(train, batch_size=32, shuffle=True)
    test_loader = torch.utils.data.DataLoader(test, batch_size=32)
    model = TinyVGG()
    loss_fn, opt = nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.1)
    epoch_ms = []
    for _ in range(epochs):
        model.train()
        t0 = time.perf_counter()
        for x, y in train_loader:
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        epoch_ms.append((time.perf_counter() - t0) * 1000)
    model.eval()
    correct = 0
    with torch.inference_mode():
        for x, y in test_loader:
            correct += (model(x).argmax(1) == y).sum().item()
    ms = sorted(epoch_ms)[len(epoch_ms) // 2]
    gflop = 3 * 2 * 60000 * 10 * 9 * (1 * 28 * 28 + 10 * 28 * 28 + 2 * 10 * 14 * 14) / 1e9
    return {"workload": "W6", "ms": ms, "gflop": gflop,
            "notes": {"epochSeconds": " ".join(str(round(m) / 1000) for m in epoch_ms), "testAccuracy": 100 * correct / len(test)}}


def train_w1():
    """What `kindling train` does for W1, as a script: the runner times the whole process."""
    result = w1()
    print(json.dumps({"accuracy": result["accuracy"]}))


def main(argv):
    which = argv[0] if argv else "info"
    if which == "info":
        info()
    elif which in ("W1", "W2", "W3", "W1W", "W2W"):
        # An optional last argument sets the thread count; without it, PyTorch's default.
        threads = argv[2 if which == "W3" else 1] if len(argv) > (2 if which == "W3" else 1) else None
        if threads is not None:
            torch.set_num_threads(int(threads))
        if which in ("W1W", "W2W"):
            # Steady state: timed after 1000 epochs of the same workload in this process.
            run = w1 if which == "W1W" else w2
            for _ in range(1 if which == "W1W" else 10):
                run()
            emit(dict(run(), workload=which))
        else:
            emit(w1() if which == "W1" else w2() if which == "W2" else w3(argv[1]))
    elif which == "W4":
        emit(w4(int(argv[1]), int(argv[2]), int(argv[3]) if len(argv) > 3 else 10))
    elif which == "W5":
        if len(argv) > 2:
            torch.set_num_threads(int(argv[2]))
        emit(w5(int(argv[1]) if len(argv) > 1 else 20))
    elif which == "W6":
        emit(w6(int(argv[1]) if len(argv) > 1 else 3))
    elif which == "TRAIN_W1":
        train_w1()
    else:
        raise SystemExit(f"unknown workload {which}")


if __name__ == "__main__":
    main(sys.argv[1:])
