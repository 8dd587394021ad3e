// The page's "List" mode: many names (a hosting panel's list), each checked on its own, a few
// at a time, into a sortable, filterable table; CSV and NDJSON downloads. Every piece of DNS
// data is set as text (textContent, attributes), never parsed as HTML.
import { badge, el, renderDocument, uniqueWarnings } from "./render.js";

/** The most names a list takes. Each name is its own check() call, so the core's limit per
 * check (100 names) never applies to a list. */
export const MAX_LIST_NAMES = 1000;
/** How many checks run at once. */
export const LIST_CONCURRENCY = 6;
/** The largest file read (bytes). */
export const MAX_LIST_FILE = 5 * 1024 * 1024;

const $ = (id) => document.getElementById(id);

/** The cells of one CSV line (RFC 4180 quotes). */
function csvCells(line) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** The names of a pasted list or a file: one per line or separated by commas, semicolons or
 * spaces; blank lines and `#` comments skipped; a CSV whose first line has a `name` column
 * gives that column. Each name once (case and a final dot aside), in the order given. */
export function parseList(text) {
  const lines = String(text)
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
  if (!lines.length) return [];
  const column = csvCells(lines[0]).map((c) => c.trim().toLowerCase()).indexOf("name");
  const tokens = column >= 0
    ? lines.slice(1).map((line) => (csvCells(line)[column] ?? "").trim())
    : lines.flatMap((line) => line.split(/[\s,;]+/));
  const seen = new Set();
  const names = [];
  for (const token of tokens) {
    const key = token.toLowerCase().replace(/\.$/, "");
    if (!token || seen.has(key)) continue;
    seen.add(key);
    names.push(token);
  }
  return names;
}

const STATUS_ORDER = ["SECURE", "INSECURE", "BOGUS", "INDETERMINATE"];
// Sorting by status, ascending: the worst first; names still being checked last.
const STATUS_RANK = { BOGUS: 0, INDETERMINATE: 1, ERROR: 2, INSECURE: 3, SECURE: 4, CHECKING: 5 };

function csvCell(value) {
  const text = String(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV of finished rows, in the list's order: name,status,error,line,warnings. A name that
 * could not be checked has status ERROR and the reason in `error`; a leading =, +, - or @ in
 * that reason is quoted with ' so that a spreadsheet never reads it as a formula. */
export function csvOf(entries) {
  const rows = entries.filter((e) => e.status !== "CHECKING").map((e) => {
    const error = e.status === "ERROR" ? e.error.replace(/^[=+\-@]/, "'$&") : e.error;
    return [e.name, e.status, error, e.line, e.status === "ERROR" ? "" : e.warnings].map(csvCell).join(",");
  });
  return `name,status,error,line,warnings\r\n${rows.map((r) => `${r}\r\n`).join("")}`;
}

/** One check() document per line, for the names that were checked, in the list's order. */
export function ndjsonOf(entries) {
  return entries.filter((e) => e.doc).map((e) => `${JSON.stringify(e.doc)}\n`).join("");
}

function download(text, type, filename) {
  // A blob: URL (the page's CSP allows no data: downloads), revoked once the download started.
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The list's results: the table, its progress, Stop, the filter, sorting and the downloads. */
export class ListView {
  constructor({ onStatus }) {
    this.section = $("list-results");
    this.body = $("list-body");
    this.progress = $("list-progress");
    this.progressText = $("list-progress-text");
    this.filter = $("list-filter");
    this.stopButton = $("list-stop");
    this.csvButton = $("list-csv");
    this.ndjsonButton = $("list-ndjson");
    this.onStatus = onStatus;
    this.entries = [];
    this.total = 0;
    this.sort = null; // { key, dir: 1 | -1 }
    this.stopping = false;
    this.running = false;

    for (const th of this.section.querySelectorAll("th[data-key]")) {
      th.querySelector("button").addEventListener("click", () => this.sortBy(th.dataset.key));
    }
    this.filter.addEventListener("change", () => this.applyFilter());
    this.stopButton.addEventListener("click", () => this.stop());
    this.csvButton.addEventListener("click", () => {
      download(csvOf(this.entries), "text/csv;charset=utf-8", "dnssec-health.csv");
      this.onStatus(`Downloading the CSV of ${this.finished()} names.`);
    });
    this.ndjsonButton.addEventListener("click", () => {
      download(ndjsonOf(this.entries), "application/x-ndjson", "dnssec-health.ndjson");
      this.onStatus(`Downloading the NDJSON of ${this.entries.filter((e) => e.doc).length} reports.`);
    });
  }

  finished() {
    return this.entries.filter((e) => e.status !== "CHECKING").length;
  }

  /** Checks `names`, LIST_CONCURRENCY at a time, each with `checkOne(name)` (a promise of a
   * check() document). Resolves when every started check has settled. */
  async run(names, checkOne) {
    this.entries = [];
    this.total = names.length;
    this.stopping = false;
    this.running = true;
    this.body.replaceChildren();
    this.section.hidden = false;
    this.section.setAttribute("aria-busy", "true");
    this.stopButton.disabled = false;
    this.csvButton.disabled = true;
    this.ndjsonButton.disabled = true;
    this.progress.max = Math.max(names.length, 1);
    this.updateProgress();
    let next = 0;
    const worker = async () => {
      while (!this.stopping && next < names.length) {
        const entry = this.add(names[next], next);
        next += 1;
        try {
          this.done(entry, await checkOne(entry.name));
        } catch (error) {
          this.failed(entry, error && error.message ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, names.length) }, worker));
    this.running = false;
    this.stopButton.disabled = true;
    this.section.removeAttribute("aria-busy");
    this.updateProgress();
    return this.progressText.textContent;
  }

  /** Starts no new check; the ones under way finish. */
  stop() {
    if (!this.running) return;
    this.stopping = true;
    this.stopButton.disabled = true;
    this.updateProgress();
  }

  add(name, index) {
    const entry = { name, index, status: "CHECKING", error: "", line: "", warnings: 0, doc: null, report: null };
    entry.statusCell = el("td", { class: "list-status" }, [el("span", { class: "muted", text: "Checking\u2026" })]);
    entry.errorCell = el("td", { class: "error" });
    entry.lineCell = el("td", {}, [el("code", { class: "line" })]);
    entry.warningsCell = el("td", { class: "num" });
    entry.reportCell = el("td");
    entry.row = el("tr", { dataset: { name, status: "CHECKING" } }, [
      el("th", { scope: "row" }, [el("code", { text: name })]),
      entry.statusCell,
      entry.errorCell,
      entry.lineCell,
      entry.warningsCell,
      entry.reportCell,
    ]);
    this.entries.push(entry);
    this.place(entry);
    this.applyFilter(entry);
    this.updateProgress();
    return entry;
  }

  done(entry, doc) {
    const results = doc.results || [];
    entry.doc = doc;
    entry.status = String(doc.status);
    entry.error = (results.find((r) => r.status === doc.status && r.error) || {}).error || "";
    entry.line = doc.line;
    entry.warnings = uniqueWarnings(results.flatMap((r) => r.warnings || [])).length;
    entry.statusCell.replaceChildren(badge(entry.status));
    entry.errorCell.textContent = entry.error;
    entry.lineCell.firstChild.textContent = entry.line;
    entry.warningsCell.textContent = String(entry.warnings);
    const button = el("button", {
      type: "button", class: "small", "aria-expanded": "false", "aria-label": `Show the report of ${entry.name}`, text: "Show",
    });
    button.addEventListener("click", () => this.toggleReport(entry, button));
    entry.reportCell.replaceChildren(button);
    this.settle(entry);
  }

  failed(entry, message) {
    entry.status = "ERROR";
    entry.error = message;
    entry.statusCell.replaceChildren(el("span", { class: "not-checked", text: "Not checked" }));
    entry.errorCell.textContent = message;
    this.settle(entry);
  }

  settle(entry) {
    entry.row.dataset.status = entry.status;
    this.place(entry);
    this.applyFilter(entry);
    this.updateProgress();
    if (this.finished() > 0) {
      this.csvButton.disabled = false;
      this.ndjsonButton.disabled = this.entries.every((e) => !e.doc);
    }
  }

  toggleReport(entry, button) {
    if (entry.report) {
      entry.report.remove();
      entry.report = null;
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show";
      return;
    }
    const id = `list-report-${entry.index}`;
    entry.report = el("tr", { class: "report-row", id, dataset: { name: entry.name } }, [
      el("td", { colspan: "6" }, renderDocument(entry.doc)),
    ]);
    entry.row.after(entry.report);
    entry.report.hidden = entry.row.hidden;
    button.setAttribute("aria-controls", id);
    button.setAttribute("aria-expanded", "true");
    button.textContent = "Hide";
  }

  compare(a, b) {
    if (this.sort) {
      const { key, dir } = this.sort;
      let d;
      if (key === "status") d = STATUS_RANK[a.status] - STATUS_RANK[b.status];
      else if (key === "warnings") d = a.warnings - b.warnings;
      else d = String(a[key]).localeCompare(String(b[key]));
      if (d) return d * dir;
    }
    return a.index - b.index;
  }

  /** Puts an entry's row (and its open report) where the sort order wants it; other rows stay
   * where they are, so that the keyboard focus is never moved by a result arriving. */
  place(entry) {
    const before = this.entries.find((e) => e !== entry && e.row.isConnected && this.compare(entry, e) < 0);
    if (before) this.body.insertBefore(entry.row, before.row);
    else this.body.append(entry.row);
    if (entry.report) entry.row.after(entry.report);
  }

  sortBy(key) {
    this.sort = { key, dir: this.sort && this.sort.key === key ? -this.sort.dir : 1 };
    for (const th of this.section.querySelectorAll("th[data-key]")) {
      if (th.dataset.key === key) th.setAttribute("aria-sort", this.sort.dir === 1 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
      th.querySelector(".sort-mark").textContent = th.dataset.key === key ? (this.sort.dir === 1 ? " \u25B2" : " \u25BC") : "";
    }
    const sorted = [...this.entries].sort((a, b) => this.compare(a, b));
    for (const entry of sorted) {
      this.body.append(entry.row);
      if (entry.report) this.body.append(entry.report);
    }
  }

  applyFilter(only = null) {
    const value = this.filter.value;
    for (const entry of only ? [only] : this.entries) {
      entry.row.hidden = value !== "all" && entry.status !== value;
      if (entry.report) entry.report.hidden = entry.row.hidden;
    }
  }

  updateProgress() {
    const done = this.finished();
    this.progress.value = done;
    const counts = [...STATUS_ORDER, "ERROR"]
      .map((s) => [s, this.entries.filter((e) => e.status === s).length])
      .filter(([, n]) => n > 0)
      .map(([s, n]) => (s === "ERROR" ? `${n} not checked (error)` : `${n} ${s}`));
    let text = `${done} of ${this.total} checked${counts.length ? `: ${counts.join(", ")}` : ""}.`;
    const left = this.total - this.entries.length;
    if (this.stopping && this.running) text += " Stopping: the checks under way finish, no new one starts.";
    else if (this.stopping) text += ` Stopped; ${left} not started.`;
    this.progressText.textContent = text;
  }
}
