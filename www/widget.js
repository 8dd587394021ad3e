// <dnssec-health-check>: the embeddable checker for CA portals and other sites.
//
//   <script type="module" src="https://…/widget.js"></script>
//   <dnssec-health-check names="example.com *.example.com" ca="digicert.com"></dnssec-health-check>
//
// Attributes: names, mode ("order", the default: every lookup a CA makes; or "check": the
// chain of trust of each name), ca (issuer domain, order mode), types (check mode), resolver
// (one or more DoH URLs, space separated), trust-anchor (DS/DNSKEY records; default the IANA
// root), timeout (ms per DoH exchange), compact (badge and one line, expandable), compare
// (each resolver asked on its own; the report shows where they differ), at (validate as of
// then: RFC 3339 or unix seconds), warn-days (the warning window, default 7 days).
// Events (bubbling, composed): dnssec-health:start, dnssec-health:result (detail = the report),
// dnssec-health:error (detail.message). Method: check(). Property: report.
//
// Everything is in a shadow root; the wasm validator runs in a Web Worker (main thread where
// Workers are unavailable) and all files load relative to this script, from any path or origin.
// The only globals touched are the custom element's name and, when used, one Worker.
import { badge, documentWarnings, el, formatTime, parseTime, renderDocument, STATUS_INFO } from "./render.js";

const here = (path) => new URL(path, import.meta.url).href;

const ATTRIBUTES = ["names", "mode", "ca", "types", "resolver", "trust-anchor", "timeout", "compact", "compare", "at", "warn-days"];
const WORKER_START_TIMEOUT_MS = 20000;

// ---------------------------------------------------------------- running the validator

/** The validator, loaded once per page and shared by every widget; started again after a
 * failed start or a crashed Worker. */
let engine = null;
function validator() {
  if (!engine) {
    const started = startValidator();
    engine = started;
    started.catch(() => {
      if (engine === started) engine = null;
    });
  }
  return engine;
}

// A wasm trap (a panic: the build aborts) never settles the pending promise.
const STOPPED = "the validator stopped unexpectedly; try again";
const STOPPED_MAIN_THREAD = "the validator stopped unexpectedly; reload the page to check again";

async function startValidator() {
  if (typeof Worker === "function") {
    // A module Worker from the script's own URL; across origins browsers refuse that, so
    // then a blob: Worker that imports it (needs CORS on the files and `worker-src blob:`).
    const script = here("widget-worker.js");
    for (const viaBlob of [false, true]) {
      const url = viaBlob
        ? URL.createObjectURL(new Blob([`import ${JSON.stringify(script)};`], { type: "text/javascript" }))
        : script;
      let worker = null;
      try {
        worker = new Worker(url, { type: "module" });
      } catch {
        // refused: try the next way
      }
      const ready = worker !== null && (await workerReady(worker));
      if (viaBlob) URL.revokeObjectURL(url); // loaded (or given up): no longer needed
      if (ready) return workerValidator(worker);
      worker?.terminate();
    }
  }
  return mainThreadValidator();
}

function workerReady(worker) {
  return new Promise((resolve) => {
    const done = (ok) => {
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
      resolve(ok);
    };
    const onMessage = (event) => {
      if (event.data && "ready" in event.data) done(event.data.ready === true);
    };
    const onError = (event) => {
      event.preventDefault();
      done(false);
    };
    const timer = setTimeout(() => done(false), WORKER_START_TIMEOUT_MS);
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
  });
}

function workerValidator(worker) {
  const pending = new Map();
  let nextId = 1;
  worker.addEventListener("message", (event) => {
    const { id, ok, report, message } = event.data || {};
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    if (ok) call.resolve(report);
    else call.reject(new Error(message));
  });
  // The Worker died (a trap is an uncaught error there) or sent what cannot be read: fail
  // every pending call, and let the next check start a new Worker.
  let stopped = false;
  const stop = (event) => {
    event.preventDefault();
    if (stopped) return;
    stopped = true;
    worker.terminate();
    engine = null;
    for (const call of pending.values()) call.reject(new Error(STOPPED));
    pending.clear();
  };
  worker.addEventListener("error", stop);
  worker.addEventListener("messageerror", stop);
  return {
    where: "worker",
    run(kind, names, options) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, kind, names, options });
      });
    },
  };
}

async function mainThreadValidator() {
  const wasm = await import(here("pkg/dnssec_health.js"));
  await wasm.default();
  // Here a trap reaches the window as an uncaught WebAssembly.RuntimeError; the instance
  // cannot be trusted after it (and cannot be reloaded but with the page).
  const pending = new Set();
  window.addEventListener("error", (event) => {
    if (!pending.size || !(event.error instanceof WebAssembly.RuntimeError)) return;
    for (const reject of pending) reject(new Error(STOPPED_MAIN_THREAD));
    pending.clear();
  });
  return {
    where: "main-thread",
    run(kind, names, options) {
      const call = (async () => (kind === "order" ? wasm.checkOrder(names, options) : wasm.check(names, options)))();
      return new Promise((resolve, reject) => {
        pending.add(reject);
        call.then(resolve, reject).finally(() => pending.delete(reject));
      });
    },
  };
}

// ---------------------------------------------------------------- the element

/** One sentence for the portal's customer: will DNSSEC block issuance, and what about CAA;
 * for a SECURE report with warnings, how many and the most severe; the moment checked when it
 * was chosen (`asOf`). */
function headline(report, mode, asOf = false) {
  const items = report.names ?? report.results;
  const status = report.status; // the worst of the items, decided by the core
  // In check mode a name has one item per record type: name it once.
  const failing = [...new Set(items.filter((item) => item.status === status).map((item) => item.name))];
  let text;
  if (status === "BOGUS") {
    text = `DNSSEC validation fails for ${failing.join(", ")}: a CA will refuse to issue.`;
  } else if (status === "INDETERMINATE") {
    text = failing.length ? `The check could not complete for ${failing.join(", ")}; try again.` : "The check could not complete; try again.";
  } else if (status === "INSECURE") {
    text =
      mode === "order"
        ? "DNSSEC will not block issuance (some names are not signed, so there is nothing to validate)."
        : "Not signed with DNSSEC: there is nothing to validate.";
  } else {
    text = mode === "order" ? "DNSSEC will not block issuance: every lookup validates." : "Signed, and the chain of trust validates.";
  }
  const refused = (report.names ?? []).filter((n) => n.caa.ca_may_issue === false).map((n) => n.name);
  if (refused.length && report.ca) text += ` CAA does not allow ${report.ca} for ${refused.join(", ")}.`;
  if (report.comparison && !report.comparison.agree) text += " The resolvers disagree: see the comparison.";
  // A warning never changes the verdict; the headline still says that there is something to do.
  const warnings = documentWarnings(report);
  if (status === "SECURE" && warnings.length) {
    const n = warnings.length;
    text += ` ${n} warning${n === 1 ? "" : "s"} (${n === 1 ? "" : "most severe: "}${warnings[0].severity}).`;
  }
  if (asOf) text += ` Checked as of ${formatTime(report.now)}.`;
  return { status, text, warnings };
}

class DnssecHealthCheck extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #parts;
  #expanded = false;
  #scheduled = false;
  #generation = 0;
  #report = null;
  /** The request (mode, names, options) of the latest check, while it runs or its report shows. */
  #signature = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    // Announces progress and the verdict to screen readers; the headline shows them.
    const status = el("p", { part: "status", class: "offscreen", role: "status", "aria-live": "polite" });
    const badgeSlot = el("span", { class: "badge-slot" });
    const headlineText = el("p", { part: "headline", class: "headline" });
    const line = el("code", { part: "line", class: "line" });
    const toggle = el("button", { part: "toggle", type: "button", class: "small toggle", "aria-expanded": "false", hidden: true }, "Details");
    const report = el("div", { part: "report", class: "report", id: "report", hidden: true });
    toggle.setAttribute("aria-controls", "report");
    toggle.addEventListener("click", () => this.#setExpanded(!this.#expanded));
    root.append(
      el("link", { rel: "stylesheet", href: here("report.css") }),
      el("link", { rel: "stylesheet", href: here("widget.css") }),
      el("section", { part: "container", class: "widget", "aria-label": "DNSSEC check" }, [
        el("div", { class: "head" }, [badgeSlot, headlineText, toggle]),
        line,
        status,
        report,
      ]),
    );
    this.#parts = { status, badgeSlot, headlineText, line, toggle, report };
  }

  connectedCallback() {
    this.#setExpanded(!this.hasAttribute("compact"));
    this.#schedule();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "compact") this.#setExpanded(newValue === null);
    else this.#schedule();
  }

  /** The last report (the JSON document of check() / checkOrder()), or null. */
  get report() {
    return this.#report;
  }

  /** Where the validator runs: "worker" or "main-thread" (resolves once it is loaded). */
  async engine() {
    return (await validator()).where;
  }

  /** Runs the check now with the current attributes; resolves to the report. */
  async check() {
    const { mode, names, options, signature, problem } = this.#request();
    const generation = ++this.#generation;
    this.#signature = signature;
    this.#emit("dnssec-health:start", { names, mode, options });
    this.#showBusy(names);
    try {
      if (problem) throw new Error(problem);
      const report = await (await validator()).run(mode, names, options);
      if (generation !== this.#generation) return report; // superseded by a newer check
      this.#report = report;
      this.#showReport(report, mode, options.at !== undefined);
      this.#emit("dnssec-health:result", report);
      return report;
    } catch (error) {
      const message = error && error.message ? error.message : String(error);
      if (generation === this.#generation) {
        this.#signature = null;
        this.#showError(message);
        this.#emit("dnssec-health:error", { message });
      }
      throw error;
    }
  }

  /** What the attributes ask for, and a signature of it. */
  #request() {
    const mode = this.getAttribute("mode") === "check" ? "check" : "order";
    const names = (this.getAttribute("names") || "").trim();
    const options = {};
    const resolvers = (this.getAttribute("resolver") || "").split(/\s+/).filter(Boolean);
    if (resolvers.length) options.resolvers = resolvers;
    const anchor = (this.getAttribute("trust-anchor") || "").trim();
    if (anchor) options.trustAnchor = anchor;
    const timeout = Number.parseInt(this.getAttribute("timeout") || "", 10);
    if (Number.isFinite(timeout)) options.timeoutMs = timeout;
    if (this.hasAttribute("compare")) options.compare = true;
    // An attribute that cannot be read fails the check with a message (never a silent default).
    let problem = null;
    const at = this.getAttribute("at");
    if (at !== null && at.trim() !== "") {
      const seconds = parseTime(at);
      if (seconds === null) problem = `at ${JSON.stringify(at)} is neither unix seconds nor RFC 3339 (e.g. 2026-01-01T00:00:00Z)`;
      else options.at = seconds;
    }
    const warnDays = this.getAttribute("warn-days");
    if (warnDays !== null && warnDays.trim() !== "") {
      if (/^\s*\d+\s*$/.test(warnDays)) options.warnDays = Number(warnDays);
      else problem ??= `warn-days ${JSON.stringify(warnDays)} is not a whole number of days`;
    }
    if (mode === "order") {
      const ca = (this.getAttribute("ca") || "").trim();
      if (ca) options.ca = ca;
    } else {
      const types = (this.getAttribute("types") || "").split(/[\s,]+/).filter(Boolean);
      if (types.length) options.types = types;
    }
    return { mode, names, options, problem, signature: JSON.stringify([mode, names, options, problem]) };
  }

  // Several attribute changes in one task run one check; none when the attributes ask for
  // what is already checked (e.g. when the element is only moved).
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected && this.#request().signature !== this.#signature) this.check().catch(() => {});
    });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #setExpanded(expanded) {
    this.#expanded = expanded;
    const { toggle, report } = this.#parts;
    toggle.setAttribute("aria-expanded", String(expanded));
    toggle.textContent = expanded ? "Hide details" : "Details";
    report.hidden = !expanded || report.childElementCount === 0;
  }

  #showBusy(names) {
    const { status, badgeSlot, headlineText, line, toggle, report } = this.#parts;
    this.#report = null; // nothing of the previous names while these are checked
    this.setAttribute("aria-busy", "true");
    delete this.dataset.status;
    status.textContent = headlineText.textContent = `Checking ${names}\u2026`;
    badgeSlot.replaceChildren(el("progress", { part: "progress", "aria-label": "Checking" }));
    line.textContent = "";
    report.replaceChildren();
    report.hidden = true;
    toggle.hidden = true;
  }

  #showReport(report, mode, asOf) {
    const { status, badgeSlot, headlineText, line, toggle, report: area } = this.#parts;
    const summary = headline(report, mode, asOf);
    this.removeAttribute("aria-busy");
    this.dataset.status = summary.status;
    badgeSlot.replaceChildren(badge(summary.status, "big"));
    badgeSlot.firstChild.setAttribute("part", "badge");
    headlineText.textContent = summary.text;
    line.textContent = report.line;
    status.textContent = `${(STATUS_INFO[summary.status] || {}).label || summary.status}: ${summary.text}`;
    area.replaceChildren(...renderDocument(report));
    toggle.hidden = false;
    this.#setExpanded(this.#expanded);
  }

  #showError(message) {
    const { status, badgeSlot, headlineText, line, toggle, report } = this.#parts;
    this.#report = null;
    this.removeAttribute("aria-busy");
    delete this.dataset.status;
    badgeSlot.replaceChildren();
    status.textContent = headlineText.textContent = `Cannot check: ${message}`;
    line.textContent = "";
    report.replaceChildren();
    toggle.hidden = true;
    report.hidden = true;
  }
}

if (!customElements.get("dnssec-health-check")) {
  customElements.define("dnssec-health-check", DnssecHealthCheck);
}
