/** The "Show code" dialog: the generated program, a copy button, Escape or Close to leave. */
import { generateCode, type CodeInput } from "../code/generate.js";
import { byId } from "./controls.js";

export class CodeDialog {
  private readonly dialog = byId<HTMLDialogElement>("code-dialog");
  private readonly code = byId<HTMLElement>("code-text");
  private readonly copy = byId<HTMLButtonElement>("copy-code");
  private readonly help = byId<HTMLElement>("code-help");

  constructor() {
    byId("close-code").addEventListener("click", () => this.dialog.close());
    this.copy.addEventListener("click", () => {
      navigator.clipboard.writeText(this.code.textContent ?? "").then(
        () => (this.copy.textContent = "Copied"),
        () => (this.copy.textContent = "Select and copy"),
      );
    });
  }

  /** `pageEpoch` is where the page is; the code trains that long (or 100 epochs before any training). */
  open(input: CodeInput, pageEpoch: number): void {
    this.code.textContent = generateCode(input);
    this.help.textContent =
      (pageEpoch > 0
        ? `It trains ${pageEpoch} epochs, as far as the page has, and its last line shows the page's numbers. `
        : "The page has not trained yet, so it trains 100 epochs. ") +
      "Run it in Node with Kindling installed: npx tsx playground.ts";
    this.copy.textContent = "Copy";
    this.dialog.showModal();
  }
}
