// Renders dnssec-health reports (the JSON documents of check() and checkOrder()) as DOM.
// Shared by the page (app.js) and the widget (widget.js). Every piece of DNS data is set as
// text (textContent, attributes), never parsed as HTML.

export const STATUS_INFO = {
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

// ---------------------------------------------------------------- small DOM helpers

export function el(tag, props = {}, children = []) {
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

export function badge(status, extra = "") {
  const info = STATUS_INFO[status] || { icon: "?", label: String(status) };
  return el("span", { class: `badge status-${String(status).toLowerCase()} ${extra}`.trim(), title: info.help || "" }, [
    el("span", { class: "icon", "aria-hidden": "true", text: info.icon }),
    el("span", { class: "label", text: info.label }),
  ]);
}

// ---------------------------------------------------------------- copying

const labelTimers = new WeakMap();

/** Copies `text`; the button says whether it worked for a moment, and a `dnssec-health-copied`
 * event (bubbling, crossing shadow roots; `detail`: what, copied) tells the host page. */
export async function copyText(text, button, what) {
  let copied = true;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", { class: "offscreen", readonly: true });
    area.value = text;
    (button.getRootNode().body ?? button.parentNode).append(area);
    area.select();
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    area.remove();
  }
  // The button's own label, kept while it says "Copied" (a second click must not keep that).
  button.dataset.label ??= button.textContent;
  button.textContent = copied ? "Copied" : "Copy failed";
  clearTimeout(labelTimers.get(button));
  labelTimers.set(button, setTimeout(() => {
    button.textContent = button.dataset.label;
    delete button.dataset.label;
    labelTimers.delete(button);
  }, 1500));
  button.dispatchEvent(new CustomEvent("dnssec-health-copied", { bubbles: true, composed: true, detail: { what, copied } }));
}

export function copyButton(text, what, label = "Copy") {
  const button = el("button", { type: "button", class: "small", text: label, "aria-label": `Copy ${what}` });
  button.addEventListener("click", () => copyText(text, button, what));
  return button;
}

// ---------------------------------------------------------------- rendering

/** The tag of a heading of `level`, `offset` levels deeper (a report nested in another), at
 * most h6. */
function heading(level, offset) {
  return `h${Math.min(level + offset, 6)}`;
}

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

function zoneBox(zone, index, brokenZone, offset) {
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
      el(heading(4, offset), { class: "zone-name" }, [el("code", { text: zone.zone })]),
      badge(zone.status),
    ]),
    broken ? el("p", { class: "broken-flag" }, [el("span", { "aria-hidden": "true", text: "\u26A0 " }), "The chain breaks here"]) : null,
    ends ? el("p", { class: "ends-flag" }, [el("span", { "aria-hidden": "true", text: "\u25CB " }), "The chain of trust ends here: this zone is not signed"]) : null,
    zone.problem ? el("p", { class: "problem", text: zone.problem }) : null,
  ];

  if (zone.ds.length) {
    parts.push(
      el(heading(5, offset), { text: index === 0 ? "Anchor DS" : "DS in the parent" }),
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
    parts.push(el(heading(5, offset), { text: "Signatures over the DS" }), el("ul", { class: "items" }, zone.ds_rrsigs.map(signatureItem)));
  }
  if (zone.dnskeys.length) {
    parts.push(
      el(heading(5, offset), { text: "DNSKEYs" }),
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
    parts.push(el(heading(5, offset), { text: "Signatures over the DNSKEYs" }), el("ul", { class: "items" }, zone.dnskey_rrsigs.map(signatureItem)));
  }
  const denial = denialBlock(zone.denial);
  if (denial) parts.push(denial);

  return el("li", { class: `zone${broken ? " broken" : ends ? " ends" : ""}`, dataset: { zone: zone.zone, status: zone.status } }, [
    arrow,
    el("div", { class: `zone-box status-${status}` }, parts),
  ]);
}

function chainPicture(chain, brokenZone, offset) {
  if (!chain.length) return el("p", { class: "muted", text: "No chain of trust was built." });
  return el("ol", { class: "chain", "aria-label": "Chain of trust, from the trust anchor down" }, chain.map((z, i) => zoneBox(z, i, brokenZone, offset)));
}

function linkSection(link, index, result, offset) {
  const title = index === 0 ? "Answer" : "Alias target";
  // Highlight the answer itself when it, not a zone above it, is where validation failed.
  const zoneBroken = link.chain.some((z) => z.problem !== null);
  const broken = link.status !== "SECURE" && link.status !== "INSECURE" && !zoneBroken;
  return el("section", { class: `link status-${String(link.status).toLowerCase()}${broken ? " broken" : ""}`, dataset: { name: link.name, status: link.status } }, [
    broken ? el("p", { class: "broken-flag" }, [el("span", { "aria-hidden": "true", text: "\u26A0 " }), "Validation fails here"]) : null,
    el("div", { class: "zone-head" }, [
      el(heading(4, offset), {}, [`${title}: `, el("code", { text: link.name }), ` ${link.type}`]),
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
      ? el("details", {}, [el("summary", { text: `Chain of trust for ${link.name}` }), chainPicture(link.chain, null, offset)])
      : null,
  ]);
}

// ---------------------------------------------------------------- warnings before failure

/** The severities of a warning (verdict.rs Severity), most severe first, in words. The label is
 * always shown: a severity is never told by colour alone. */
export const SEVERITY_INFO = {
  critical: { icon: "\u203C", label: "Critical", count: (n) => `${n} critical` },
  warning: { icon: "\u26A0", label: "Warning", count: (n) => `${n} warning${n === 1 ? "" : "s"}` },
  notice: { icon: "\u2139", label: "Notice", count: (n) => `${n} notice${n === 1 ? "" : "s"}` },
};
const SEVERITIES = Object.keys(SEVERITY_INFO);
const severityRank = (severity) => {
  const rank = SEVERITIES.indexOf(severity);
  return rank < 0 ? SEVERITIES.length : rank;
};

/** More warnings than this are collapsed under a summary that counts them. */
export const WARNINGS_SHOWN_OPEN = 3;

/** `warnings` each once (a zone's warning reaches every lookup through it), most severe first;
 * within a severity in the order given (the core's: the chain's, root first). */
export function uniqueWarnings(warnings) {
  const seen = new Set();
  const out = [];
  for (const w of warnings) {
    const key = JSON.stringify([w.code, w.severity, w.zone, w.records, w.message, w.fix]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(w);
  }
  return out.map((w, i) => [w, i]).sort(([a, i], [b, j]) => severityRank(a.severity) - severityRank(b.severity) || i - j).map(([w]) => w);
}

/** Every warning of a `check` or `checkOrder` document, each once, most severe first. */
export function documentWarnings(doc) {
  const lookups = doc.names ? doc.names.flatMap((n) => n.lookups) : doc.results ?? [];
  return uniqueWarnings(lookups.flatMap((l) => l.warnings ?? []));
}

/** "2 critical, 1 warning, 5 notices" (severities that occur, most severe first). */
export function countWarnings(warnings) {
  return SEVERITIES.map((severity) => [severity, warnings.filter((w) => w.severity === severity).length])
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => SEVERITY_INFO[severity].count(n))
    .join(", ");
}

function severityLabel(severity) {
  const info = SEVERITY_INFO[severity] || { icon: "!", label: String(severity) };
  return el("span", { class: `severity-label severity-${severity}` }, [
    el("span", { class: "icon", "aria-hidden": "true", text: info.icon }),
    el("span", { class: "label", text: info.label }),
  ]);
}

function warningItem(w) {
  return el("li", { class: `warning-item severity-${w.severity}`, dataset: { code: w.code, severity: w.severity, zone: w.zone } }, [
    el("p", { class: "warning-message" }, [severityLabel(w.severity), " ", w.message]),
    el("p", { class: "warning-where" }, [
      "Zone ",
      el("code", { class: "warning-zone", text: w.zone }),
      " \u00B7 code ",
      el("code", { class: "warning-code", text: w.code }),
    ]),
    w.records && w.records.length
      ? el("ul", { class: "warning-records", "aria-label": "Records concerned" }, w.records.map((r) => el("li", {}, [el("code", { text: r })])))
      : null,
    w.fix ? el("p", { class: "warning-fix" }, [el("strong", { text: "How to fix: " }), w.fix]) : null,
  ]);
}

let warningSections = 0;

/** The warnings of a result (or of an order name), grouped by severity, critical first; more
 * than WARNINGS_SHOWN_OPEN are collapsed under a summary that counts them per severity. Null
 * when there is none. Headings: h4 "Warnings", h5 per severity, `headingOffset` deeper. */
export function renderWarnings(warnings, { headingOffset = 0 } = {}) {
  const list = uniqueWarnings(warnings ?? []);
  if (!list.length) return null;
  const id = `dnssec-health-warnings-${++warningSections}`;
  const severities = [...new Set(list.map((w) => w.severity))];
  const groups = severities.map((severity) => {
    const items = list.filter((w) => w.severity === severity);
    const info = SEVERITY_INFO[severity] || { icon: "!", label: String(severity) };
    return el("div", { class: `warning-group severity-${severity}`, dataset: { severity } }, [
      el(heading(5, headingOffset), { class: "warning-group-title" }, [
        el("span", { class: "icon", "aria-hidden": "true", text: `${info.icon} ` }),
        `${info.label} (${items.length})`,
      ]),
      el("ul", { class: "warning-list" }, items.map(warningItem)),
    ]);
  });
  const count = countWarnings(list);
  const collapsed = list.length > WARNINGS_SHOWN_OPEN;
  return el("section", { class: "warnings", "aria-labelledby": id, dataset: { count: String(list.length), worst: list[0].severity } }, [
    el(heading(4, headingOffset), { id, text: `Warnings (${list.length})` }),
    el("p", { class: "meta warnings-note", text: "The verdict and the line stand; these say what may break a later check, or is weaker than it should be." }),
    collapsed ? el("details", { class: "warning-groups" }, [el("summary", { class: "warning-count", text: count }), ...groups]) : el("div", { class: "warning-groups" }, groups),
  ]);
}

// ---------------------------------------------------------------- times

/** Unix seconds from unix seconds (`1767225600`) or RFC 3339 (`2026-01-01T00:00:00Z`, an offset
 * such as `+02:00`, or a bare date `2026-01-01`, midnight UTC): what the CLI's `--at` reads.
 * Null when `text` is neither. */
export function parseTime(text) {
  const value = String(text ?? "").trim();
  if (/^\d+$/.test(value)) return Number(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:([Zz])|([+-])(\d{2}):(\d{2})))?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour = "0", minute = "0", second = "0", zulu, sign, offsetHours, offsetMinutes] = match;
  // A time needs its offset (RFC 3339 §5.6): "12:00" alone says not where.
  if (match[4] !== undefined && !zulu && !sign) return null;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  if (sign && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return null;
  const offset = sign ? (sign === "-" ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60) : 0;
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  return Math.floor(date.getTime() / 1000) - offset;
}

/** RFC 3339 in UTC, to the second: `2026-01-01T00:00:00Z`. */
export function formatTime(seconds) {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** One result of a `check` document; `headingOffset` moves its headings (h3 and below) that many
 * levels deeper, for a result nested under other headings. */
export function renderResult(result, { tag = "article", headingOffset = 0 } = {}) {
  const line = result.line;
  const status = String(result.status);
  const children = [
    el("div", { class: "result-head" }, [
      el(heading(3, headingOffset), {}, [el("code", { text: result.name }), el("span", { class: "rtype", text: ` ${result.type}` })]),
      badge(status, "big"),
    ]),
    el("div", { class: "line-box" }, [
      el("span", { class: "line-label", text: "Line" }),
      el("code", { class: "line", text: line }),
      copyButton(line, `the line for ${result.name}`),
    ]),
    el("p", { class: "reason", text: result.reason }),
  ];
  if (result.ca_note) children.push(el("p", { class: "ca-note", text: result.ca_note }));
  if (result.ede) children.push(el("p", { class: "meta", text: `Extended DNS Error ${result.ede.code}: ${result.ede.name}` }));
  if (result.fix) children.push(el("div", { class: "fix" }, [el("strong", { text: "How to fix: " }), result.fix]));
  if (result.cache_note) children.push(el("p", { class: "meta cache-note", text: result.cache_note }));
  const warnings = renderWarnings(result.warnings, { headingOffset });
  if (warnings) children.push(warnings);
  children.push(el(heading(4, headingOffset), { text: "Chain of trust" }), chainPicture(result.chain, result.broken_zone, headingOffset));
  if (result.links.length) {
    children.push(el("div", { class: "links" }, result.links.map((link, i) => linkSection(link, i, result, headingOffset))));
  }
  return el(
    tag,
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


// ---------------------------------------------------------------- certificate orders

const PURPOSE_LABEL = {
  caa: "CAA",
  "acme-dns-01": "ACME dns-01",
  dnsauth: "DigiCert DNS TXT",
  "validation-persist": "Persistent DCV",
};

function caaBlock(caa, ca) {
  const parts = [el("h4", { text: "CAA: which CAs may issue" }), el("p", { class: "caa-summary", text: caa.summary })];
  if (caa.ca_may_issue !== null && ca) {
    const ok = caa.ca_may_issue;
    parts.push(
      el("p", { class: `ca-verdict ${ok ? "ok" : "bad"}`, "data-ca-may-issue": String(ok) }, [
        el("span", { class: "mark", "aria-hidden": "true", text: ok ? "\u2714 " : "\u2716 " }),
        el("strong", { text: ok ? `${ca} may issue` : `${ca} may not issue` }),
      ]),
    );
  }
  if (caa.records.length) {
    parts.push(
      el("ul", { class: "records" }, caa.records.map((r) =>
        el("li", {}, [
          el("code", { text: `${caa.owner ?? caa.relevant_name}. CAA ${r.flags} ${r.tag} ${JSON.stringify(r.value)}` }),
          r.malformed ? " (malformed record)" : null,
        ]),
      )),
    );
  }
  return el("div", { class: "caa" }, parts);
}

function lookupItem(lookup, decisive) {
  const status = String(lookup.status);
  // Only a lookup that fails or is unsigned decides anything worth pointing out.
  decisive = decisive && status !== "SECURE";
  const failed = status === "BOGUS" || status === "INDETERMINATE";
  const summary = el("summary", {}, [
    badge(status),
    " ",
    el("span", { class: "purpose", text: PURPOSE_LABEL[lookup.purpose] || lookup.purpose }),
    " ",
    el("code", { text: `${lookup.name} ${lookup.type}` }),
    lookup.error ? el("span", { class: "error-code", text: ` ${lookup.error}` }) : null,
    decisive ? el("span", { class: "decisive", text: " \u2190 decides" }) : null,
  ]);
  return el(
    "li",
    {
      class: `lookup status-${status.toLowerCase()}${decisive ? " decisive" : ""}`,
      "data-purpose": lookup.purpose,
      "data-name": lookup.name,
      "data-type": lookup.type,
      "data-status": status,
      "data-error": lookup.error ?? "",
    },
    [
      el("details", { open: decisive && failed }, [
        summary,
        el("p", { class: "meta", text: lookup.description }),
        // Under the order's h3 (the name) and h4 ("Lookups a CA makes"): two levels deeper.
        renderResult(lookup, { tag: "section", headingOffset: 2 }),
      ]),
    ],
  );
}

/** One name of a certificate order: verdict, line, CAA outcome, and every lookup. */
export function renderOrderName(name, ca) {
  const status = String(name.status);
  const children = [
    el("div", { class: "result-head" }, [el("h3", {}, [el("code", { text: name.name })]), badge(status, "big")]),
    el("div", { class: "line-box" }, [
      el("span", { class: "line-label", text: "Line" }),
      el("code", { class: "line", text: name.line }),
      copyButton(name.line, `the line for ${name.name}`),
    ]),
    el("p", { class: "reason", text: name.reason }),
  ];
  if (name.then_now) children.push(el("p", { class: "then-now", text: name.then_now }));
  if (name.ca_note) children.push(el("p", { class: "ca-note", text: name.ca_note }));
  if (name.fix) children.push(el("div", { class: "fix" }, [el("strong", { text: "How to fix: " }), name.fix]));
  // The summary: every lookup's warnings, each once (each lookup below lists its own).
  const warnings = renderWarnings(name.lookups.flatMap((l) => l.warnings));
  if (warnings) children.push(warnings);
  children.push(caaBlock(name.caa, ca));
  children.push(
    el("h4", { text: `Lookups a CA makes (${name.lookups.length})` }),
    el("ol", { class: "lookups" }, name.lookups.map((l, i) => lookupItem(l, i === name.decisive_lookup))),
  );
  return el(
    "article",
    {
      class: `result order-name status-${status.toLowerCase()}`,
      "data-name": name.name,
      "data-status": status,
      "data-error": name.error ?? "",
      "data-ca-may-issue": name.caa.ca_may_issue === null ? "" : String(name.caa.ca_may_issue),
    },
    children,
  );
}

// ---------------------------------------------------------------- resolvers compared

let comparisons = 0;

const ttlLeft = (ttl) => (ttl === null || ttl === undefined ? "" : ` (TTL ${ttl} s left)`);
const tagList = (tags) => (tags.length ? tags.join(", ") : "none");
const verdictText = (lookup) => (lookup.error ? `${lookup.status} ${lookup.error}` : lookup.status);

/** A table row: the row header, then one cell per resolver. `cell(view)` gives the cell's
 * content and the value compared with the first resolver's (TTLs left out: they count down). */
function comparisonRow(views, kind, header, cell, data = {}) {
  const cells = views.map(cell);
  const differs = cells.map((c) => c.value !== cells[0].value);
  const any = differs.some(Boolean);
  return el("tr", { class: any ? "differs" : "", dataset: { row: kind, ...data } }, [
    el("th", { scope: "row" }, [...header, any ? el("span", { class: "differs-mark", text: " (differs)" }) : null]),
    ...cells.map((c, i) =>
      el("td", { class: differs[i] ? "differs" : "", dataset: { resolver: views[i].resolver } }, c.content),
    ),
  ]);
}

/** The comparison of a check through several resolvers (`compare: true`): the summary, what
 * each resolver returned (verdicts, queries, the DS and DNSKEY key tags of every zone with the
 * TTL left in its cache, SOA serials) and every difference in words. */
export function renderComparison(comparison, { headingLevel = 3 } = {}) {
  const id = `dnssec-health-comparison-${++comparisons}`;
  const views = comparison.resolvers;
  const rows = [
    comparisonRow(views, "status", ["Verdict"], (v) => {
      const only = v.lookups.length === 1 ? v.lookups[0] : null;
      return {
        value: only ? verdictText(only) : v.status,
        content: [badge(v.status), only && only.error ? el("span", { class: "error-code", text: ` ${only.error}` }) : null],
      };
    }),
  ];
  // With several lookups, a row for each one whose verdict differs between the resolvers.
  if (views.length && views[0].lookups.length > 1) {
    views[0].lookups.forEach((lookup, index) => {
      const verdicts = views.map((v) => (v.lookups[index] ? verdictText(v.lookups[index]) : ""));
      if (verdicts.every((text) => text === verdicts[0])) return;
      rows.push(
        comparisonRow(views, "lookup", [el("code", { text: lookup.name }), ` ${lookup.type}`], (v) => {
          const mine = v.lookups[index];
          return mine
            ? { value: verdictText(mine), content: [badge(mine.status), mine.error ? el("span", { class: "error-code", text: ` ${mine.error}` }) : null] }
            : { value: "", content: ["\u2014"] };
        }, { name: lookup.name, type: lookup.type }),
      );
    });
  }
  rows.push(comparisonRow(views, "queries", ["Queries"], (v) => ({ value: String(v.queries), content: [String(v.queries)] })));
  const zones = [...new Set(views.flatMap((v) => v.zones.map((z) => z.zone)))];
  for (const name of zones) {
    for (const [kind, tags, ttl] of [
      ["ds", "ds_tags", "ds_ttl"],
      ["dnskey", "dnskey_tags", "dnskey_ttl"],
    ]) {
      rows.push(
        comparisonRow(views, kind, [el("code", { text: name }), kind === "ds" ? " DS" : " DNSKEY"], (v) => {
          const zone = v.zones.find((z) => z.zone === name);
          if (!zone) return { value: "", content: ["\u2014"] };
          return { value: tagList(zone[tags]), content: [tagList(zone[tags]), el("span", { class: "ttl", text: ttlLeft(zone[ttl]) })] };
        }, { zone: name }),
      );
    }
  }
  const soaZones = [...new Set(views.flatMap((v) => v.soa.map((s) => s.zone)))];
  for (const name of soaZones) {
    rows.push(
      comparisonRow(views, "soa", [el("code", { text: name }), " SOA serial"], (v) => {
        const soa = v.soa.find((s) => s.zone === name);
        return soa
          ? { value: String(soa.serial), content: [String(soa.serial), el("span", { class: "ttl", text: ttlLeft(soa.ttl) })] }
          : { value: "", content: ["\u2014"] };
      }, { zone: name }),
    );
  }
  const captionId = `${id}-caption`;
  const table = el("table", {}, [
    el("caption", { id: captionId, text: "What each resolver returned (key tags; TTL left in its cache)" }),
    el("thead", {}, [
      el("tr", {}, [
        el("th", { scope: "col", text: "Resolver" }),
        ...views.map((v) => el("th", { scope: "col", dataset: { resolver: v.resolver } }, [el("code", { text: v.resolver })])),
      ]),
    ]),
    el("tbody", {}, rows),
  ]);
  return el(
    "section",
    { class: `comparison ${comparison.agree ? "agree" : "disagree"}`, "aria-labelledby": id, dataset: { agree: String(comparison.agree) } },
    [
      el(`h${Math.min(headingLevel, 6)}`, { id, text: "Resolvers compared" }),
      el("p", { class: "comparison-summary", text: comparison.summary }),
      // Scrolls sideways on a narrow screen; focusable so that a keyboard can scroll it.
      el("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-labelledby": captionId }, [table]),
      el(`h${Math.min(headingLevel + 1, 6)}`, { text: `Differences (${comparison.differences.length})` }),
      comparison.differences.length
        ? el("ul", { class: "differences" }, comparison.differences.map((d) => el("li", { text: d })))
        : el("p", { class: "muted", text: "None: every resolver returned the same." }),
    ],
  );
}

/** The report elements of a `check` or `checkOrder` document: in compare mode the comparison
 * of the resolvers first. */
export function renderDocument(doc) {
  const items = doc.names ? doc.names.map((n) => renderOrderName(n, doc.ca)) : doc.results.map((r) => renderResult(r));
  return doc.comparison ? [renderComparison(doc.comparison), ...items] : items;
}

/** "Validated at ... with ...; warning window N days; resolvers ...; N queries in M round
 * trips." `asOf`: the time was chosen (`at`), not the clock; `warnDays`: the window asked for. */
export function describeRun(doc, { asOf = false, warnDays = null } = {}) {
  const when = formatTime(doc.now);
  const span = warnDays === null || warnDays === undefined ? "" : `warning window ${warnDays} day${Number(warnDays) === 1 ? "" : "s"}; `;
  return (
    `${asOf ? `Validated as of ${when} (a chosen time, not now)` : `Validated at ${when}`} with ` +
    `${doc.trust_anchor === "custom" ? "a custom trust anchor" : "the IANA root trust anchors"}; ${span}` +
    `resolvers: ${doc.resolvers.join(", ")}; ${doc.queries} queries in ${doc.round_trips} round trips.`
  );
}
