/**
 * `<kindling-playground config="ds=moons&h=4,4&act=tanh">`: the playground in another page (a
 * blog post, a docs page). The element shows the built playground in an iframe, set up by
 * `config` (the part of a playground link after `#`, e.g. from "Copy link"), so the page
 * around it keeps its own styles and scripts and the playground its own. Attributes:
 *   config  the set-up (changing it sets the playground up anew)
 *   src     the playground's index.html (default: index.html beside the embedding page)
 *   height  the frame's height in CSS pixels (default 760)
 *   title   the frame's accessible name (default "Kindling playground")
 * Load it with `<script type="module" src="kindling-playground.js"></script>` from a build
 * (`npm run build:web` writes it to web/dist, with an example page, embed.html).
 */
const DEFAULT_HEIGHT = 760;

export class KindlingPlayground extends HTMLElement {
  static readonly observedAttributes = ["config", "src", "height", "title"];
  private readonly frame = document.createElement("iframe");

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = ":host { display: block; } iframe { display: block; width: 100%; border: 1px solid #cfcfcb; border-radius: 8px; }";
    this.frame.setAttribute("loading", "lazy");
    // The playground copies links to the clipboard.
    this.frame.setAttribute("allow", "clipboard-write");
    root.append(style, this.frame);
  }

  connectedCallback(): void {
    this.update();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.update();
  }

  /** The address the frame shows: the playground with the config as its fragment. */
  get frameUrl(): string {
    const url = new URL(this.getAttribute("src") ?? "index.html", document.baseURI);
    // embed=1: the playground puts the network and the picture first in a narrow frame.
    const config = (this.getAttribute("config") ?? "").replace(/^#/, "");
    url.hash = config === "" ? "embed=1" : `${config}&embed=1`;
    return url.href;
  }

  private update(): void {
    const height = Number(this.getAttribute("height"));
    this.frame.style.height = `${Number.isFinite(height) && height > 0 ? height : DEFAULT_HEIGHT}px`;
    this.frame.title = this.getAttribute("title") ?? "Kindling playground";
    const next = this.frameUrl;
    if (this.frame.src !== next) this.frame.src = next;
  }
}

if (!customElements.get("kindling-playground")) customElements.define("kindling-playground", KindlingPlayground);
