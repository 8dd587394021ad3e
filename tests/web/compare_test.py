#!/usr/bin/env python3
"""Compare mode in the browser, against the DNSSEC test lab's DS rollovers seen through two
resolvers (tests/lab/README.md, "The stale world"):

    ./build.sh && cargo build --bin dnssec-health && python3 tests/web/compare_test.py

- the page: "Compare resolvers" under Advanced with two custom resolver URLs (the lab's current
  and stale resolvers) checks www.roll-broken.lab through each on its own and shows the
  comparison (summary, a table with headers and caption, the differences: the same sentences as
  the CLI's `--compare --json`); the address gets `&compare=1` and both resolvers, and opening it
  runs the comparison again; which resolvers are compared for "Default", one default and one
  custom URL; without the option, no comparison; no CSP violation;
- the widget: the `compare` attribute passes `compare: true`, the report starts with the
  comparison (rendered by render.js) and the headline says the resolvers disagree, in check and
  order mode, on a cross-origin host page under a strict CSP; removing the attribute checks again
  without it.
Screenshots land in target/web-artifacts/.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ARTIFACTS, ROOT, Browser, Suite, start_lab, static_server, wait_for  # noqa: E402

NAME = "www.roll-broken.lab"
DEFAULTS = ["https://cloudflare-dns.com/dns-query", "https://dns.google/dns-query"]
RFC3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"

# The rendered comparison (in the page, or in a widget's shadow root: arguments[0] is the root's
# host selector or null).
COMPARISON_JS = """
const scope = arguments[0] ? document.querySelector(arguments[0]).shadowRoot : document;
// The text a screen reader gets: without the decorative (aria-hidden) icons.
const text = (node) => { const copy = node.cloneNode(true);
  copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove()); return copy.textContent; };
const section = scope.querySelector('section.comparison');
if (!section) return null;
const heading = scope.getElementById(section.getAttribute('aria-labelledby'));
const table = section.querySelector('table');
const wrap = section.querySelector('.table-wrap');
return {
  agree: section.dataset.agree,
  heading: heading ? [heading.tagName, heading.textContent] : null,
  summary: section.querySelector('.comparison-summary').textContent,
  caption: table.caption ? table.caption.textContent : null,
  wrapLabel: wrap && scope.getElementById(wrap.getAttribute('aria-labelledby'))?.textContent,
  wrapFocusable: wrap && wrap.tabIndex === 0,
  columns: [...table.tHead.rows[0].cells].map((c) => [c.tagName, c.getAttribute('scope'), c.textContent]),
  rows: [...table.tBodies[0].rows].map((r) => ({
    row: r.dataset.row, zone: r.dataset.zone || null, differs: r.classList.contains('differs'),
    header: [r.cells[0].tagName, r.cells[0].getAttribute('scope'), r.cells[0].textContent],
    cells: [...r.cells].slice(1).map((c) => ({ resolver: c.dataset.resolver, text: text(c),
                                              differs: c.classList.contains('differs') })),
  })),
  differences: [...section.querySelectorAll('ul.differences > li')].map((li) => li.textContent),
  styled: section.querySelectorAll('[style]').length,
  first: section === section.parentNode.firstElementChild,
};
"""


def cli_compare(lab, args, resolvers):
    """The CLI's --compare --json document (target/debug/dnssec-health)."""
    binary = os.path.join(ROOT, "target", "debug", "dnssec-health")
    command = [binary, *args, "--compare", "--trust-anchor", lab["anchor_file"], "--json"]
    for resolver in resolvers:
        command += ["--resolver", resolver]
    out = subprocess.run(command, capture_output=True, text=True)
    assert out.returncode in (0, 1, 2), out.stderr
    return json.loads(out.stdout)


def normalised(differences):
    """The differences without what counts down between two runs (TTLs left, times)."""
    return [re.sub(RFC3339, "TIME", re.sub(r"\(TTL \d+ s left\)", "(TTL N s left)", d)) for d in differences]


def named(url):
    """How the comparison names a resolver that shares its host with another: host and path."""
    return url.split("://", 1)[1]


def assert_comparison_of_the_broken_rollover(shown, lab, first_is_current=True):
    """The rendered comparison of www.roll-broken.lab through the current and stale resolvers."""
    current, stale = lab["doh"], lab["resolvers"]["stale"]
    new, old = lab["rollovers"]["roll-broken.lab."]["ksk"], lab["rollovers"]["roll-broken.lab."]["ksk_old"]
    order = [current, stale] if first_is_current else [stale, current]
    assert shown is not None, "no comparison rendered"
    assert shown["agree"] == "false", shown
    assert shown["heading"] and shown["heading"][1] == "Resolvers compared", shown["heading"]
    assert shown["summary"].startswith("The 2 resolvers disagree in 2 points"), shown["summary"]
    assert shown["caption"] and shown["wrapLabel"] == shown["caption"] and shown["wrapFocusable"], shown
    assert shown["columns"] == [["TH", "col", "Resolver"]] + [["TH", "col", url] for url in order], shown["columns"]
    assert all(r["header"][:2] == ["TH", "row"] for r in shown["rows"]), shown["rows"]
    assert all([c["resolver"] for c in r["cells"]] == order for r in shown["rows"]), shown["rows"]
    rows = {(r["row"], r["zone"]): r for r in shown["rows"]}
    verdicts = {current: "Secure", stale: "Bogus DNSKEY_MISSING"}
    status = rows[("status", None)]
    assert status["differs"] and [c["text"] for c in status["cells"]] == [verdicts[u] for u in order], status
    assert status["header"][2] == "Verdict (differs)", status
    ds = rows[("ds", "roll-broken.lab")]
    assert ds["differs"] and ds["header"][2] == "roll-broken.lab DS (differs)", ds
    tags = {current: str(new), stale: str(old)}
    for cell in ds["cells"]:
        assert re.fullmatch(rf"{tags[cell['resolver']]} \(TTL \d+ s left\)", cell["text"]), ds
    assert [c["differs"] for c in ds["cells"]] == [False, True], ds
    dnskey = rows[("dnskey", "roll-broken.lab")]
    assert not dnskey["differs"] and dnskey["header"][2] == "roll-broken.lab DNSKEY", dnskey
    assert all(str(old) not in c["text"] and str(new) in c["text"] for c in dnskey["cells"]), dnskey
    for zone in (".", "lab"):
        assert not rows[("ds", zone)]["differs"] and not rows[("dnskey", zone)]["differs"], zone
    soa = rows[("soa", "roll-broken.lab")]
    assert not soa["differs"] and all(c["text"].startswith("2026032502 (TTL ") for c in soa["cells"]), soa
    # The differences: the CLI's sentences (but for the TTLs left and the times).
    assert normalised(shown["differences"]) == normalised(
        cli_compare(lab, ["check", NAME], order)["comparison"]["differences"]), shown["differences"]
    a, b = named(current), named(stale)
    assert any(d.startswith(f"roll-broken.lab: {b} serves DS {old} (TTL ")
               and re.search(rf"where {re.escape(a)} serves DS {new}; {re.escape(b)} sees BOGUS, and a CA resolver that "
                             rf"cached the same may see BOGUS until {RFC3339}\.$", d)
               for d in shown["differences"]), shown["differences"]
    assert shown["styled"] == 0 and shown["first"], shown


# WCAG 2.1 contrast ratio of each matching element's text against its (first opaque) background.
CONTRAST_JS = """
const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
const background = (node) => {
  for (; node; node = node.parentElement) {
    const [r, g, b, a = 1] = parse(getComputedStyle(node).backgroundColor);
    if (a > 0) return [r, g, b];
  }
  return [255, 255, 255];
};
const luminance = ([r, g, b]) => {
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
const ratio = (node) => {
  const [l1, l2] = [luminance(parse(getComputedStyle(node).color)), luminance(background(node))].sort((a, b) => b - a);
  return (l1 + 0.05) / (l2 + 0.05);
};
return [...document.querySelectorAll(arguments[0])].map((n) => [n.className || n.tagName, Math.round(ratio(n) * 100) / 100]);
"""

COMPARISON_TEXT = ("section.comparison :is(h3, h4, p, caption, th, td, li, .ttl, .error-code, code), "
                   "section.comparison .badge .label")


class Page:
    def __init__(self, browser, base, lab):
        self.browser = browser
        self.base = base
        self.lab = lab

    def open(self, query=""):
        self.browser.open(f"{self.base}/{('?' + query) if query else ''}")
        wait_for(lambda: self.browser.js("return document.getElementById('version').textContent"),
                 30, "the validator to load")

    def wait_done(self, count=1, timeout=40):
        wait_for(lambda: self.browser.js(
            "return !document.getElementById('results').hasAttribute('aria-busy') && "
            "!document.getElementById('run').disabled && "
            "document.querySelectorAll('#result-list article.result').length"
        ) == count, timeout, f"{count} results")

    def query(self):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.browser.js("return location.href")).query)

    def assert_clean(self):
        probe = self.browser.probe()
        assert probe["csp"] == [], f"CSP violations: {probe['csp']}"
        assert probe["dialogs"] == [] and probe["errors"] == [], probe


def test_page_compares_two_custom_resolvers(page):
    browser, lab = page.browser, page.lab
    current, stale = lab["doh"], lab["resolvers"]["stale"]
    page.open(urllib.parse.urlencode([("resolver", current), ("resolver", stale)]))
    # Both URLs in the custom field (space separated), the option unchecked.
    assert browser.js("return document.getElementById('resolver').value") == "custom"
    assert browser.js("return document.getElementById('custom-resolver').value") == f"{current} {stale}"
    assert browser.js("return document.getElementById('compare').checked") is False
    browser.click("#advanced > summary")
    browser.type("#trust-anchor", lab["anchor"])
    # The checkbox has its label, and a description.
    label = browser.js("const c = document.getElementById('compare');"
                       "return [c.closest('label').textContent.trim(), "
                       "document.getElementById(c.getAttribute('aria-describedby')).textContent]")
    assert label[0] == "Compare resolvers" and "each resolver on its own" in label[1], label
    browser.click("#compare")
    browser.type("#names", NAME)
    browser.press_enter("#names")
    page.wait_done()
    shown = browser.js(COMPARISON_JS, None)
    assert_comparison_of_the_broken_rollover(shown, lab)
    # The result below is the first resolver's.
    assert browser.js("return document.querySelector('#result-list article.result').dataset.status") == "SECURE"
    # Headings: the comparison's h3 sits under the results' h2, its "Differences" one deeper.
    assert shown["heading"][0] == "H3", shown["heading"]
    assert browser.js("return document.querySelector('section.comparison h4').textContent") == "Differences (2)"
    status = browser.js("return document.getElementById('status-text').textContent")
    assert status == f"Done. {NAME}: Secure. Resolvers compared: 2 difference(s).", status
    query = page.query()
    assert query == {"name": [NAME], "resolver": [current, stale], "compare": ["1"]}, query
    browser.js("document.querySelector('section.comparison').scrollIntoView()")
    browser.screenshot(os.path.join(ARTIFACTS, "compare-page.png"), "section.comparison")
    # AA contrast (4.5:1) in the light and the dark scheme, marked differences included.
    for scheme in ("light", "dark"):
        browser.cdp("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": scheme}])
        ratios = browser.js(CONTRAST_JS, COMPARISON_TEXT)
        assert len(ratios) > 20, ratios
        low = [(what, r) for what, r in ratios if r < 4.5]
        assert low == [], f"{scheme}: contrast below 4.5:1: {low[:8]}"
    browser.cdp("Emulation.setEmulatedMedia", features=[])
    # On a phone the table scrolls in its own box; the page does not get wider than the screen.
    browser.cdp("Emulation.setDeviceMetricsOverride", width=375, height=800, deviceScaleFactor=1, mobile=True)
    try:
        widths = browser.js("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px viewport"
    finally:
        browser.cdp("Emulation.clearDeviceMetricsOverride")
    page.assert_clean()

    # The link runs the comparison on load, the option checked and shown. No anchor comes from
    # the address: the IANA root cannot validate the lab, but both resolvers are still compared.
    link = browser.js("return location.href")
    browser.open(link)
    page.wait_done()
    assert browser.js("return document.getElementById('compare').checked") is True
    assert browser.js("return document.getElementById('advanced').open") is True
    assert browser.js("return document.getElementById('custom-resolver').value") == f"{current} {stale}"
    shown = wait_for(lambda: browser.js(COMPARISON_JS, None), 10, "the comparison")
    assert [c[2] for c in shown["columns"]] == ["Resolver", current, stale], shown["columns"]
    assert browser.js("return document.querySelector('#result-list article.result').dataset.status") != "SECURE"
    # With the anchor, the link's check gives the comparison of the first run.
    browser.type("#trust-anchor", lab["anchor"])
    browser.press_enter("#names")
    wait_for(lambda: browser.js("return document.querySelector('#result-list article.result')?.dataset.status")
             == "SECURE", 40, "the check with the anchor")
    page.wait_done()
    assert_comparison_of_the_broken_rollover(browser.js(COMPARISON_JS, None), lab)
    page.assert_clean()


def test_page_resolvers_compared(page):
    """Which resolvers the page compares: the defaults; one chosen resolver, then the other
    defaults; two or more custom URLs exactly. (The public resolvers are unreachable from the
    test browser: their views are INDETERMINATE, which is enough to see who was asked.)"""
    browser, lab = page.browser, page.lab
    current = lab["doh"]
    cases = [
        ("", None, DEFAULTS),
        (DEFAULTS[1], None, [DEFAULTS[1], DEFAULTS[0]]),
        ("custom", current, [current, *DEFAULTS]),
        ("custom", f" {current}  {lab['resolvers']['current']} ", [current, lab["resolvers"]["current"]]),
    ]
    for select, custom, compared in cases:
        page.open()
        browser.js("const s = document.getElementById('resolver'); s.value = arguments[0];"
                   "s.dispatchEvent(new Event('change'))", select)
        if custom is not None:
            browser.type("#custom-resolver", custom)
        browser.click("#advanced > summary")
        browser.click("#compare")
        browser.type("#names", "www.roll.lab")
        browser.press_enter("#names")
        page.wait_done()
        shown = wait_for(lambda: browser.js(COMPARISON_JS, None), 10, "the comparison")
        assert [c[2] for c in shown["columns"][1:]] == compared, (select, custom, shown["columns"])
        meta = browser.js("return document.getElementById('meta').textContent")
        assert f"resolvers: {', '.join(compared)};" in meta, meta
        # The address keeps what was chosen, not the resolvers added for the comparison.
        query = page.query()
        chosen = [] if select == "" else [select] if select != "custom" else custom.split()
        assert query.get("resolver", []) == chosen and query["compare"] == ["1"], (select, query)
    # Unchecked: no comparison, no compare parameter, and the chosen resolver alone.
    browser.click("#compare")
    browser.press_enter("#names")
    page.wait_done()
    assert browser.js(COMPARISON_JS, None) is None
    query = page.query()
    assert "compare" not in query, query
    meta = browser.js("return document.getElementById('meta').textContent")
    assert f"resolvers: {current}, {lab['resolvers']['current']};" in meta, meta
    page.assert_clean()


HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>host</title>
<script type="module" src="{widget}"></script>
</head><body>
<dnssec-health-check id="w" mode="check" names="{name}" compare resolver="{resolvers}"
  trust-anchor="{anchor}"></dnssec-health-check>
</body></html>
"""

WIDGET_JS = """
const w = document.querySelector('#w');
return { busy: w.getAttribute('aria-busy'), status: w.dataset.status || null, report: w.report,
  headline: w.shadowRoot.querySelector('.headline').textContent,
  articles: w.shadowRoot.querySelectorAll('.report article.result').length };
"""

LISTEN_JS = """
window.__starts = [];
document.addEventListener('dnssec-health:start', (e) => window.__starts.push(e.detail.options));
"""


def widget_done(browser, predicate, what):
    return wait_for(lambda: (s := browser.js(WIDGET_JS)) and s["busy"] is None and s["report"]
                    and predicate(s) and s, 40, what)


def test_widget_compare_attribute(browser, www, lab):
    current, stale = lab["doh"], lab["resolvers"]["stale"]
    doh_origin = "/".join(current.split("/")[:3])
    csp = (f"default-src 'none'; script-src {www} 'wasm-unsafe-eval'; style-src {www}; "
           f"connect-src {www} {doh_origin}; worker-src {www} blob:; base-uri 'none'")
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "compare.html"), "w") as f:
            f.write(HOST_PAGE.format(widget=f"{www}/widget.js", name=NAME, resolvers=f"{current} {stale}",
                                     anchor=lab["anchor"].replace('"', "&quot;").strip()))
        with static_server(directory, {"Content-Security-Policy": csp}) as host:
            browser.open(f"{host}/compare.html")
            browser.js(LISTEN_JS)
            state = widget_done(browser, lambda s: "comparison" in s["report"], "the comparison")
            report = state["report"]
            assert report["line"] == f"{NAME};SECURE" and state["status"] == "SECURE", state
            assert report["comparison"]["agree"] is False, report["comparison"]
            assert state["headline"] == "Signed, and the chain of trust validates. The resolvers disagree: see the comparison.", \
                state["headline"]
            shown = browser.js(COMPARISON_JS, "#w")
            assert_comparison_of_the_broken_rollover(shown, lab)
            assert shown["differences"] == report["comparison"]["differences"], shown["differences"]
            assert state["articles"] == 1, state
            browser.screenshot(os.path.join(ARTIFACTS, "compare-widget.png"))
            probe = browser.probe()
            assert probe["csp"] == [] and probe["errors"] == [], probe

            # Without the attribute: checked again, without a comparison (and with fallback
            # only: the first resolver answers).
            browser.js("window.__starts = []; document.querySelector('#w').removeAttribute('compare')")
            state = widget_done(browser, lambda s: "comparison" not in s["report"], "the report without comparison")
            assert browser.js(COMPARISON_JS, "#w") is None
            assert "disagree" not in state["headline"], state["headline"]
            starts = browser.js("return window.__starts")
            assert len(starts) == 1 and "compare" not in starts[0], starts

            # Order mode, the stale resolver first: the document is its own, the comparison first.
            browser.js("window.__starts = []; const w = document.querySelector('#w');"
                       "w.setAttribute('resolver', arguments[0]); w.removeAttribute('mode'); w.setAttribute('compare', '');",
                       f"{stale} {current}")
            state = widget_done(browser, lambda s: "comparison" in s["report"] and "names" in s["report"], "the order")
            assert state["report"]["line"] == f"{NAME};BOGUS;DNSKEY_MISSING", state["report"]["line"]
            assert browser.js("return window.__starts")[0]["compare"] is True
            shown = browser.js(COMPARISON_JS, "#w")
            assert shown["agree"] == "false" and shown["first"], shown
            assert [c[2] for c in shown["columns"]] == ["Resolver", stale, current], shown["columns"]
            # An order's lookups whose verdicts differ have their own rows.
            lookups = [r for r in shown["rows"] if r["row"] == "lookup"]
            assert any(r["header"][2].startswith(f"{NAME} CAA") for r in lookups), lookups
            assert all([c["text"] for c in r["cells"]] == ["Bogus DNSKEY_MISSING", "Secure"] for r in lookups), lookups
            assert browser.js("return document.querySelector('#w').shadowRoot"
                              ".querySelectorAll('.report article.order-name').length") == 1
            probe = browser.probe()
            assert probe["csp"] == [] and probe["errors"] == [], probe


def main():
    lab = start_lab()
    suite = Suite()
    with static_server(os.path.join(ROOT, "www")) as base, Browser() as browser:
        page = Page(browser, base, lab)
        suite.run("page: two custom resolvers compared, the table and the differences; ?compare=1 link",
                  test_page_compares_two_custom_resolvers, page)
        suite.run("page: which resolvers are compared; unchecked, none", test_page_resolvers_compared, page)
    with static_server(os.path.join(ROOT, "www"), {"Access-Control-Allow-Origin": "*"}) as www, Browser() as browser:
        suite.run("widget: the compare attribute, check and order mode, strict CSP", test_widget_compare_attribute,
                  browser, www, lab)
    print(f"screenshots in {ARTIFACTS}")
    return suite.finish("compare tests")


if __name__ == "__main__":
    sys.exit(main())
