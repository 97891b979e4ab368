/**
 * Whether operations record a graph. `noGrad` and `inferenceMode` switch recording
 * off for the duration of a function, as PyTorch's context managers do for a block.
 */
let enabled = true;
let inference = false;

export function isGradEnabled(): boolean {
  return enabled;
}

export function isInferenceModeEnabled(): boolean {
  return inference;
}

/** torch.set_grad_enabled. */
export function setGradEnabled(on: boolean): void {
  enabled = on;
}

function runWith<T>(grad: boolean, inf: boolean, fn: () => T): T {
  const [prevGrad, prevInf] = [enabled, inference];
  enabled = grad;
  inference = inf;
  try {
    const result = fn();
    if (result instanceof Promise) {
      // An async body would run its later parts after the mode was restored: refuse it.
      throw new TypeError("noGrad / inferenceMode take a synchronous function");
    }
    return result;
  } finally {
    enabled = prevGrad;
    inference = prevInf;
  }
}

/** `with torch.no_grad():` — runs `fn` without recording a graph. */
export function noGrad<T>(fn: () => T): T {
  return runWith(false, inference, fn);
}

/** `with torch.enable_grad():` — records a graph inside a noGrad region. */
export function enableGrad<T>(fn: () => T): T {
  return runWith(true, inference, fn);
}

/** `with torch.inference_mode():` — no graph, as for evaluation and prediction. */
export function inferenceMode<T>(fn: () => T): T {
  return runWith(false, true, fn);
}
