/**
 * How the output is shown, as opposed to what is trained (state/config.ts): toggling
 * these redraws the picture and changes the link, but never restarts training.
 */
export interface ViewOptions {
  /** Draw the test points (diamonds) over the boundary. */
  showTest: boolean;
  /** Colour each cell by its predicted class alone, not by how sure the model is. */
  discretize: boolean;
  /** The loss chart on a log scale. */
  logLoss: boolean;
  /** Epochs per animation frame while playing; 0 for as fast as the worker can (the pace changes when, not what, it trains). */
  speed: number;
}

export const SPEEDS = [0.05, 0.2, 1, 5, 0] as const;

export const DEFAULT_VIEW: ViewOptions = { showTest: true, discretize: false, logLoss: false, speed: 0 };

/** Adds the options that differ from the default to the link's parameters. */
export function viewToParams(v: ViewOptions, p: URLSearchParams): void {
  if (v.showTest !== DEFAULT_VIEW.showTest) p.set("td", v.showTest ? "1" : "0");
  if (v.discretize !== DEFAULT_VIEW.discretize) p.set("disc", v.discretize ? "1" : "0");
  if (v.logLoss !== DEFAULT_VIEW.logLoss) p.set("log", v.logLoss ? "1" : "0");
  if (v.speed !== DEFAULT_VIEW.speed) p.set("speed", String(v.speed));
}

export function paramsToView(p: URLSearchParams): ViewOptions {
  const flag = (key: string, fallback: boolean): boolean => {
    const v = p.get(key);
    return v === "1" ? true : v === "0" ? false : fallback;
  };
  const speed = Number(p.get("speed"));
  return {
    showTest: flag("td", DEFAULT_VIEW.showTest),
    discretize: flag("disc", DEFAULT_VIEW.discretize),
    logLoss: flag("log", DEFAULT_VIEW.logLoss),
    speed: (SPEEDS as readonly number[]).includes(speed) ? speed : DEFAULT_VIEW.speed,
  };
}
