/** The Vega-Lite spec types the figures are built from (types only: nothing is loaded at run time). */
import type { Field } from "vega-lite/types_unstable/channeldef.js";
import type { LayerSpec as VlLayerSpec } from "vega-lite/types_unstable/spec/layer.js";
import type { UnitSpec as VlUnitSpec } from "vega-lite/types_unstable/spec/unit.js";

export type { TopLevelSpec } from "vega-lite";
export type LayerSpec = VlLayerSpec<Field>;
export type UnitSpec = VlUnitSpec<Field>;
/** One panel of a figure: a single mark or a stack of layers. */
export type PanelSpec = LayerSpec | UnitSpec;
