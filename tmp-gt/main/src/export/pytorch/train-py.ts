/**
 * train.py: Kindling's `train` loop in PyTorch, step for step (same data and split, same
 * scaling, same initial weights from the same seed, same loss, optimizer, epochs and
 * batches), printing the tutorial's epoch lines, so a single process prints Kindling's
 * numbers. Under torchrun it trains with DistributedDataParallel and a DistributedSampler.
 */
import { dataPy, type DataSource } from "./data-py.js";
import { pyFloatLit, pyIntLit, pyStrList } from "./python.js";

export interface TrainingConfig {
  loss: "bce" | "cross-entropy" | "mse";
  optimizer: "sgd" | "adam" | "adamw";
  lr: number;
  weightDecay: number;
  epochs: number;
  /** 0: the whole training set per step. */
  batchSize: number;
  seed: number;
  testSize: number;
  scale: "standard" | "minmax" | "none";
  /** Print an epoch line every this many epochs (and the last). */
  every: number;
}

export interface TrainSource {
  data: DataSource;
  training: TrainingConfig;
  featureNames: readonly string[];
  classNames: readonly string[];
}

function optimizerCall(t: TrainingConfig): string {
  const cls = { sgd: "SGD", adam: "Adam", adamw: "AdamW" }[t.optimizer];
  // Kindling's AdamW, like PyTorch's, decays by 0.01 unless told otherwise.
  const wd = t.optimizer === "adamw" && t.weightDecay === 0 ? 0.01 : t.weightDecay;
  return `torch.optim.${cls}(model.parameters(), lr=LR, weight_decay=${pyFloatLit(wd)})`;
}

function lossCode(t: TrainingConfig): { make: string; target: string } {
  switch (t.loss) {
    case "bce": return { make: "nn.BCEWithLogitsLoss()", target: "y.float().reshape(-1, 1)" };
    case "cross-entropy": return { make: "nn.CrossEntropyLoss()", target: "y" };
    case "mse": return { make: "SigmoidMSELoss()", target: "y.float().reshape(-1, 1)" };
  }
}

function scalingCode(scale: TrainingConfig["scale"]): string {
  if (scale === "none") return `def fit_scaling(X_train):
    return None
`;
  const cls = scale === "standard" ? "StandardScaler" : "MinMaxScaler";
  return `def fit_scaling(X_train):
    """scikit-learn's ${cls} fitted on the training set in float64, kept as x * scale + offset in float32 (as Kindling applies it)."""
    from sklearn.preprocessing import ${cls}

    scaler = ${cls}().fit(X_train.astype(np.float64))
    offset = scaler.transform(np.zeros((1, X_train.shape[1])))[0]
    scale = scaler.transform(np.ones((1, X_train.shape[1])))[0] - offset
    return torch.tensor(scale, dtype=torch.float32), torch.tensor(offset, dtype=torch.float32)
`;
}

const SAFETENSORS_IO = `SAFETENSORS_DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
                      "I64": torch.int64, "BOOL": torch.bool}


def read_safetensors(path):
    """The tensors of a safetensors file, with the safetensors package or, without it, this small reader."""
    try:
        from safetensors.torch import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    start = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = SAFETENSORS_DTYPES[info["dtype"]]
        chunk = bytearray(data[start + begin:start + end])
        flat = torch.frombuffer(chunk, dtype=dtype) if chunk else torch.empty(0, dtype=dtype)
        out[name] = flat.reshape(info["shape"]).clone()
    return out


def write_safetensors(tensors, path):
    """Writes a state dict as safetensors (the package when installed, else this small writer)."""
    tensors = {k: v.detach().cpu().contiguous() for k, v in tensors.items()}
    try:
        from safetensors.torch import save_file
        return save_file(tensors, path)
    except ImportError:
        pass
    names = {v: k for k, v in SAFETENSORS_DTYPES.items()}
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little") + text + b"".join(blobs))
`;

const REPORT = `def report(net, X_test, y_test):
    """torchmetrics' metrics when it is installed, scikit-learn's classification report otherwise."""
    net.eval()
    with torch.inference_mode():
        pred = labels_of(net(X_test)).cpu()
    y = y_test.cpu()
    k = len(CLASS_NAMES)
    try:
        from torchmetrics import classification as tm
    except ImportError:
        tm = None
    if tm is not None:
        if k == 2:
            metrics = {"accuracy": tm.BinaryAccuracy(), "precision": tm.BinaryPrecision(), "recall": tm.BinaryRecall(),
                       "f1": tm.BinaryF1Score()}
            cm = tm.BinaryConfusionMatrix()
        else:
            metrics = {"accuracy": tm.MulticlassAccuracy(num_classes=k, average="micro"),
                       "precision (macro)": tm.MulticlassPrecision(num_classes=k, average="macro"),
                       "recall (macro)": tm.MulticlassRecall(num_classes=k, average="macro"),
                       "f1 (macro)": tm.MulticlassF1Score(num_classes=k, average="macro")}
            cm = tm.MulticlassConfusionMatrix(num_classes=k)
        print("Test set (torchmetrics):")
        for name, metric in metrics.items():
            print(f"  {name}: {metric(pred, y).item():.4f}")
        print("Confusion matrix (rows: true class, columns: predicted):")
        print(cm(pred, y))
    else:
        from sklearn.metrics import classification_report, confusion_matrix
        print("Classification report (test set, scikit-learn):")
        print(classification_report(y.numpy(), pred.numpy(), labels=list(range(k)), target_names=CLASS_NAMES, digits=4, zero_division=0))
        print("Confusion matrix (rows: true class, columns: predicted):")
        print(confusion_matrix(y.numpy(), pred.numpy(), labels=list(range(k))))
    print(f"Final test accuracy: {accuracy_of(y, pred):.2%}")
`;

export function trainPy(s: TrainSource): string {
  const t = s.training;
  const loss = lossCode(t);
  return `#!/usr/bin/env python3
"""Trains the Kindling model in PyTorch, as \`kindling train\` trained it.

    python3 train.py                                    # one process on the CPU: Kindling's epoch lines
    python3 train.py --device cuda                      # on a GPU
    torchrun --nproc_per_node 4 train.py                # DistributedDataParallel, one process per GPU or CPU share
    python3 train.py --weights weights.safetensors --epochs 0    # evaluate Kindling's trained weights
    python3 train.py --weights weights.safetensors --epochs 500  # continue training from them

Needs torch, numpy and scikit-learn; uses torchmetrics and safetensors when installed.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from model import Model

SEED = ${pyIntLit(t.seed)}
EPOCHS = ${pyIntLit(t.epochs)}
BATCH_SIZE = ${pyIntLit(t.batchSize)}  # 0: the whole training set per step
LR = ${pyFloatLit(t.lr)}
TEST_SIZE = ${pyFloatLit(t.testSize)}
EVERY = ${pyIntLit(t.every)}
FEATURE_NAMES = ${pyStrList(s.featureNames)}
CLASS_NAMES = ${pyStrList(s.classNames)}


${dataPy(s.data)}

${scalingCode(t.scale)}

class SigmoidMSELoss(nn.Module):
    """Kindling's --loss mse: the squared error of sigmoid(logits) against 0/1 labels."""

    def forward(self, logits, target):
        return nn.functional.mse_loss(torch.sigmoid(logits), target)


def make_loss():
    return ${loss.make}


def prepare_target(y):
    return ${loss.target}


def labels_of(logits):
    """One logit: sigmoid, then round; one logit per class: softmax, then argmax."""
    if logits.ndim == 1 or logits.shape[1] == 1:
        return torch.round(torch.sigmoid(logits.reshape(-1))).long()
    return torch.softmax(logits, dim=1).argmax(dim=1)


def probabilities_of(logits):
    if logits.ndim == 1 or logits.shape[1] == 1:
        p = torch.sigmoid(logits.reshape(-1, 1))
        return torch.cat([1 - p, p], dim=1)
    return torch.softmax(logits, dim=1)


def accuracy_of(y_true, y_pred):
    return (y_true.reshape(-1) == y_pred.reshape(-1)).sum().item() / max(1, y_true.numel())


${SAFETENSORS_IO}

${REPORT}

def setup(device):
    """One process, or one of torchrun's: its rank, the world size and its device."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return 0, 1, torch.device(device)
    import torch.distributed as dist

    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = device.startswith("cuda")
    dist.init_process_group("nccl" if cuda else "gloo")
    if cuda:
        torch.cuda.set_device(local_rank)
        return dist.get_rank(), world, torch.device("cuda", local_rank)
    return dist.get_rank(), world, torch.device("cpu")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (default cpu)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--weights", help="start from these weights (a safetensors file) instead of the seed's")
    parser.add_argument("--save", help="write the trained weights to this safetensors file")
    parser.add_argument("--predictions", help="write the test set's predicted labels and probabilities to this CSV file")
    parser.add_argument("--csv", help="read the data from this CSV file (same columns) instead of the original")
    args = parser.parse_args()
    rank, world, device = setup(args.device)

    from sklearn.model_selection import train_test_split

    X, y = load_data(args)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE, random_state=SEED)
    X_train, X_test = torch.from_numpy(X_train), torch.from_numpy(X_test)
    y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)
    scaling = fit_scaling(X_train.numpy())
    if scaling is not None:
        X_train, X_test = X_train * scaling[0] + scaling[1], X_test * scaling[0] + scaling[1]

    torch.manual_seed(SEED)
    model = Model()
    if args.weights:
        model.load_state_dict(read_safetensors(args.weights))
    model.to(device)
    net = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel

        model = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    loss_fn = make_loss()
    optimizer = ${optimizerCall(t)}

    t_train, t_test = prepare_target(y_train), prepare_target(y_test)
    X_test, t_test, y_test = X_test.to(device), t_test.to(device), y_test.to(device)
    n = len(X_train)
    train_set = TensorDataset(X_train, t_train, y_train)
    sampler = None
    if world > 1:
        from torch.utils.data.distributed import DistributedSampler

        # Each process takes its share; with BATCH_SIZE 0 that share is one full batch.
        sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=BATCH_SIZE > 0, seed=SEED)
        loader = DataLoader(train_set, batch_size=BATCH_SIZE or math.ceil(n / world), sampler=sampler)
    elif 0 < BATCH_SIZE < n:
        generator = torch.Generator()
        generator.manual_seed(SEED)
        loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True, generator=generator)
    else:
        loader = None
        X_train, t_train, y_train = X_train.to(device), t_train.to(device), y_train.to(device)

    for epoch in range(args.epochs):
        model.train()
        if loader is None:
            logits = model(X_train)
            loss = loss_fn(logits, t_train)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            train_loss = loss.item()
            train_acc = accuracy_of(y_train, labels_of(logits.detach()))
        else:
            if sampler is not None:
                sampler.set_epoch(epoch)
            loss_sum, correct, seen = 0.0, 0.0, 0
            for xb, tb, yb in loader:
                xb, tb, yb = xb.to(device), tb.to(device), yb.to(device)
                logits = model(xb)
                loss = loss_fn(logits, tb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                loss_sum += loss.item() * xb.shape[0]
                correct += accuracy_of(yb, labels_of(logits.detach())) * xb.shape[0]
                seen += xb.shape[0]
            if world > 1:
                import torch.distributed as dist

                totals = torch.tensor([loss_sum, correct, float(seen)], dtype=torch.float64, device=device)
                dist.all_reduce(totals)
                loss_sum, correct, seen = totals.tolist()
            train_loss, train_acc = loss_sum / seen, correct / seen
        net.eval()
        with torch.inference_mode():
            logits = net(X_test)
            test_loss = loss_fn(logits, t_test).item()
            test_acc = accuracy_of(y_test, labels_of(logits))
        if rank == 0 and (epoch % EVERY == 0 or epoch == args.epochs - 1):
            print(f"Epoch: {epoch} | Loss: {train_loss:.5f}, Accuracy: {train_acc:.2%} | "
                  f"Test loss: {test_loss:.5f}, Test acc: {test_acc:.2%}", flush=True)

    if rank == 0:
        print()
        report(net, X_test, y_test)
        if args.save:
            write_safetensors(net.state_dict(), args.save)
            print(f"wrote {args.save}")
        if args.predictions:
            net.eval()
            with torch.inference_mode():
                logits = net(X_test)
                labels, probs = labels_of(logits).cpu(), probabilities_of(logits).cpu()
            with open(args.predictions, "w", encoding="utf-8") as f:
                f.write(",".join(["label"] + [f"p_{c}" for c in CLASS_NAMES]) + "\\n")
                for label, row in zip(labels.tolist(), probs.tolist()):
                    f.write(",".join([str(label)] + [repr(p) for p in row]) + "\\n")
            print(f"wrote {args.predictions}")
    if world > 1:
        import torch.distributed as dist

        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
}
