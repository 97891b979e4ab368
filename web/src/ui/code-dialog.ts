/**
 * The "Show code" dialog: the run as a TypeScript program on Kindling and as a PyTorch
 * script, one tab each (the tab chosen stays chosen for the next opening), a copy button,
 * Escape or Close to leave.
 */
import { generateCode, type CodeInput } from "../code/generate.js";
import { generatePython, usesScikitLearn } from "../code/generate-py.js";
import { byId } from "./controls.js";

type Language = "ts" | "py";

export class CodeDialog {
  private readonly dialog = byId<HTMLDialogElement>("code-dialog");
  private readonly code = byId<HTMLElement>("code-text");
  private readonly copy = byId<HTMLButtonElement>("copy-code");
  private readonly help = byId<HTMLElement>("code-help");
  private readonly panel = byId<HTMLElement>("code-panel");
  private readonly tabs: Record<Language, HTMLButtonElement> = { ts: byId("code-tab-ts"), py: byId("code-tab-py") };
  private language: Language = "ts";
  private texts: Record<Language, { code: string; help: string }> | null = null;

  constructor() {
    byId("close-code").addEventListener("click", () => this.dialog.close());
    this.copy.addEventListener("click", () => {
      navigator.clipboard.writeText(this.code.textContent ?? "").then(
        () => (this.copy.textContent = "Copied"),
        () => (this.copy.textContent = "Select and copy"),
      );
    });
    for (const lang of ["ts", "py"] as const) {
      const tab = this.tabs[lang];
      tab.addEventListener("click", () => this.show(lang));
      // The tab pattern's keys: the arrows move between the two tabs (and choose).
      tab.addEventListener("keydown", (e) => {
        if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
        e.preventDefault();
        const other = lang === "ts" ? "py" : "ts";
        this.show(other);
        this.tabs[other].focus();
      });
    }
  }

  /** `pageEpoch` is where the page is; the code trains that long (or 100 epochs before any training). */
  open(input: CodeInput, pageEpoch: number): void {
    const trains = pageEpoch > 0
      ? `It trains ${pageEpoch} epochs, as far as the page has, and its last line shows the page's numbers. `
      : "The page has not trained yet, so it trains 100 epochs. ";
    const needs = usesScikitLearn(input.config) ? ", numpy and scikit-learn" : " and numpy";
    const data = input.config.dataset === "csv" ? "The uploaded CSV is inside the script. " : "";
    this.texts = {
      ts: { code: generateCode(input), help: `${trains}Run it in Node with Kindling installed: npx tsx playground.ts` },
      py: { code: generatePython(input), help: `${trains}${data}Run it with Python 3, torch${needs}: python3 playground.py` },
    };
    this.show(this.language);
    this.dialog.showModal();
  }

  private show(lang: Language): void {
    this.language = lang;
    for (const l of ["ts", "py"] as const) {
      this.tabs[l].setAttribute("aria-selected", String(l === lang));
      this.tabs[l].tabIndex = l === lang ? 0 : -1;
    }
    this.panel.setAttribute("aria-labelledby", this.tabs[lang].id);
    if (!this.texts) return;
    this.code.textContent = this.texts[lang].code;
    this.help.textContent = this.texts[lang].help;
    this.copy.textContent = "Copy";
  }
}
