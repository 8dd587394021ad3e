#!/usr/bin/env python3
"""Headless-Chromium tests of the embeddable widget (<dnssec-health-check>, www/widget.js)
against the DNSSEC test lab:

    ./build.sh && python3 tests/web/widget_test.py

- the demo page www/embed.html: two themed widgets give the right verdicts once pointed at the
  lab, events carry the report, a changed `names` attribute re-runs the check;
- a host page on another origin, under a strict Content-Security-Policy, with a stylesheet that
  restyles div/span/button: the widget works (in a Worker), looks exactly as on a clean page,
  leaks no global name and reports no CSP violation;
- nothing of the previous names shows while new ones are checked or after an error; moving the
  element does not check again; check mode names a failing name once;
- a Worker that dies mid-check (error, messageerror) fails the check, and the next one starts a
  new Worker; the blob: URL is revoked; a validator that failed to load is loaded again;
- a host page without Workers: the widget falls back to the main thread, where a wasm trap fails
  the pending check;
- the host page's timer keeps firing while a check runs;
- warnings: shown in the report, counted in the headline of a SECURE result whose data-status
  stays SECURE; the `warn-days` and `at` attributes change the result, a bad one is an error.
Screenshots land in target/web-artifacts/.
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (ARTIFACTS, ROOT, Browser, Suite, silent_resolver, start_lab, static_server,  # noqa: E402
                     wait_for)

# The computed styles compared between a clean and a hostile host page.
STYLE_PROPS = ["color", "backgroundColor", "fontSize", "fontFamily", "fontStyle", "display",
               "borderTopWidth", "borderTopColor", "paddingTop", "marginTop", "textTransform",
               "lineHeight", "letterSpacing", "wordSpacing", "textAlign"]

SNAPSHOT_JS = """
const widget = document.querySelector(arguments[0]);
const root = widget.shadowRoot;
const props = arguments[1];
const pick = (node) => { const s = getComputedStyle(node); return Object.fromEntries(props.map((p) => [p, s[p]])); };
const out = {};
for (const [key, css] of Object.entries({
  container: '.widget', headline: '.headline', line: '.line', toggle: '.toggle',
  badge: '.badge', label: '.badge .label', article: 'article.result', code: 'article code'})) {
  const node = root.querySelector(css);
  out[key] = node ? pick(node) : null;
}
return out;
"""

# Records the widget events reaching the document, and a 10 ms timer's ticks.
LISTEN_JS = """
window.__events = [];
for (const type of ['dnssec-health:start', 'dnssec-health:result', 'dnssec-health:error']) {
  document.addEventListener(type, (e) => window.__events.push({
    type, target: e.target.id, line: e.detail && e.detail.line, message: e.detail && e.detail.message }));
}
"""


def configure(browser, css, lab, **attributes):
    """Points a widget at the lab (resolver, trust anchor) and sets its other attributes."""
    browser.js(
        "const w = document.querySelector(arguments[0]);"
        "w.setAttribute('resolver', arguments[1]); w.setAttribute('trust-anchor', arguments[2]);"
        "for (const [k, v] of Object.entries(arguments[3])) v === null ? w.removeAttribute(k) : w.setAttribute(k, v);",
        css, lab["doh"], lab["anchor"], attributes)


def wait_line(browser, css, line, timeout=40):
    """Waits until the widget's report has this DigiCert line; returns the widget's state."""
    state_js = ("const w = document.querySelector(arguments[0]); const r = w.shadowRoot;"
                "return { line: w.report && w.report.line, status: w.dataset.status || '',"
                " busy: w.getAttribute('aria-busy'), headline: r.querySelector('.headline').textContent,"
                " shownLine: r.querySelector('.line').textContent,"
                " reportHidden: r.querySelector('.report').hidden,"
                " articles: r.querySelectorAll('.report article.result').length,"
                " toggle: r.querySelector('.toggle').getAttribute('aria-expanded') }")
    return wait_for(lambda: (s := browser.js(state_js, css)) and s["line"] == line and s["busy"] is None and s,
                    timeout, f"{css} to show {line}")


def engine(browser, css):
    return browser._s("POST", "/execute/async", {
        "script": "const done = arguments[arguments.length - 1];"
                  "document.querySelector(arguments[0]).engine().then(done, (e) => done('error: ' + e));",
        "args": [css]})


def test_demo_page(browser, www, lab):
    browser.open(f"{www}/embed.html")
    wait_for(lambda: browser.js("return customElements.get('dnssec-health-check') !== undefined"), 20,
             "the element to be defined")
    browser.js(LISTEN_JS)
    configure(browser, "#order-widget", lab, names="www.caa.lab *.caa.lab", ca="letsencrypt.org")
    configure(browser, "#compact-widget", lab, names="www.badsig.lab")
    order = wait_line(browser, "#order-widget", "www.caa.lab;SECURE,*.caa.lab;SECURE")
    assert order["status"] == "SECURE", order
    assert order["shownLine"] == "www.caa.lab;SECURE,*.caa.lab;SECURE", order
    assert "every lookup validates" in order["headline"], order
    assert "CAA does not allow letsencrypt.org for *.caa.lab" in order["headline"], order
    assert order["articles"] == 2 and not order["reportHidden"], order
    compact = wait_line(browser, "#compact-widget", "www.badsig.lab;BOGUS;DNSSEC_BOGUS")
    assert compact["status"] == "BOGUS" and "a CA will refuse to issue" in compact["headline"], compact
    # Compact: badge and one line; the report opens with the toggle.
    assert compact["reportHidden"] and compact["toggle"] == "false", compact
    browser.js("document.querySelector('#compact-widget').shadowRoot.querySelector('.toggle').click()")
    compact = wait_line(browser, "#compact-widget", "www.badsig.lab;BOGUS;DNSSEC_BOGUS")
    assert not compact["reportHidden"] and compact["toggle"] == "true" and compact["articles"] == 1, compact
    # Events bubble out of the shadow roots with the report.
    events = browser.js("return window.__events")
    results = [e for e in events if e["type"] == "dnssec-health:result"]
    assert {(e["target"], e["line"]) for e in results} >= {
        ("order-widget", "www.caa.lab;SECURE,*.caa.lab;SECURE"),
        ("compact-widget", "www.badsig.lab;BOGUS;DNSSEC_BOGUS")}, events
    assert any(e["type"] == "dnssec-health:start" and e["target"] == "order-widget" for e in events), events
    # The two themes differ where the page themed them, through custom properties and parts.
    a = browser.js(SNAPSHOT_JS, "#order-widget", ["borderTopLeftRadius", "backgroundColor", "textTransform"])
    b = browser.js(SNAPSHOT_JS, "#compact-widget", ["borderTopLeftRadius", "backgroundColor", "textTransform"])
    assert a["container"]["borderTopLeftRadius"] == "2px" and b["container"]["borderTopLeftRadius"] == "14px", (a, b)
    assert b["container"]["backgroundColor"] == "rgb(24, 32, 43)", b
    assert a["badge"]["textTransform"] == "uppercase" and b["badge"]["textTransform"] == "none", (a, b)
    assert engine(browser, "#order-widget") == "worker"
    browser.screenshot(os.path.join(ARTIFACTS, "embed.png"))
    probe = browser.probe()
    assert probe["csp"] == [] and probe["errors"] == [], probe


def test_names_attribute_reruns(browser, www, lab):
    browser.js("window.__events = []")
    browser.js("document.querySelector('#order-widget').setAttribute('names', 'www.stripnsec.lab')")
    state = wait_line(browser, "#order-widget", "www.stripnsec.lab;BOGUS;NSEC_MISSING")
    assert state["status"] == "BOGUS", state
    # check() runs now and resolves to the same report.
    line = browser._s("POST", "/execute/async", {
        "script": "const done = arguments[arguments.length - 1];"
                  "document.querySelector('#order-widget').check().then((r) => done(r.line), (e) => done(String(e)));",
        "args": []})
    assert line == "www.stripnsec.lab;BOGUS;NSEC_MISSING", line
    # A bad name is an error event and a message, not a crash.
    browser.js("document.querySelector('#order-widget').setAttribute('names', 'exa..mple.com')")
    wait_for(lambda: any(e["type"] == "dnssec-health:error" for e in browser.js("return window.__events")), 20,
             "an error event")
    headline = browser.js("return document.querySelector('#order-widget').shadowRoot.querySelector('.headline').textContent")
    assert "is not a valid domain name" in headline, headline
    # Nothing of the previous names is left after the error.
    assert browser.js("return document.querySelector('#order-widget').report") is None


# The widget's visible state.
STATE_JS = """
const w = document.querySelector(arguments[0]); const r = w.shadowRoot;
return { busy: w.getAttribute('aria-busy'), status: w.getAttribute('data-status'), report: w.report,
  headline: r.querySelector('.headline').textContent, line: r.querySelector('.line').textContent,
  reportChildren: r.querySelector('.report').childElementCount, reportHidden: r.querySelector('.report').hidden,
  toggleHidden: r.querySelector('.toggle').hidden };
"""


def test_no_stale_results_and_no_rerun_on_move(browser, www, lab):
    state = lambda: browser.js(STATE_JS, "#order-widget")
    # Check mode names a failing name once, not once per record type.
    configure(browser, "#order-widget", lab, mode="check", types="A TXT", names="www.alg13.lab")
    browser.js("document.querySelector('#order-widget').setAttribute('resolver', arguments[0])",
               lab["faults"]["status500"])
    shown = wait_for(lambda: (s := state())["busy"] is None and s["report"] and s, 30, "the INDETERMINATE report")
    assert [r["status"] for r in shown["report"]["results"]] == ["INDETERMINATE", "INDETERMINATE"], shown["report"]
    assert shown["status"] == "INDETERMINATE", shown
    assert shown["headline"] == "The check could not complete for www.alg13.lab; try again.", shown["headline"]
    # Moving the element does not check again: same report, no start event.
    browser.js("window.__events = []; window.__report = document.querySelector('#order-widget').report;"
               "const w = document.querySelector('#order-widget'); w.parentNode.append(w);")
    time.sleep(1)
    assert browser.js("return window.__events") == [], browser.js("return window.__events")
    assert browser.js("return document.querySelector('#order-widget').report === window.__report")
    assert state()["status"] == "INDETERMINATE" and state()["busy"] is None, state()
    # While other names are checked (through a resolver that answers after 30 s), nothing of
    # the previous names shows.
    configure(browser, "#order-widget", lab, names="www.unsigned.lab", timeout="3000")
    browser.js("document.querySelector('#order-widget').setAttribute('resolver', arguments[0])", lab["faults"]["slow"])
    busy = wait_for(lambda: (s := state())["busy"] == "true" and "www.unsigned.lab" in s["headline"] and s, 5,
                    "the widget to be busy")
    assert busy["status"] is None and busy["report"] is None, busy
    assert busy["line"] == "" and busy["reportChildren"] == 0 and busy["reportHidden"] and busy["toggleHidden"], busy
    done = wait_for(lambda: (s := state())["busy"] is None and s, 30, "the slow check to time out")
    assert done["status"] == "INDETERMINATE" and "www.unsigned.lab" in done["headline"], done


CA_LINE = "www.alg13.lab;BOGUS;DNSSEC_BOGUS,www.stripnsec.lab;BOGUS;NSEC_MISSING,www.caa.lab;SECURE"

THEN_NOW_JS = """
const w = document.querySelector(arguments[0]);
return [...w.shadowRoot.querySelectorAll('.report article.order-name')].map((a) => ({
  name: a.dataset.name, status: a.dataset.status,
  reason: a.querySelector('.reason')?.textContent ?? '',
  thenNow: [...a.querySelectorAll(':scope > .then-now')].map((p) => p.textContent),
  sawInReport: w.report.names.find((n) => n.name === a.dataset.name).ca_saw,
}));
"""


def test_ca_message_as_names(browser, www, lab):
    """The CA's caa_dnssec_error message as the `names` attribute (order mode): the widget
    rechecks its names and its report says then -> now for each."""
    browser.open(f"{www}/embed.html")
    wait_for(lambda: browser.js("return customElements.get('dnssec-health-check') !== undefined"), 20,
             "the element to be defined")
    configure(browser, "#order-widget", lab, names=f"caa_dnssec_error: {CA_LINE}", ca=None)
    state = wait_line(browser, "#order-widget",
                      "www.alg13.lab;SECURE,www.stripnsec.lab;BOGUS;NSEC_MISSING,www.caa.lab;SECURE")
    assert state["status"] == "BOGUS" and state["articles"] == 3 and not state["reportHidden"], state
    rows = browser.js(THEN_NOW_JS, "#order-widget")
    assert [(r["name"], r["status"]) for r in rows] == [
        ("www.alg13.lab", "SECURE"), ("www.stripnsec.lab", "BOGUS"), ("www.caa.lab", "SECURE")], rows
    assert [r["sawInReport"] for r in rows] == [
        {"name": "www.alg13.lab", "status": "BOGUS", "error": "DNSSEC_BOGUS"},
        {"name": "www.stripnsec.lab", "status": "BOGUS", "error": "NSEC_MISSING"},
        {"name": "www.caa.lab", "status": "SECURE", "error": None}], rows
    fixed, still, fine = rows
    assert fixed["thenNow"] == [
        "The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible. Ask the CA to retry validation "
        "(a CA resolver may keep the old answers until their TTLs run out)."], fixed
    assert still["reason"].startswith("CAA lookup at www.stripnsec.lab: "), still
    assert still["thenNow"] == ["The CA saw BOGUS NSEC_MISSING; still BOGUS NSEC_MISSING: " + still["reason"]], still
    assert fine["thenNow"] == ["The CA saw SECURE; still SECURE: nothing to fix here."], fine
    # Plain names: no then -> now.
    configure(browser, "#order-widget", lab, names="www.caa.lab")
    wait_line(browser, "#order-widget", "www.caa.lab;SECURE")
    rows = browser.js(THEN_NOW_JS, "#order-widget")
    assert [(r["name"], r["thenNow"], r["sawInReport"]) for r in rows] == [("www.caa.lab", [], None)], rows
    probe = browser.probe()
    assert probe["csp"] == [] and probe["errors"] == [], probe


HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>host</title>
{styles}
<script type="module" src="{widget}"></script>
</head><body>
<div><span>Host page text</span> <button>Host button</button></div>
<dnssec-health-check id="w" names="www.caa.lab" ca="digicert.com" resolver="{doh}" trust-anchor="{anchor}"></dnssec-health-check>
</body></html>
"""

HOSTILE_CSS = """
div, span, button, p, code, section, article, h3, h4, ol, li, summary, details {
  color: red !important; background: yellow !important; font-size: 31px !important;
  font-family: serif !important; display: inline !important; border: 7px dotted red !important;
  padding: 9px !important; margin: 11px !important; text-transform: uppercase !important;
  line-height: 3 !important;
}
* { letter-spacing: 2px !important; word-spacing: 5px !important; }
body { font: italic 25px/2.5 serif; color: purple; text-transform: uppercase; text-align: right; }
"""


def host_page(directory, name, www, lab, hostile=False, scripts=()):
    styles = '<link rel="stylesheet" href="hostile.css">' if hostile else ""
    styles += "".join(f'<script src="{s}"></script>' for s in scripts)
    html = HOST_PAGE.format(styles=styles, widget=f"{www}/widget.js", doh=lab["doh"],
                            anchor=lab["anchor"].replace('"', "&quot;").strip())
    with open(os.path.join(directory, name), "w") as f:
        f.write(html)


def test_hostile_host_page_under_strict_csp(browser, www, lab):
    doh_origin = "/".join(lab["doh"].split("/")[:3])
    csp = (f"default-src 'none'; script-src {www} 'wasm-unsafe-eval'; style-src 'self' {www}; "
           f"connect-src {www} {doh_origin}; worker-src {www} blob:; base-uri 'none'")
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "hostile.css"), "w") as f:
            f.write(HOSTILE_CSS)
        host_page(directory, "clean.html", www, lab)
        host_page(directory, "hostile.html", www, lab, hostile=True)
        with static_server(directory, {"Content-Security-Policy": csp}) as host:
            assert host != www
            browser.open(f"{host}/clean.html")
            wait_line(browser, "#w", "www.caa.lab;SECURE")
            clean = browser.js(SNAPSHOT_JS, "#w", STYLE_PROPS)
            # No global name leaked: the window has the properties it had before any script
            # (but `ret_nodes`, which chromedriver's own script execution leaves behind).
            leaked = browser.js("const before = new Set([...window.__probe.globals, 'ret_nodes']);"
                                "return Object.getOwnPropertyNames(window).filter((n) => !before.has(n))")
            assert leaked == [], f"globals added by the widget: {leaked}"
            browser.open(f"{host}/hostile.html")
            state = wait_line(browser, "#w", "www.caa.lab;SECURE")
            assert "CAA does not allow digicert.com for www.caa.lab" in state["headline"], state
            hostile = browser.js(SNAPSHOT_JS, "#w", STYLE_PROPS)
            # The host page's own elements did change, the widget's did not.
            assert browser.js("return getComputedStyle(document.querySelector('span')).fontSize") == "31px"
            for part, styles in clean.items():
                assert styles is not None, f"{part} not rendered"
                assert hostile[part] == styles, f"{part}: {styles} became {hostile[part]}"
            assert engine(browser, "#w") == "worker"
            probe = browser.probe()
            assert probe["csp"] == [] and probe["errors"] == [], probe
            # The page itself fetched nothing but its own stylesheet and the widget's files (the
            # DoH queries go from the Worker, and the CSP allows no other origin).
            origins = set(browser.js(
                "return performance.getEntriesByType('resource').map((e) => new URL(e.name).origin)"))
            assert origins <= {www, host}, origins
            browser.screenshot(os.path.join(ARTIFACTS, "widget-hostile-host.png"))


# Records the Workers the widget makes (and whether it terminates them) and the blob: URLs.
RECORD_WORKERS_JS = """
window.__workers = [];
window.__blobs = { created: [], revoked: [] };
window.Worker = class extends window.Worker {
  constructor(url, options) { super(url, options); this.terminated = false; window.__workers.push(this); }
  terminate() { this.terminated = true; super.terminate(); }
};
const create = URL.createObjectURL, revoke = URL.revokeObjectURL;
URL.createObjectURL = (object) => { const url = create.call(URL, object); window.__blobs.created.push(url); return url; };
URL.revokeObjectURL = (url) => { window.__blobs.revoked.push(url); revoke.call(URL, url); };
"""


def pending_check(browser, resolver, names):
    """Starts checking `names` through a resolver that does not answer; waits until busy."""
    browser.js("const w = document.querySelector('#w'); w.setAttribute('timeout', '3000');"
               "w.setAttribute('resolver', arguments[0]); w.setAttribute('names', arguments[1]);",
               resolver, names)
    wait_for(lambda: browser.js("return document.querySelector('#w').getAttribute('aria-busy')") == "true", 5,
             "the widget to be busy")


def wait_error(browser):
    return wait_for(lambda: browser.js(
        "const w = document.querySelector('#w'); return !w.hasAttribute('aria-busy') && "
        "w.shadowRoot.querySelector('.headline').textContent.startsWith('Cannot check') && "
        "{ headline: w.shadowRoot.querySelector('.headline').textContent, report: w.report, "
        "status: w.getAttribute('data-status') }"), 10, "the check to fail")


def test_worker_crash(browser, www, lab):
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "record-workers.js"), "w") as f:
            f.write(RECORD_WORKERS_JS)
        host_page(directory, "crash.html", www, lab, scripts=["record-workers.js"])
        with static_server(directory) as host, silent_resolver() as silent:
            browser.open(f"{host}/crash.html")
            browser.js(LISTEN_JS)
            wait_line(browser, "#w", "www.caa.lab;SECURE")
            # Another origin: the blob: Worker, whose URL is revoked once it is loaded.
            blobs = browser.js("return window.__blobs")
            assert len(blobs["created"]) == 1 and blobs["revoked"] == blobs["created"], blobs
            assert browser.js("return window.__workers.length") == 1
            # The Worker dies mid-check (as on a wasm trap): the check fails with a message.
            pending_check(browser, silent, "www.alg13.lab")
            prevented = not browser.js(
                "return window.__workers[0].dispatchEvent(new ErrorEvent('error', "
                "{ message: 'Uncaught RuntimeError: unreachable', cancelable: true }))")
            failed = wait_error(browser)
            assert failed["headline"] == "Cannot check: the validator stopped unexpectedly; try again", failed
            assert failed["report"] is None and failed["status"] is None, failed
            assert prevented, "the Worker's error event was not handled"
            assert browser.js("return window.__workers[0].terminated") is True
            events = browser.js("return window.__events")
            assert any(e["type"] == "dnssec-health:error" and "stopped unexpectedly" in e["message"] for e in events), events
            # The next check starts a new Worker and works.
            configure(browser, "#w", lab, names="www.caa.lab", timeout=None)
            wait_line(browser, "#w", "www.caa.lab;SECURE")
            assert browser.js("return window.__workers.length") == 2
            # A message that cannot be read fails the check the same way.
            pending_check(browser, silent, "www.alg13.lab")
            browser.js("window.__workers[1].dispatchEvent(new MessageEvent('messageerror', { cancelable: true }))")
            failed = wait_error(browser)
            assert "the validator stopped unexpectedly" in failed["headline"], failed
            assert browser.js("return window.__workers[1].terminated") is True
            probe = browser.probe()
            assert probe["csp"] == [] and probe["errors"] == [], probe


def test_failed_start_is_retried(browser, www, lab):
    with tempfile.TemporaryDirectory() as directory:
        # Without Workers (DevTools' URL blocking does not reach a Worker's requests).
        with open(os.path.join(directory, "no-worker.js"), "w") as f:
            f.write("delete window.Worker; window.Worker = undefined;\n")
        host_page(directory, "retry.html", www, lab, scripts=["no-worker.js"])
        with static_server(directory) as host:
            # The wasm cannot load: the check fails...
            browser.cdp("Network.enable")
            browser.cdp("Network.setBlockedURLs", urls=["*dnssec_health_bg.wasm"])
            try:
                browser.open(f"{host}/retry.html")
                failed = wait_error(browser)
                assert failed["report"] is None and failed["status"] is None, failed
            finally:
                browser.cdp("Network.setBlockedURLs", urls=[])
                browser.cdp("Network.disable")
            # ... and the next check loads it again instead of failing for good.
            browser.js("document.querySelector('#w').setAttribute('names', 'www.caa.lab *.caa.lab')")
            wait_line(browser, "#w", "www.caa.lab;SECURE,*.caa.lab;SECURE")


def test_main_thread_fallback_and_responsiveness(browser, www, lab):
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "no-worker.js"), "w") as f:
            f.write("delete window.Worker; window.Worker = undefined;\n")
        host_page(directory, "no-worker.html", www, lab, scripts=["no-worker.js"])
        host_page(directory, "ticks.html", www, lab)
        with static_server(directory) as host, silent_resolver() as silent:
            browser.open(f"{host}/no-worker.html")
            wait_line(browser, "#w", "www.caa.lab;SECURE")
            assert engine(browser, "#w") == "main-thread"
            # A wasm trap on the main thread (an uncaught WebAssembly.RuntimeError) fails the
            # pending check instead of leaving it busy forever.
            pending_check(browser, silent, "www.alg13.lab")
            browser.js("window.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught RuntimeError: unreachable',"
                       " error: new WebAssembly.RuntimeError('unreachable') }))")
            failed = wait_error(browser)
            assert failed["headline"] == ("Cannot check: the validator stopped unexpectedly; "
                                          "reload the page to check again"), failed
            assert failed["report"] is None and failed["status"] is None, failed

            browser.open(f"{host}/ticks.html")
            wait_line(browser, "#w", "www.caa.lab;SECURE")
            # A timer on the host page keeps firing while a bigger order is checked.
            result = browser._s("POST", "/execute/async", {"script": """
const done = arguments[arguments.length - 1];
const w = document.querySelector('#w');
let ticks = 0, last = performance.now(), maxGap = 0;
const timer = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; ticks++; }, 10);
w.setAttribute('names', 'www.caa.lab *.caa.lab sub.caa.lab www.sub.caa.lab alias.caa.lab crit.caa.lab www.alg13.lab www.child.badnsec.lab');
w.addEventListener('dnssec-health:result', () => { clearInterval(timer); done({ ticks, maxGap, line: w.report.line }); }, { once: true });
""", "args": []})
            assert result["line"].count(",") == 7, result
            assert result["ticks"] >= 3, result
            assert result["maxGap"] < 1000, result


# The widget's verdict and warnings.
WARNINGS_STATE_JS = """
const w = document.querySelector(arguments[0]); const r = w.shadowRoot;
return { busy: w.getAttribute('aria-busy'), status: w.getAttribute('data-status'),
  line: w.report && w.report.line, headline: r.querySelector('.headline').textContent,
  reportHidden: r.querySelector('.report').hidden,
  warnings: [...r.querySelectorAll('.report article.result > section.warnings li.warning-item')].map((li) => ({
    severity: li.dataset.severity, code: li.dataset.code,
    label: li.querySelector('.severity-label').textContent,
    fix: li.querySelector('.warning-fix').textContent })),
  groups: [...r.querySelectorAll('.report article.result > section.warnings .warning-group')].map((g) => g.dataset.severity),
  reportWarnings: w.report ? w.report.results.flatMap((x) => x.warnings).length : null };
"""


def wait_widget(browser, css, predicate, what, timeout=40):
    return wait_for(lambda: (s := browser.js(WARNINGS_STATE_JS, css)) and s["busy"] is None and predicate(s) and s,
                    timeout, what)


def test_warnings(browser, www, lab):
    browser.open(f"{www}/embed.html")
    wait_for(lambda: browser.js("return customElements.get('dnssec-health-check') !== undefined"), 20,
             "the element to be defined")
    browser.js(LISTEN_JS)
    css = "#compact-widget"
    configure(browser, css, lab, mode="check", names="www.expire12h.lab")
    state = wait_widget(browser, css, lambda s: s["line"] == "www.expire12h.lab;SECURE", "www.expire12h.lab")
    # The verdict stands (data-status, line); the headline counts the warnings.
    assert state["status"] == "SECURE", state
    assert state["headline"] == ("Signed, and the chain of trust validates. "
                                 "2 warnings (most severe: critical)."), state["headline"]
    assert state["groups"] == ["critical"] and len(state["warnings"]) == 2 == state["reportWarnings"], state
    for item in state["warnings"]:
        assert item["code"] == "SIGNATURE_EXPIRES_SOON" and item["label"].endswith("Critical"), item
        assert item["fix"].startswith("How to fix: "), item
    # Compact: the report, warnings included, opens with the toggle.
    assert state["reportHidden"], state
    browser.js("document.querySelector(arguments[0]).shadowRoot.querySelector('.toggle').click()", css)
    browser.js("document.querySelector(arguments[0]).scrollIntoView()", css)
    browser.screenshot(os.path.join(ARTIFACTS, "widget-warnings.png"), css)
    # warn-days: expire3d.lab's signatures expire in 3 days: warned with 7, not with 2.
    configure(browser, css, lab, names="www.expire3d.lab")
    state = wait_widget(browser, css, lambda s: s["line"] == "www.expire3d.lab;SECURE", "www.expire3d.lab")
    assert state["headline"].endswith(" 2 warnings (most severe: warning)."), state["headline"]
    browser.js("window.__events = []")
    configure(browser, css, lab, **{"warn-days": "2"})
    state = wait_widget(browser, css, lambda s: s["reportWarnings"] == 0, "no warnings with a 2-day window")
    assert state["status"] == "SECURE" and state["warnings"] == [], state
    assert state["headline"] == "Signed, and the chain of trust validates.", state["headline"]
    starts = [e for e in browser.js("return window.__events") if e["type"] == "dnssec-health:start"]
    assert len(starts) == 1, starts
    # at: three days and an hour later expire3d.lab's signatures are gone (RFC 3339 and unix seconds alike).
    later = int(time.time()) + 3 * 86400 + 3600
    later_text = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(later))
    for at in (later_text, str(later)):
        browser.js("document.querySelector(arguments[0]).removeAttribute('at')", css)
        wait_widget(browser, css, lambda s: s["status"] == "SECURE", "back to now")
        configure(browser, css, lab, at=at)
        state = wait_widget(browser, css, lambda s: s["status"] == "BOGUS", f"BOGUS as of {at}")
        assert state["line"].startswith("www.expire3d.lab;BOGUS"), state
        assert state["headline"].endswith(f" Checked as of {later_text}."), state["headline"]
        assert browser.js("return document.querySelector(arguments[0]).report.now", css) == later
    # An attribute that cannot be read: an error, no report.
    browser.js("window.__events = []")
    configure(browser, css, lab, at="next week")
    failed = wait_for(lambda: any(e["type"] == "dnssec-health:error" for e in browser.js("return window.__events"))
                      and browser.js(WARNINGS_STATE_JS, css), 20, "an error for at")
    assert failed["headline"].startswith('Cannot check: at "next week" is neither unix seconds nor RFC 3339'), failed
    assert failed["status"] is None and failed["line"] is None, failed
    configure(browser, css, lab, at=None, **{"warn-days": "soon"})
    failed = wait_for(lambda: (s := browser.js(WARNINGS_STATE_JS, css))["headline"].startswith("Cannot check: warn-days")
                      and s, 20, "an error for warn-days")
    assert failed["headline"] == 'Cannot check: warn-days "soon" is not a whole number of days', failed
    configure(browser, css, lab, **{"warn-days": None})
    wait_widget(browser, css, lambda s: s["line"] == "www.expire3d.lab;SECURE", "the check once the attributes are good")
    probe = browser.probe()
    assert probe["csp"] == [] and probe["errors"] == [], probe


def main():
    lab = start_lab()
    suite = Suite()
    # The widget's files are served from one origin (with CORS, as a CDN would), host pages
    # from others.
    with static_server(os.path.join(ROOT, "www"), {"Access-Control-Allow-Origin": "*"}) as www, Browser() as browser:
        suite.run("demo page: two themed widgets, events, compact mode", test_demo_page, browser, www, lab)
        suite.run("a changed names attribute re-runs the check; check(); errors", test_names_attribute_reruns,
                  browser, www, lab)
        suite.run("no stale results while checking or after an error; moving does not re-run",
                  test_no_stale_results_and_no_rerun_on_move, browser, www, lab)
        suite.run("a CA message as names: then -> now in the report", test_ca_message_as_names, browser, www, lab)
        suite.run("cross-origin host page, strict CSP, hostile stylesheet, no leaked globals",
                  test_hostile_host_page_under_strict_csp, browser, www, lab)
        suite.run("a crashed Worker fails the check; the next check starts a new one", test_worker_crash,
                  browser, www, lab)
        suite.run("a validator that fails to start is started again by the next check", test_failed_start_is_retried,
                  browser, www, lab)
        suite.run("main-thread fallback, a trap there; the host page stays responsive",
                  test_main_thread_fallback_and_responsiveness, browser, www, lab)
        suite.run("warnings: report, headline count, data-status stays; warn-days and at attributes",
                  test_warnings, browser, www, lab)
    print(f"screenshots in {ARTIFACTS}")
    return suite.finish("widget tests")


if __name__ == "__main__":
    sys.exit(main())
