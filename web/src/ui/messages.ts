/**
 * Messages for the person: shown beside the picture (where the eyes are, also on a phone)
 * and beside the control they concern (the data panel, the training panel). A run that
 * stopped (diverged, or failed) gets a Reset button in the message: the way back.
 */
import { byId } from "./controls.js";

export type MessageKind = "data" | "diverged" | "train" | "download";

export class Messages {
  private readonly picture = byId("picture-message");
  private readonly data = byId("data-error");
  private readonly train = byId("train-error");
  private kind: MessageKind | null = null;

  constructor(private readonly onReset: () => void) {}

  show(kind: MessageKind, text: string): void {
    this.kind = kind;
    (kind === "data" ? this.data : this.train).textContent = text;
    const line = document.createElement("span");
    line.textContent = text;
    this.picture.replaceChildren(line);
    if (kind === "diverged" || kind === "train") {
      const reset = document.createElement("button");
      reset.type = "button";
      reset.textContent = "⟲ Reset";
      reset.addEventListener("click", () => this.onReset());
      this.picture.append(reset);
    }
  }

  /** Clears everything (a new set-up). */
  clear(): void {
    this.kind = null;
    this.picture.replaceChildren();
    this.data.textContent = "";
    this.train.textContent = "";
  }

  /** Clears what a new run answers (a divergence, a failure), keeping a note about the data. */
  clearTraining(): void {
    this.train.textContent = "";
    if (this.kind !== "data") {
      this.kind = null;
      this.picture.replaceChildren();
    }
  }
}
