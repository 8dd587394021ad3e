// dnssec-health web page: the form, the shareable address, and running checks. The reports
// are drawn by render.js; every piece of DNS data is rendered as text, never as HTML.
import init, { check, checkOrder, defaultResolvers, isCaMessage, splitList, version } from "./pkg/dnssec_health.js";
import { copyText, countWarnings, describeRun, el, formatTime, parseTime, renderDocument, STATUS_INFO, uniqueWarnings } from "./render.js";
import { ListView, MAX_LIST_FILE, MAX_LIST_NAMES, parseList } from "./list.js";

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
const atDateInput = $("at-date");
const warnDaysInput = $("warn-days");
const warningBox = $("config-warning");
const runButton = $("run");
const progress = $("progress");
const statusText = $("status-text");
const statusBox = $("status");
const results = $("results");
const resultList = $("result-list");
const namesField = $("names-field");
const listField = $("list-field");
const listInput = $("list-names");
const listFile = $("list-file");
const listRunButton = $("list-run");
const listResults = $("list-results");
/** The list mode's table (created once the page is ready). */
let listView = null;

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

/** The warning window when none is chosen (report/warnings.rs DEFAULT_WARN_DAYS), and the
 * largest the core takes (check/run.rs MAX_WARN_DAYS). */
const DEFAULT_WARN_DAYS = 7;
const MAX_WARN_DAYS = 3650;
const WEEK_SECONDS = 7 * 86400;

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
  const value = form.elements.mode.value;
  return value === "order" || value === "list" ? value : "check";
}

function setMode(value) {
  for (const radio of form.elements.mode) radio.checked = radio.value === value;
  updateMode();
}

function updateMode() {
  const list = mode() === "list";
  namesField.hidden = list;
  listField.hidden = !list;
  caField.hidden = mode() !== "order";
  typesField.hidden = mode() === "order";
  if (list) return;
  const text = MODE_TEXT[mode()];
  namesLabel.textContent = text.label;
  namesHelp.textContent = text.help;
  namesInput.placeholder = text.placeholder;
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

// ---------------------------------------------------------------- as of, warning window

function atChoice() {
  return form.elements.at.value || "now";
}

function setAtChoice(value) {
  for (const radio of form.elements.at) radio.checked = radio.value === value;
}

/** The moment chosen under "Check as of", unix seconds: null for now; otherwise
 * { at } or { error, field } when the date is missing. */
function chosenAt() {
  const choice = atChoice();
  if (choice === "week") return { at: Math.floor(Date.now() / 1000) + WEEK_SECONDS };
  if (choice !== "date") return { at: null };
  // datetime-local gives "YYYY-MM-DDTHH:MM[:SS]" without a zone; the field says UTC.
  const at = atDateInput.value ? parseTime(`${atDateInput.value}Z`) : null;
  return at === null ? { error: "Enter the date and time (UTC) to check as of, or choose Now.", field: atDateInput } : { at };
}

/** The warning window in days, or { error } when it is not a whole number from 0 to 3650. */
function chosenWarnDays() {
  const text = warnDaysInput.value.trim();
  if (text === "") return { days: DEFAULT_WARN_DAYS };
  const days = /^\d+$/.test(text) ? Number(text) : NaN;
  return days <= MAX_WARN_DAYS ? { days } : { error: `The warning window must be a whole number of days from 0 to ${MAX_WARN_DAYS}.` };
}

/** "2 warnings, 1 critical" style words for the status line: "" without warnings. */
function warningWords(warnings) {
  const list = uniqueWarnings(warnings);
  return list.length ? ` (${countWarnings(list)})` : "";
}

// ---------------------------------------------------------------- running

function showDocument(doc, run) {
  lastDocument = doc;
  $("summary-line").textContent = doc.line;
  $("meta").textContent = describeRun(doc, run);
  resultList.replaceChildren(...renderDocument(doc));
  results.hidden = false;
}

function updateAddress(names, resolvers, types, ca, recheck = false, compare = false, at = null, warnDays = DEFAULT_WARN_DAYS) {
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
  if (at !== null) params.set("at", formatTime(at));
  if (warnDays !== DEFAULT_WARN_DAYS) params.set("warn-days", String(warnDays));
  history.replaceState(null, "", `?${params}`);
}

/** The options of the form, checked: { options, resolvers, types, ca, when, span, compare },
 * or null after saying what is wrong (and focusing it). */
function readOptions() {
  const resolvers = chosenResolvers();
  if (resolverSelect.value === "custom" && !resolvers.length) {
    setStatus("Enter the custom resolver URL, or choose a default resolver.", { error: true });
    customInput.focus();
    return null;
  }
  const when = chosenAt();
  if (when.error) {
    setStatus(when.error, { error: true });
    when.field.setAttribute("aria-invalid", "true");
    when.field.focus();
    return null;
  }
  const span = chosenWarnDays();
  if (span.error) {
    setStatus(span.error, { error: true });
    $("advanced").open = true;
    warnDaysInput.setAttribute("aria-invalid", "true");
    warnDaysInput.focus();
    return null;
  }
  const compare = compareInput.checked;
  const options = { resolvers: compare ? comparedResolvers(resolvers) : resolvers, warnDays: span.days };
  if (when.at !== null) options.at = when.at;
  if (compare) options.compare = true;
  const anchor = anchorInput.value.trim();
  if (anchor) options.trustAnchor = anchor;
  const types = mode() === "order" ? [] : splitList(typesInput.value);
  if (types.length) options.types = types;
  const ca = mode() === "order" ? chosenCa() : "";
  if (ca) options.ca = ca;
  return { options, resolvers, types, ca, when, span, compare };
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
  const chosen = readOptions();
  if (!chosen) return;
  const { options, resolvers, types, ca, when, span, compare } = chosen;

  running = true;
  runButton.disabled = true;
  listRunButton.disabled = true;
  listResults.hidden = true;
  // Nothing of the previous check shows (or is copied) while the address names the new one.
  lastDocument = null;
  results.hidden = true;
  results.setAttribute("aria-busy", "true");
  setStatus(recheck ? "Checking again what the CA reported\u2026" : `Checking ${names.join(", ")}\u2026`, { busy: true });
  updateAddress(names, resolvers, types, ca, recheck, compare, when.at, span.days);
  const stopped = new Promise((_, reject) => {
    failCheck = reject;
  });
  try {
    const doc = await Promise.race([mode() === "order" ? checkOrder(names, options) : check(names, options), stopped]);
    showDocument(doc, { asOf: when.at !== null, warnDays: span.days });
    const verdicts = (doc.names ?? doc.results).map((r) =>
      `${r.name}: ${(STATUS_INFO[r.status] || { label: r.status }).label}${warningWords(r.lookups ? r.lookups.flatMap((l) => l.warnings) : r.warnings)}`);
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
    listRunButton.disabled = false;
    results.removeAttribute("aria-busy");
  }
}

/** List mode: each name of the list is its own check() (so the core's 100 names per check
 * never apply), a few at a time, into the table as the results arrive. */
async function runList() {
  if (running) return;
  const names = parseList(listInput.value);
  listInput.removeAttribute("aria-invalid");
  if (!names.length || names.length > MAX_LIST_NAMES) {
    listInput.setAttribute("aria-invalid", "true");
    setStatus(names.length
      ? `The list has ${names.length.toLocaleString("en-US")} names; at most ${MAX_LIST_NAMES.toLocaleString("en-US")} are checked at once. Split it into smaller lists.`
      : "Enter the names to check, one per line, or read them from a file.", { error: true });
    listInput.focus();
    return;
  }
  const chosen = readOptions();
  if (!chosen) return;
  running = true;
  runButton.disabled = true;
  listRunButton.disabled = true;
  lastDocument = null;
  results.hidden = true;
  setStatus("");
  const stopped = new Promise((_, reject) => {
    failCheck = reject;
  });
  stopped.catch(() => listView.stop());
  try {
    // The session cache: the root, the TLDs and each zone are fetched once for the whole list.
    const options = { ...chosen.options, cache: true };
    const summary = await listView.run(names, (name) => Promise.race([check([name], options), stopped]));
    setStatus(`Done. ${summary}`);
  } finally {
    failCheck = null;
    running = false;
    runButton.disabled = false;
    listRunButton.disabled = false;
  }
}

/** Reads a chosen file (text, or CSV with a `name` column) into the list field. */
async function readListFile() {
  const file = listFile.files && listFile.files[0];
  if (!file) return;
  if (file.size > MAX_LIST_FILE) {
    setStatus(`${file.name} is larger than ${MAX_LIST_FILE / 1024 / 1024} MB; a list takes at most ${MAX_LIST_NAMES.toLocaleString("en-US")} names.`, { error: true });
    return;
  }
  try {
    listInput.value = await file.text();
  } catch (error) {
    setStatus(`Cannot read ${file.name}: ${error && error.message ? error.message : error}`, { error: true });
    return;
  }
  listInput.removeAttribute("aria-invalid");
  const count = parseList(listInput.value).length;
  setStatus(`Read ${file.name}: ${count} name${count === 1 ? "" : "s"}. Press "Check list" to check ${count === 1 ? "it" : "them"}.`);
}

/** Fills the form from the address: `?name=a&name=b&type=TXT` or `?order=a,b&ca=x`, with
 * `&resolver=URL` (repeatable), `&compare=1`, `&at=` (RFC 3339 or unix seconds) and
 * `&warn-days=N`. The trust anchor is never taken from the address. Returns whether to run,
 * or { error } for a parameter that cannot be read. */
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
  const warnDays = params.get("warn-days");
  if (warnDays !== null) warnDaysInput.value = warnDays.trim();
  if (typesInput.value || compareInput.checked || warnDays !== null) $("advanced").open = true;
  namesInput.value = names.join(", ");
  updateCustomVisibility();
  updateWarning();
  const atText = params.get("at");
  if (atText !== null) {
    const at = parseTime(atText);
    setAtChoice("date");
    if (at === null) {
      atDateInput.value = "";
      atDateInput.setAttribute("aria-invalid", "true");
      return { error: `The link's at=${JSON.stringify(atText)} is neither unix seconds nor an RFC 3339 date (e.g. 2026-01-01T00:00:00Z); choose the date here.`, field: atDateInput };
    }
    atDateInput.value = formatTime(at).slice(0, 19);
  }
  if (warnDays !== null && chosenWarnDays().error) {
    warnDaysInput.setAttribute("aria-invalid", "true");
    return { error: chosenWarnDays().error, field: warnDaysInput };
  }
  return names.length > 0;
}

async function main() {
  // The page's CSP (form-action 'none') refuses a native submission: never let one happen.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (ready) (mode() === "list" ? runList() : runCheck());
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
  setStatus(autorun.error ?? "", { error: Boolean(autorun.error) });
  listView = new ListView({ onStatus: (text) => setStatus(text) });
  ready = true;
  runButton.disabled = false;
  listRunButton.disabled = false;

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
  listInput.addEventListener("input", () => listInput.removeAttribute("aria-invalid"));
  listInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  listFile.addEventListener("change", readListFile);
  // Typing a date chooses "On a date".
  atDateInput.addEventListener("input", () => {
    atDateInput.removeAttribute("aria-invalid");
    if (atDateInput.value) setAtChoice("date");
  });
  for (const radio of form.elements.at) radio.addEventListener("change", () => atDateInput.removeAttribute("aria-invalid"));
  warnDaysInput.addEventListener("input", () => warnDaysInput.removeAttribute("aria-invalid"));
  document.addEventListener("dnssec-health-copied", ({ detail }) =>
    setStatus(detail.copied ? `Copied ${detail.what} to the clipboard.` : `Could not copy ${detail.what}; select it and copy it by hand.`, { error: !detail.copied }),
  );
  $("copy-json").addEventListener("click", (event) => {
    if (lastDocument) copyText(JSON.stringify(lastDocument, null, 2), event.currentTarget, "the JSON report");
  });
  $("copy-line").addEventListener("click", (event) => {
    if (lastDocument) copyText(lastDocument.line, event.currentTarget, "the summary line");
  });

  if (autorun.error) autorun.field.focus();
  else if (autorun) runCheck({ focusResults: false });
  else namesInput.focus();
}

main();
