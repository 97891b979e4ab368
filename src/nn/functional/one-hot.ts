/** F.one_hot: class indices to int64 one-hot rows. */
import { DeviceError, DTypeError, ValueError } from "../../errors.js";
import { cast } from "../../ops/cast.js";
import { uploadedRange } from "../../ops/device.js";
import { eq } from "../../ops/elementwise.js";
import { checkIndicesOnDevice } from "../../ops/indexing.js";
import { arange } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { allocate } from "../../tensor/dtype.js";
import { fused } from "../../ops/kernels.js";
import { UNRECORDED } from "../../ops/table.js";
import { noGrad } from "../../autograd/grad-mode.js";

export function oneHot(input: Tensor, numClasses = -1): Tensor {
  if (input.dtype !== "int64") throw new DTypeError("one_hot is only applicable to index tensor of type LongTensor.");
  if (input.device !== "cpu") return deviceOneHot(input, numClasses);
  let classes = numClasses;
  if (input.numel() === 0) {
    if (classes === -1) throw new ValueError("Can not infer total number of classes from empty tensor.");
  } else {
    const lo = input.min().item(), hi = input.max().item();
    if (lo < 0) throw new ValueError("Class values must be non-negative.");
    if (classes === -1) classes = hi + 1;
    else if (hi >= classes) throw new ValueError("Class values must be smaller than num_classes.");
  }
  const out = new Tensor(allocate("int64", input.numel() * classes, false), [...input.shape, classes], "int64");
  fused(UNRECORDED.oneHot).oneHot(input.store, out.store, classes);
  return out;
}

/** Each index compared with 0 … classes − 1: the rows of the identity, as int64. */
function byComparison(input: Tensor, classes: number): Tensor {
  return noGrad(() => cast(eq(input.unsqueeze(-1), arange(classes, { dtype: "int64", device: input.device })), "int64"));
}

/**
 * one_hot on a device: each index compared with 0 … numClasses − 1, nothing read back.
 * Where the indices' range is known (uploaded from the CPU and unchanged) it is checked
 * and gives the class count as on the CPU; otherwise the class count must be given
 * (inferring it reads the largest index) and an index outside [0, numClasses) fails the
 * next read (PyTorch's CUDA kernel raises a device-side assert).
 */
function deviceOneHot(input: Tensor, numClasses: number): Tensor {
  const range = input.numel() > 0 ? uploadedRange(input) : null;
  if (range) {
    if (range.min < 0) throw new ValueError("Class values must be non-negative.");
    if (numClasses === -1) numClasses = range.max + 1;
    else if (range.max >= numClasses) throw new ValueError("Class values must be smaller than num_classes.");
  }
  if (numClasses === -1) {
    throw new DeviceError(
      `one_hot on ${input.device} needs num_classes: inferring it reads the largest index back, which a ${input.device} tensor cannot do synchronously`,
    );
  }
  if (!(numClasses >= 0)) throw new ValueError("Class values must be smaller than num_classes.");
  if (!range) checkIndicesOnDevice(input, numClasses);
  return byComparison(input, numClasses);
}
