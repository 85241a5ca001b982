// <count-up>: the big screen's KPI numeral, counting up (or down) to a new figure in the browser.
//
// CountUpNumber renders the element with the final figure as its text, so the page holds the figure as
// soon as it arrives (and without this script it simply shows it). When the figure changes, the server
// adds the texts of the count in `data-frames`, from the figure before to just short of the new one,
// each already written as the server writes numbers (1.9万), and `data-duration` in milliseconds: one
// render per change, however many frames. This element shows those texts in turn over the duration in
// its shadow root, then its own text again. Blazor never sees the shadow root, so the count never
// fights the renderer over a text node. While it counts, `data-shown` on the element holds the text on
// show. A page that is not visible draws no frames and shows the final figure when it is seen again;
// a reader who asked for reduced motion sees the final figure at once.
class CountUp extends HTMLElement {
  static observedAttributes = ["data-frames"];

  #frame;
  #text;
  #request = 0;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = "<style>[hidden] { display: none !important; }</style><span part=\"frame\" hidden></span><slot></slot>";
    this.#frame = root.querySelector("span");
    this.#text = root.querySelector("slot");
  }

  attributeChangedCallback(_name, _old, frames) {
    this.#stop();
    // An element being created, or upgraded on a page that already holds it, shows its figure as it is.
    if (frames && this.isConnected && !matchMedia("(prefers-reduced-motion: reduce)").matches) {
      this.#count(frames.split("|"), Number(this.dataset.duration) || 400);
    }
  }

  disconnectedCallback() {
    this.#stop();
  }

  #count(frames, duration) {
    const started = performance.now();
    const next = (now) => {
      const index = Math.floor(((now - started) / duration) * frames.length);
      if (index >= frames.length) {
        this.#stop();
        return;
      }

      this.#show(frames[Math.max(0, index)]);
      this.#request = requestAnimationFrame(next);
    };
    next(started);
  }

  #show(text) {
    if (this.#frame.textContent !== text) {
      this.#frame.textContent = text;
      this.dataset.shown = text;
    }

    this.#frame.hidden = false;
    this.#text.hidden = true;
  }

  #stop() {
    cancelAnimationFrame(this.#request);
    this.#frame.hidden = true;
    this.#frame.textContent = "";
    this.#text.hidden = false;
    delete this.dataset.shown;
  }
}

if (!customElements.get("count-up")) {
  customElements.define("count-up", CountUp);
}
