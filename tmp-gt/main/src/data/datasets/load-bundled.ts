/**
 * The small real data sets scikit-learn ships (load_iris, load_wine, load_breast_cancer,
 * load_digits), bundled as generated TS modules so they load in Node and in a browser bundle
 * alike, with no file access.
 */
import { Tensor } from "../../tensor/tensor.js";
import * as breastCancer from "./bundled/breast-cancer.js";
import * as digits from "./bundled/digits.js";
import * as iris from "./bundled/iris.js";
import * as wine from "./bundled/wine.js";

/** scikit-learn's Bunch, in camelCase: `data` float64 (n × features), `target` int64 class indices. */
export interface Bunch<Name extends string | number = string> {
  data: Tensor;
  target: Tensor;
  featureNames: readonly string[];
  targetNames: readonly Name[];
}

interface BundledModule {
  shape: readonly [number, number];
  featureNames: readonly string[];
  values: string;
  target: string;
}

function targetTensor(m: BundledModule): Tensor {
  const t = new Float64Array(m.target.length);
  for (let i = 0; i < t.length; i++) t[i] = m.target.charCodeAt(i) - 48;
  return new Tensor(t, [t.length], "int64");
}

/** Space-separated shortest round-trip decimals: Number() reads back the exact doubles numpy parsed. */
function decimalData(m: BundledModule): Tensor {
  const parts = m.values.split(" ");
  const data = Float64Array.from(parts, Number);
  return new Tensor(data, [...m.shape], "float64");
}

function bunch<Name extends string | number>(m: BundledModule, data: Tensor, targetNames: readonly Name[]): Bunch<Name> {
  return { data, target: targetTensor(m), featureNames: [...m.featureNames], targetNames: [...targetNames] };
}

/** Fisher's iris: 150 flowers, 4 measurements in cm, 3 species. */
export function loadIris(): Bunch {
  return bunch(iris, decimalData(iris), iris.targetNames);
}

/** Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars. */
export function loadWine(): Bunch {
  return bunch(wine, decimalData(wine), wine.targetNames);
}

/** Breast cancer Wisconsin (diagnostic): 569 tumours, 30 features, malignant (0) / benign (1). */
export function loadBreastCancer(): Bunch {
  return bunch(breastCancer, decimalData(breastCancer), breastCancer.targetNames);
}

/** Bunch for digits also carries the 8×8 images (the same values as `data`). */
export interface DigitsBunch extends Bunch<number> {
  /** [1797, 8, 8], scikit-learn's `images`. */
  images: Tensor;
}

export interface LoadDigitsOptions {
  /**
   * Give `data` as images with a channel dim, [1797, 1, 8, 8] (what nn.Conv2d takes), instead
   * of scikit-learn's rows of 64 pixels (default false). The values stay 0..16 in float64:
   * `.float().div(16)` gives what `transforms.ToTensor` gives an image, floats in [0, 1].
   */
  asImages?: boolean;
}

/**
 * Handwritten digits: 1797 images of 8×8 pixels with values 0..16, classes 0..9. `data` is
 * [1797, 64] as in scikit-learn, or [1797, 1, 8, 8] with `{ asImages: true }`.
 */
export function loadDigits(opts: LoadDigitsOptions = {}): DigitsBunch {
  const [n, f] = digits.shape;
  const px = new Float64Array(n * f);
  // One base-17 character per pixel: '0'..'9' then 'a'..'g'.
  for (let i = 0; i < px.length; i++) px[i] = parseInt(digits.values[i], 17);
  const data = new Tensor(px, opts.asImages ? [n, 1, 8, 8] : [n, f], "float64");
  return { ...bunch(digits, data, digits.targetNames), images: new Tensor(px.slice(), [n, 8, 8], "float64") };
}
