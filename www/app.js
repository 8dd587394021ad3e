// dnssec-health web page: the form, the shareable address, and running checks. The reports
// are drawn by render.js; every piece of DNS data is rendered as text, never as HTML.
import init, { check, checkOrder, defaultResolvers, isCaMessage, splitList, version } from "./pkg/dnssec_health.js";
import { copyText, describeRun, el, renderDocument, STATUS_INFO } from "./render.js";

const $ = (id) => document.getElementById(id);

const form = $("check-form");
const namesInput = $("names");
const namesLabel = $("names-label");
const namesHelp = $("names-help");
const resolverSelect = $("resolver");
const customField = $("custom-resolver-field");
const customInput = $("custom-resolver");
const caField = $("ca-field");
const caSelect = $("ca");
const customCaInput = $("custom-ca");
const typesField = $("types-field");
const typesInput = $("types");
const anchorInput = $("trust-anchor");
const compareInput = $("compare");
const warningBox = $("config-warning");
const runButton = $("run");
const progress = $("progress");
const statusText = $("status-text");
const statusBox = $("status");
const results = $("results");
const resultList = $("result-list");

const MODE_TEXT = {
  check: {
    label: "Domain names",
    help: "One or more names, separated by commas or spaces. URLs and e-mail addresses are accepted, and so is the CA's caa_dnssec_error message, to check again. Press Enter to check.",
    placeholder: "example.com, www.example.org",
    empty: "Enter a domain name to check.",
  },
  order: {
    label: "Names in the certificate order",
    help: "The names of the certificate (its SANs), separated by commas, spaces or new lines; *.example.com for a wildcard. Or paste the CA's caa_dnssec_error message to see what changed since. Press Enter to check every lookup the CA makes.",
    placeholder: "example.com, www.example.com, *.example.com",
    empty: "Enter the names of the certificate order.",
  },
};

let defaults = [];
let lastDocument = null;
let running = false;
let ready = false;
/** Fails the running check (set while one runs). */
let failCheck = null;

// A wasm trap (a panic: the build aborts) never settles the running check's promise; it
// reaches the window as an uncaught WebAssembly.RuntimeError. The instance is unusable after it.
const STOPPED = "the validator stopped unexpectedly; reload the page to check again.";
window.addEventListener("error", (event) => {
  if (failCheck && event.error instanceof WebAssembly.RuntimeError) failCheck(new Error(STOPPED));
});

function setStatus(text, { busy = false, error = false } = {}) {
  statusText.textContent = text;
  progress.hidden = !busy;
  statusBox.classList.toggle("error", error);
}

// ---------------------------------------------------------------- options

function mode() {
  return form.elements.mode.value === "order" ? "order" : "check";
}

function setMode(value) {
  for (const radio of form.elements.mode) radio.checked = radio.value === value;
  updateMode();
}

function updateMode() {
  const text = MODE_TEXT[mode()];
  namesLabel.textContent = text.label;
  namesHelp.textContent = text.help;
  namesInput.placeholder = text.placeholder;
  caField.hidden = mode() !== "order";
  typesField.hidden = mode() === "order";
}

function defaultLabel(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function fillResolvers() {
  resolverSelect.replaceChildren(
    el("option", { value: "", text: `Default (${defaults.map(defaultLabel).join(", then ")})` }),
    ...defaults.map((url) => el("option", { value: url, text: `${defaultLabel(url)} only` })),
    el("option", { value: "custom", text: "Custom DoH URL\u2026" }),
  );
}

/** The resolvers chosen in the form: none (the defaults), one default, or the custom URLs. */
function chosenResolvers() {
  const value = resolverSelect.value;
  if (value === "custom") return customInput.value.split(/\s+/).filter(Boolean);
  return value ? [value] : [];
}

/** The resolvers a comparison asks: two or more custom URLs as given; otherwise the chosen
 * resolver (if any) first, then the defaults not chosen. */
function comparedResolvers(chosen) {
  if (chosen.length >= 2) return chosen;
  return [...new Set([...chosen, ...defaults])];
}

function chosenCa() {
  return caSelect.value === "custom" ? customCaInput.value.trim() : caSelect.value;
}

function updateCustomVisibility() {
  customField.hidden = resolverSelect.value !== "custom";
  customCaInput.hidden = caSelect.value !== "custom";
}

function updateWarning() {
  const messages = [];
  const resolvers = chosenResolvers();
  const custom = resolvers.filter((url) => !defaults.includes(url));
  if (custom.length) {
    messages.push(`Custom resolver: ${custom.join(", ")}. It is not one of the defaults; check that you trust where this page sends your queries.`);
  }
  if (anchorInput.value.trim()) {
    messages.push("Custom trust anchor: results are validated against the records you entered, not the IANA root anchors.");
  }
  warningBox.replaceChildren(...messages.map((m) => el("p", {}, [el("strong", { text: "Warning: " }), m])));
  warningBox.hidden = messages.length === 0;
}

// ---------------------------------------------------------------- running

function showDocument(doc) {
  lastDocument = doc;
  $("summary-line").textContent = doc.line;
  $("meta").textContent = describeRun(doc);
  resultList.replaceChildren(...renderDocument(doc));
  results.hidden = false;
}

function updateAddress(names, resolvers, types, ca, recheck = false, compare = false) {
  const params = new URLSearchParams();
  if (recheck) {
    params.set("recheck", names[0]);
    if (ca) params.set("ca", ca);
  } else if (mode() === "order") {
    params.set("order", names.join(","));
    if (ca) params.set("ca", ca);
  } else {
    for (const name of names) params.append("name", name);
    for (const type of types) params.append("type", type);
  }
  for (const url of resolvers) params.append("resolver", url);
  if (compare) params.set("compare", "1");
  history.replaceState(null, "", `?${params}`);
}

async function runCheck({ focusResults = true } = {}) {
  if (running) return;
  // The CA's own error message, pasted: recheck its names as an order (then -> now).
  const recheck = isCaMessage(namesInput.value);
  if (recheck) setMode("order");
  const names = recheck ? [namesInput.value.trim()] : splitList(namesInput.value);
  namesInput.removeAttribute("aria-invalid");
  if (!names.length) {
    namesInput.setAttribute("aria-invalid", "true");
    setStatus(MODE_TEXT[mode()].empty, { error: true });
    namesInput.focus();
    return;
  }
  const resolvers = chosenResolvers();
  if (resolverSelect.value === "custom" && !resolvers.length) {
    setStatus("Enter the custom resolver URL, or choose a default resolver.", { error: true });
    customInput.focus();
    return;
  }
  const compare = compareInput.checked;
  const options = { resolvers: compare ? comparedResolvers(resolvers) : resolvers };
  if (compare) options.compare = true;
  const anchor = anchorInput.value.trim();
  if (anchor) options.trustAnchor = anchor;
  const types = mode() === "order" ? [] : splitList(typesInput.value);
  if (types.length) options.types = types;
  const ca = mode() === "order" ? chosenCa() : "";
  if (ca) options.ca = ca;

  running = true;
  runButton.disabled = true;
  // Nothing of the previous check shows (or is copied) while the address names the new one.
  lastDocument = null;
  results.hidden = true;
  results.setAttribute("aria-busy", "true");
  setStatus(recheck ? "Checking again what the CA reported\u2026" : `Checking ${names.join(", ")}\u2026`, { busy: true });
  updateAddress(names, resolvers, types, ca, recheck, compare);
  const stopped = new Promise((_, reject) => {
    failCheck = reject;
  });
  try {
    const doc = await Promise.race([mode() === "order" ? checkOrder(names, options) : check(names, options), stopped]);
    showDocument(doc);
    const verdicts = (doc.names ?? doc.results).map((r) => `${r.name}: ${(STATUS_INFO[r.status] || { label: r.status }).label}`);
    const compared = doc.comparison
      ? ` Resolvers compared: ${doc.comparison.agree ? "they agree" : `${doc.comparison.differences.length} difference(s)`}.`
      : "";
    setStatus(`Done. ${verdicts.join("; ")}.${compared}`);
    if (focusResults) $("results-heading").focus();
  } catch (error) {
    const message = error && error.message ? error.message : String(error);
    setStatus(`Cannot check: ${message}`, { error: true });
    if (/trust anchor/i.test(message)) {
      $("advanced").open = true;
      anchorInput.focus();
    } else if (/resolver/i.test(message)) {
      (resolverSelect.value === "custom" ? customInput : resolverSelect).focus();
    } else if (/invalid CA/.test(message)) {
      (caSelect.value === "custom" ? customCaInput : caSelect).focus();
    } else if (message !== STOPPED) {
      namesInput.setAttribute("aria-invalid", "true");
      namesInput.focus();
    }
  } finally {
    failCheck = null;
    running = false;
    runButton.disabled = false;
    results.removeAttribute("aria-busy");
  }
}

/** Fills the form from the address: `?name=a&name=b&type=TXT` or `?order=a,b&ca=x`, with
 * `&resolver=URL` (repeatable) and `&compare=1`. The trust anchor is never taken from the
 * address. Returns whether to run. */
function applyAddress() {
  const params = new URLSearchParams(location.search);
  const recheck = (params.get("recheck") || "").trim();
  const order = recheck ? [recheck] : params.getAll("order").flatMap(splitList);
  const names = order.length ? order : params.getAll("name").flatMap(splitList);
  setMode(order.length ? "order" : "check");
  const resolvers = params.getAll("resolver").map((r) => r.trim()).filter(Boolean);
  if (resolvers.length === 1 && defaults.includes(resolvers[0])) {
    resolverSelect.value = resolvers[0];
  } else if (resolvers.length >= 1) {
    resolverSelect.value = "custom";
    customInput.value = resolvers.join(" ");
  }
  compareInput.checked = params.get("compare") === "1";
  const ca = (params.get("ca") || "").trim().toLowerCase();
  if (ca) {
    const known = [...caSelect.options].some((o) => o.value === ca && ca !== "custom");
    caSelect.value = known ? ca : "custom";
    if (!known) customCaInput.value = ca;
  }
  for (const t of params.getAll("type")) typesInput.value = [typesInput.value, t].filter(Boolean).join(" ");
  if (typesInput.value || compareInput.checked) $("advanced").open = true;
  namesInput.value = names.join(", ");
  updateCustomVisibility();
  updateWarning();
  return names.length > 0;
}

async function main() {
  // The page's CSP (form-action 'none') refuses a native submission: never let one happen.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (ready) runCheck();
  });
  runButton.disabled = true;
  setStatus("Loading the validator\u2026", { busy: true });
  try {
    await init();
  } catch (error) {
    setStatus(`The validator could not be loaded: ${error && error.message ? error.message : error}`, { error: true });
    return;
  }
  defaults = defaultResolvers();
  $("version").textContent = version();
  fillResolvers();
  const autorun = applyAddress();
  setStatus("");
  ready = true;
  runButton.disabled = false;

  for (const radio of form.elements.mode) radio.addEventListener("change", updateMode);
  resolverSelect.addEventListener("change", () => {
    updateCustomVisibility();
    updateWarning();
    if (resolverSelect.value === "custom") customInput.focus();
  });
  caSelect.addEventListener("change", () => {
    updateCustomVisibility();
    if (caSelect.value === "custom") customCaInput.focus();
  });
  customInput.addEventListener("input", updateWarning);
  anchorInput.addEventListener("input", updateWarning);
  namesInput.addEventListener("input", () => namesInput.removeAttribute("aria-invalid"));
  document.addEventListener("dnssec-health-copied", ({ detail }) =>
    setStatus(detail.copied ? `Copied ${detail.what} to the clipboard.` : `Could not copy ${detail.what}; select it and copy it by hand.`, { error: !detail.copied }),
  );
  $("copy-json").addEventListener("click", (event) => {
    if (lastDocument) copyText(JSON.stringify(lastDocument, null, 2), event.currentTarget, "the JSON report");
  });
  $("copy-line").addEventListener("click", (event) => {
    if (lastDocument) copyText(lastDocument.line, event.currentTarget, "the summary line");
  });

  if (autorun) runCheck({ focusResults: false });
  else namesInput.focus();
}

main();
