// dnssec-health web page. Every piece of DNS data is rendered with textContent, never innerHTML.
import init, { check, defaultResolvers, splitList, version } from "./pkg/dnssec_health.js";

const $ = (id) => document.getElementById(id);

const form = $("check-form");
const namesInput = $("names");
const resolverSelect = $("resolver");
const customField = $("custom-resolver-field");
const customInput = $("custom-resolver");
const typesInput = $("types");
const anchorInput = $("trust-anchor");
const warningBox = $("config-warning");
const runButton = $("run");
const progress = $("progress");
const statusText = $("status-text");
const statusBox = $("status");
const results = $("results");
const resultList = $("result-list");

const STATUS_INFO = {
  SECURE: { icon: "\u2714", label: "Secure", help: "The chain of trust validates from the trust anchor to the answer." },
  INSECURE: { icon: "\u25CB", label: "Insecure", help: "Provably not signed: a delegation without DS leaves the name unprotected." },
  BOGUS: { icon: "\u2716", label: "Bogus", help: "Signed, but validation fails: validating resolvers return SERVFAIL." },
  INDETERMINATE: { icon: "?", label: "Indeterminate", help: "The check could not be completed." },
};

const DELEGATION_LABEL = {
  anchor: "Trust anchor",
  ds: "Secure delegation (DS)",
  "no-ds": "Unsigned delegation (no DS)",
  "opt-out": "NSEC3 opt-out delegation",
  unsupported: "Only unsupported DS algorithms",
};

const VERDICT_OK = new Set(["valid"]);

// The core's signature verdicts (model.rs SignatureReport.verdict) in words.
const VERDICT_TEXT = {
  valid: "valid",
  expired: "expired",
  "not-yet-valid": "not yet valid",
  invalid: "does not verify",
  "no-key": "no matching DNSKEY",
  "wrong-signer": "wrong signer name",
  "unsupported-algorithm": "unsupported algorithm",
  malformed: "malformed",
  "not-checked": "not used for the chain of trust",
};

let defaults = [];
let lastDocument = null;
let running = false;

// ---------------------------------------------------------------- small DOM helpers

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function badge(status, extra = "") {
  const info = STATUS_INFO[status] || { icon: "?", label: String(status) };
  return el("span", { class: `badge status-${String(status).toLowerCase()} ${extra}`.trim(), title: info.help || "" }, [
    el("span", { class: "icon", "aria-hidden": "true", text: info.icon }),
    el("span", { class: "label", text: info.label }),
  ]);
}

function setStatus(text, { busy = false, error = false } = {}) {
  statusText.textContent = text;
  progress.hidden = !busy;
  statusBox.classList.toggle("error", error);
}

async function copyText(text, what) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", { class: "offscreen", readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  setStatus(`${what} copied to the clipboard.`);
}

function copyButton(text, what, label = "Copy") {
  const button = el("button", { type: "button", class: "small", text: label, "aria-label": `Copy ${what}` });
  button.addEventListener("click", () => copyText(text, what));
  return button;
}

// ---------------------------------------------------------------- options

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

function chosenResolvers() {
  const value = resolverSelect.value;
  if (value === "custom") {
    const url = customInput.value.trim();
    return url ? [url] : [];
  }
  return value ? [value] : [];
}

function updateCustomVisibility() {
  customField.hidden = resolverSelect.value !== "custom";
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

// ---------------------------------------------------------------- rendering

function signatureItem(sig) {
  const ok = VERDICT_OK.has(sig.verdict);
  const neutral = sig.verdict === "not-checked";
  return el("li", { class: ok ? "ok" : neutral ? "neutral" : "bad" }, [
    el("span", { class: "mark", "aria-hidden": "true", text: ok ? "\u2714" : neutral ? "\u2013" : "\u2716" }),
    ` RRSIG by key ${sig.key_tag} (algorithm ${sig.algorithm}, signer `,
    el("code", { text: sig.signer }),
    `): `,
    el("strong", { text: VERDICT_TEXT[sig.verdict] || sig.verdict }),
    ` \u2014 valid ${sig.inception} to ${sig.expiration}`,
  ]);
}

function denialBlock(denial) {
  if (!denial) return null;
  const kind = denial.kind === "nsec3" ? `NSEC3 (${denial.iterations} iterations)` : "NSEC";
  return el("div", { class: "denial" }, [
    el("p", {}, [el("strong", { text: "Denial of existence: " }), `${kind} proves `, el("code", { text: denial.proves })]),
    denial.records.length
      ? el("details", {}, [
          el("summary", { text: `${denial.records.length} record(s)` }),
          el("ul", { class: "records" }, denial.records.map((r) => el("li", {}, [el("code", { text: r })]))),
        ])
      : null,
  ]);
}

function zoneBox(zone, index, brokenZone) {
  const here = brokenZone !== null && zone.zone === brokenZone;
  // An unsigned delegation is where DNSSEC stops, not a fault: marked, but not as broken.
  const ends = here && zone.status === "INSECURE" && zone.problem === null;
  const broken = !ends && (zone.problem !== null || (here && zone.status !== "SECURE"));
  const status = String(zone.status).toLowerCase();
  const delegation = DELEGATION_LABEL[zone.delegation] || zone.delegation;

  const arrow = el("div", { class: `arrow delegation-${zone.delegation}` }, [
    el("span", { class: "arrow-glyph", "aria-hidden": "true", text: index === 0 ? "\u2693" : "\u2193" }),
    el("span", { text: index === 0 ? "Trust anchor" : delegation }),
  ]);

  const parts = [
    el("div", { class: "zone-head" }, [
      el("h4", { class: "zone-name" }, [el("code", { text: zone.zone })]),
      badge(zone.status),
    ]),
    broken ? el("p", { class: "broken-flag" }, [el("span", { "aria-hidden": "true", text: "\u26A0 " }), "The chain breaks here"]) : null,
    ends ? el("p", { class: "ends-flag" }, [el("span", { "aria-hidden": "true", text: "\u25CB " }), "The chain of trust ends here: this zone is not signed"]) : null,
    zone.problem ? el("p", { class: "problem", text: zone.problem }) : null,
  ];

  if (zone.ds.length) {
    parts.push(
      el("h5", { text: index === 0 ? "Anchor DS" : "DS in the parent" }),
      el(
        "ul",
        { class: "items" },
        zone.ds.map((ds) =>
          el("li", { class: ds.matches_key ? "ok" : "bad" }, [
            el("span", { class: "mark", "aria-hidden": "true", text: ds.matches_key ? "\u2714" : "\u2716" }),
            ` DS ${ds.key_tag} \u00B7 ${ds.algorithm_name} \u00B7 ${ds.digest_name}`,
            ds.supported ? "" : " \u00B7 unsupported",
            ds.matches_key ? " \u00B7 matches a key" : " \u00B7 matches no key",
          ]),
        ),
      ),
    );
  }
  if (zone.ds_rrsigs.length) {
    parts.push(el("h5", { text: "Signatures over the DS" }), el("ul", { class: "items" }, zone.ds_rrsigs.map(signatureItem)));
  }
  if (zone.dnskeys.length) {
    parts.push(
      el("h5", { text: "DNSKEYs" }),
      el(
        "ul",
        { class: "items" },
        zone.dnskeys.map((key) => {
          const good = !key.revoked && (key.role !== "KSK" || key.matches_ds || key.signs_key_set);
          return el("li", { class: good ? "ok" : "neutral" }, [
            el("span", { class: "role", text: key.role }),
            ` ${key.key_tag} \u00B7 ${key.algorithm_name}`,
            key.key_size ? ` \u00B7 ${key.key_size} bits` : "",
            key.revoked ? " \u00B7 revoked" : "",
            key.matches_ds ? " \u00B7 \u2714 matches DS" : "",
            key.signs_key_set ? " \u00B7 \u2714 signs the key set" : "",
          ]);
        }),
      ),
    );
  }
  if (zone.dnskey_rrsigs.length) {
    parts.push(el("h5", { text: "Signatures over the DNSKEYs" }), el("ul", { class: "items" }, zone.dnskey_rrsigs.map(signatureItem)));
  }
  const denial = denialBlock(zone.denial);
  if (denial) parts.push(denial);

  return el("li", { class: `zone${broken ? " broken" : ends ? " ends" : ""}`, dataset: { zone: zone.zone, status: zone.status } }, [
    arrow,
    el("div", { class: `zone-box status-${status}` }, parts),
  ]);
}

function chainPicture(chain, brokenZone) {
  if (!chain.length) return el("p", { class: "muted", text: "No chain of trust was built." });
  return el("ol", { class: "chain", "aria-label": "Chain of trust, from the trust anchor down" }, chain.map((z, i) => zoneBox(z, i, brokenZone)));
}

function linkSection(link, index, result) {
  const title = index === 0 ? "Answer" : "Alias target";
  // Highlight the answer itself when it, not a zone above it, is where validation failed.
  const zoneBroken = link.chain.some((z) => z.problem !== null);
  const broken = link.status !== "SECURE" && link.status !== "INSECURE" && !zoneBroken;
  return el("section", { class: `link status-${String(link.status).toLowerCase()}${broken ? " broken" : ""}`, dataset: { name: link.name, status: link.status } }, [
    broken ? el("p", { class: "broken-flag" }, [el("span", { "aria-hidden": "true", text: "\u26A0 " }), "Validation fails here"]) : null,
    el("div", { class: "zone-head" }, [
      el("h4", {}, [`${title}: `, el("code", { text: link.name }), ` ${link.type}`]),
      badge(link.status),
    ]),
    el("p", { class: "meta" }, [
      `Response: ${link.rcode ?? "none"}`,
      link.zone ? ` \u00B7 from zone ` : "",
      link.zone ? el("code", { text: link.zone }) : "",
      link.error ? ` \u00B7 error ${link.error}` : "",
    ]),
    link.reason && link.reason !== result.reason ? el("p", { text: link.reason }) : null,
    link.records.length
      ? el("ul", { class: "records" }, link.records.map((r) => el("li", {}, [el("code", { text: r })])))
      : el("p", { class: "muted", text: "No records in the answer." }),
    link.rrsigs.length ? el("ul", { class: "items" }, link.rrsigs.map(signatureItem)) : null,
    denialBlock(link.denial),
    index > 0 && link.chain.length
      ? el("details", {}, [el("summary", { text: `Chain of trust for ${link.name}` }), chainPicture(link.chain, null)])
      : null,
  ]);
}

function renderResult(result) {
  const line = result.line;
  const status = String(result.status);
  const children = [
    el("div", { class: "result-head" }, [
      el("h3", {}, [el("code", { text: result.name }), el("span", { class: "rtype", text: ` ${result.type}` })]),
      badge(status, "big"),
    ]),
    el("div", { class: "line-box" }, [
      el("span", { class: "line-label", text: "Line" }),
      el("code", { class: "line", text: line }),
      copyButton(line, `the line for ${result.name}`),
    ]),
    el("p", { class: "reason", text: result.reason }),
  ];
  if (result.ede) children.push(el("p", { class: "meta", text: `Extended DNS Error ${result.ede.code}: ${result.ede.name}` }));
  if (result.fix) children.push(el("div", { class: "fix" }, [el("strong", { text: "How to fix: " }), result.fix]));
  if (result.warnings.length) {
    children.push(
      el("div", { class: "warnings" }, [
        el("h4", { text: "Warnings" }),
        el(
          "ul",
          {},
          result.warnings.map((w) =>
            el("li", {}, [el("span", { "aria-hidden": "true", text: "\u26A0 " }), w.zone ? el("code", { text: w.zone }) : "", w.zone ? ": " : "", w.message]),
          ),
        ),
      ]),
    );
  }
  children.push(el("h4", { text: "Chain of trust" }), chainPicture(result.chain, result.broken_zone));
  if (result.links.length) {
    children.push(el("div", { class: "links" }, result.links.map((link, i) => linkSection(link, i, result))));
  }
  return el(
    "article",
    {
      class: `result status-${status.toLowerCase()}`,
      "data-name": result.name,
      "data-status": status,
      "data-error": result.error ?? "",
      "data-type": result.type,
    },
    children,
  );
}

function renderDocument(doc) {
  lastDocument = doc;
  $("summary-line").textContent = doc.line;
  const when = new Date(doc.now * 1000).toISOString();
  $("meta").textContent =
    `Validated at ${when} with ${doc.trust_anchor === "custom" ? "a custom trust anchor" : "the IANA root trust anchors"}; ` +
    `resolvers: ${doc.resolvers.join(", ")}; ${doc.queries} queries in ${doc.round_trips} round trips.`;
  resultList.replaceChildren(...doc.results.map(renderResult));
  results.hidden = false;
}

// ---------------------------------------------------------------- running

function updateAddress(names, resolvers, types) {
  const params = new URLSearchParams();
  for (const name of names) params.append("name", name);
  for (const url of resolvers) params.append("resolver", url);
  for (const type of types) params.append("type", type);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

async function runCheck({ focusResults = true } = {}) {
  if (running) return;
  const names = splitList(namesInput.value);
  namesInput.removeAttribute("aria-invalid");
  if (!names.length) {
    namesInput.setAttribute("aria-invalid", "true");
    setStatus("Enter a domain name to check.", { error: true });
    namesInput.focus();
    return;
  }
  const resolvers = chosenResolvers();
  if (resolverSelect.value === "custom" && !resolvers.length) {
    setStatus("Enter the custom resolver URL, or choose a default resolver.", { error: true });
    customInput.focus();
    return;
  }
  const options = { resolvers };
  const anchor = anchorInput.value.trim();
  if (anchor) options.trustAnchor = anchor;
  const types = splitList(typesInput.value);
  if (types.length) options.types = types;

  running = true;
  runButton.disabled = true;
  results.setAttribute("aria-busy", "true");
  setStatus(`Checking ${names.join(", ")}\u2026`, { busy: true });
  updateAddress(names, resolvers, types);
  try {
    const doc = await check(names, options);
    renderDocument(doc);
    const counts = doc.results.map((r) => `${r.name}: ${(STATUS_INFO[r.status] || { label: r.status }).label}`);
    setStatus(`Done. ${counts.join("; ")}.`);
    if (focusResults) $("results-heading").focus();
  } catch (error) {
    const message = error && error.message ? error.message : String(error);
    setStatus(`Cannot check: ${message}`, { error: true });
    if (/trust anchor/i.test(message)) {
      $("advanced").open = true;
      anchorInput.focus();
    } else if (/resolver/i.test(message)) {
      (resolverSelect.value === "custom" ? customInput : resolverSelect).focus();
    } else {
      namesInput.setAttribute("aria-invalid", "true");
      namesInput.focus();
    }
  } finally {
    running = false;
    runButton.disabled = false;
    results.removeAttribute("aria-busy");
  }
}

function applyAddress() {
  const params = new URLSearchParams(location.search);
  const names = params.getAll("name").flatMap(splitList);
  const resolvers = params.getAll("resolver").map((r) => r.trim()).filter(Boolean);
  if (resolvers.length === 1 && defaults.includes(resolvers[0])) {
    resolverSelect.value = resolvers[0];
  } else if (resolvers.length >= 1) {
    // Only the first URL can be shown in the single custom field.
    resolverSelect.value = "custom";
    customInput.value = resolvers[0];
  }
  for (const t of params.getAll("type")) typesInput.value = [typesInput.value, t].filter(Boolean).join(" ");
  if (typesInput.value) $("advanced").open = true;
  namesInput.value = names.join(", ");
  updateCustomVisibility();
  updateWarning();
  return names.length > 0;
}

async function main() {
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

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runCheck();
  });
  resolverSelect.addEventListener("change", () => {
    updateCustomVisibility();
    updateWarning();
    if (resolverSelect.value === "custom") customInput.focus();
  });
  customInput.addEventListener("input", updateWarning);
  anchorInput.addEventListener("input", updateWarning);
  namesInput.addEventListener("input", () => namesInput.removeAttribute("aria-invalid"));
  $("copy-json").addEventListener("click", () => {
    if (lastDocument) copyText(JSON.stringify(lastDocument, null, 2), "The JSON report");
  });
  $("copy-line").addEventListener("click", () => {
    if (lastDocument) copyText(lastDocument.line, "The summary line");
  });

  if (autorun) runCheck({ focusResults: false });
  else namesInput.focus();
}

main();
