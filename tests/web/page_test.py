#!/usr/bin/env python3
"""End-to-end tests of the checker page (www/, built by ./build.sh) in headless Chromium,
against the DNSSEC test lab:

    ./build.sh && python3 tests/web/page_test.py

A person's path through the page: open it, paste the lab's trust anchor under Advanced, type
names, press Enter, read the verdicts, reasons, fixes and the chain picture. Also: an
INDETERMINATE resolver, a TXT record that looks like HTML/JS (shown as text, runs nothing), a
shareable ?name= link with its custom-resolver warning, and the Content-Security-Policy (no
violation anywhere, even when the validator cannot load). Also: old results hidden while a new
check runs, a wasm trap failing the running check, the copy buttons' label, and the heading
order of an order's lookups. Warnings before failure: grouped by severity under the verdict,
collapsed with a count when many, "Check as of" (and ?at=) and the warning window (and
&warn-days=). Writes screenshots of a BOGUS result and of a result with warnings to
target/web-artifacts/.
"""
import json
import os
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (ARTIFACTS, ROOT, Browser, Suite, silent_resolver, start_lab, static_server,  # noqa: E402
                     wait_for)

# One name per verdict and per DigiCert error code the lab can produce through a healthy
# resolver, with the reason's key words (the core's own tests check the exact wording).
VERDICTS = [
    ("www.alg13.lab", "SECURE", "", ["validates"]),
    ("www.unsigned.lab", "INSECURE", "", ["no DS record for unsigned.lab"]),
    ("www.badsig.lab", "BOGUS", "DNSSEC_BOGUS", ["RRSIG over www.badsig.lab/A", "does not verify"]),
    ("www.ds-nokey.lab", "BOGUS", "DNSKEY_MISSING", ["points to a key that ds-nokey.lab does not serve"]),
    ("www.nosig.lab", "BOGUS", "RSIGS_MISSING", ["No RRSIG covers www.nosig.lab/A"]),
    ("stripnsec.lab", "BOGUS", "NSEC_MISSING", ["no NSEC or NSEC3 records"]),
    # The CA says DNSSEC_BOGUS for an NXDOMAIN without NSEC; the page says so, and what precisely.
    ("nope.stripnsec.lab", "BOGUS", "DNSSEC_BOGUS", ["no NSEC or NSEC3 records"]),
]

RESULTS_JS = """
return [...document.querySelectorAll('#result-list article.result')].map((a) => ({
  name: a.dataset.name, status: a.dataset.status, error: a.getAttribute('data-error'),
  type: a.dataset.type,
  badge: a.querySelector('.badge .label')?.textContent ?? '',
  reason: a.querySelector('.reason')?.textContent ?? '',
  caNote: a.querySelector('.ca-note')?.textContent ?? '',
  fix: a.querySelector('.fix')?.textContent ?? '',
  line: a.querySelector('.line')?.textContent ?? '',
  zones: [...a.querySelectorAll(':scope > ol.chain > li.zone')].map((z) => z.dataset.zone),
  broken: a.querySelectorAll('li.zone.broken, section.link.broken').length,
  records: [...a.querySelectorAll('ul.records code')].map((c) => c.textContent),
}));
"""


class Page:
    def __init__(self, browser, base, lab):
        self.browser = browser
        self.base = base
        self.lab = lab

    def open(self, query=""):
        self.browser.open(f"{self.base}/{('?' + query) if query else ''}")
        wait_for(lambda: self.browser.js("return document.getElementById('version').textContent"),
                 30, "the validator to load")

    def wait_results(self, count, timeout=40):
        wait_for(lambda: self.browser.js(
            "return !document.getElementById('results').hasAttribute('aria-busy') && "
            "!document.getElementById('run').disabled && "
            "document.querySelectorAll('#result-list article.result').length"
        ) == count, timeout, f"{count} results")
        return self.browser.js(RESULTS_JS)

    def check(self, names, resolver=None, types="", anchor=True, warn_days=None, at=None, query=None):
        """Types the inputs as a person would and presses Enter in the names field. `at`: unix
        seconds, set in "Check as of" (a date and time, UTC); `query`: more link parameters."""
        resolver = resolver or self.lab["doh"]
        self.open(urllib.parse.urlencode({"resolver": resolver, **(query or {})}))
        self.browser.js("document.getElementById('result-list').replaceChildren()")
        if (anchor or types or warn_days is not None) and not self.browser.js(
                "return document.getElementById('advanced').open"):
            self.browser.click("#advanced > summary")
        if anchor:
            self.browser.type("#trust-anchor", self.lab["anchor"])
        if types:
            self.browser.type("#types", types)
        if warn_days is not None:
            self.browser.type("#warn-days", str(warn_days))
        if at is not None:
            # A datetime-local field takes no typed text over WebDriver: set it as a picker would.
            self.browser.click('input[name="at"][value="date"]')
            self.browser.js("const f = document.getElementById('at-date');"
                            "f.value = new Date(arguments[0] * 1000).toISOString().slice(0, 19);"
                            "f.dispatchEvent(new Event('input', { bubbles: true }))", at)
        self.browser.type("#names", " ".join(names))
        self.browser.press_enter("#names")
        return self.wait_results(len(names))

    def assert_clean(self):
        probe = self.browser.probe()
        assert probe["csp"] == [], f"CSP violations: {probe['csp']}"
        assert probe["dialogs"] == [], f"dialogs opened: {probe['dialogs']}"
        assert probe["errors"] == [], f"uncaught errors: {probe['errors']}"


def test_verdicts_and_error_codes(page):
    rows = page.check([name for name, *_ in VERDICTS])
    by_name = {row["name"].rstrip("."): row for row in rows}
    for name, status, error, words in VERDICTS:
        row = by_name[name]
        assert (row["status"], row["error"]) == (status, error), f"{name}: {row['status']} {row['error']!r}"
        assert row["badge"].upper() == status, f"{name}: badge says {row['badge']!r}"  # not by colour alone
        for word in words:
            assert word in row["reason"], f"{name}: {word!r} not in reason {row['reason']!r}"
        assert row["line"] == f"{name};{status}" + (f";{error}" if error else ""), row["line"]
        assert row["zones"][:2] == [".", "lab"], f"{name}: chain {row['zones']}"
        if status == "BOGUS":
            assert row["fix"].startswith("How to fix:") and len(row["fix"]) > 30, f"{name}: fix {row['fix']!r}"
            assert row["broken"] > 0, f"{name}: the broken link is not pointed out"
        else:
            assert row["broken"] == 0, f"{name}: a link is marked broken"
    assert by_name["nope.stripnsec.lab"]["caNote"] == (
        "The CA reports this as DNSSEC_BOGUS; precisely: NSEC Missing (EDE 12)."), by_name["nope.stripnsec.lab"]
    assert by_name["www.badsig.lab"]["caNote"] == "", "no note where the CA's code is the precise one"
    assert page.browser.js(
        "return document.querySelector('article[data-name^=\"www.unsigned.lab\"] li.zone.ends')?.dataset.zone"
    ) == "unsigned.lab", "the end of the chain of trust is not shown"
    secure = by_name["www.alg13.lab"]
    assert secure["zones"] == [".", "lab", "alg13.lab"], secure["zones"]
    assert secure["records"] and secure["records"][0].startswith("www.alg13.lab. "), secure["records"]
    expected_line = ",".join(f"{n};{s}" + (f";{e}" if e else "") for n, s, e, _ in VERDICTS)
    assert page.browser.js("return document.getElementById('summary-line').textContent") == expected_line
    # The address became a shareable link (without the anchor).
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.browser.js("return location.href")).query)
    assert query["name"] == [n for n, *_ in VERDICTS] and query["resolver"] == [page.lab["doh"]], query
    warning = page.browser.js("return document.getElementById('config-warning').textContent")
    assert "Custom resolver" in warning and "Custom trust anchor" in warning, warning
    # Screenshots of a BOGUS result for a human to look at.
    page.browser.js("document.querySelector('article[data-name^=\"www.badsig.lab\"]').scrollIntoView()")
    page.browser.screenshot(os.path.join(ARTIFACTS, "bogus-result.png"),
                            'article[data-name^="www.badsig.lab"]')
    page.browser.screenshot(os.path.join(ARTIFACTS, "page.png"))
    page.assert_clean()


def test_indeterminate_resolvers(page):
    faults = page.lab["faults"]
    for fault, error in [("status500", "IO_EXCEPTION"), ("servfail", "OTHER")]:
        [row] = page.check(["www.alg13.lab"], resolver=faults[fault])
        assert (row["status"], row["error"]) == ("INDETERMINATE", error), (fault, row)
        assert row["badge"] == "Indeterminate" and row["reason"], row
    page.assert_clean()


def test_progress_while_waiting_for_a_slow_resolver(page):
    [row] = page.check(["www.alg13.lab"])
    assert row["status"] == "SECURE", row
    page.browser.type("#custom-resolver", page.lab["faults"]["slow"])
    page.browser.press_enter("#names")
    # The slow endpoint answers after 30 s; the check gives up at its 5 s timeout.
    wait_for(lambda: page.browser.js(
        "return !document.getElementById('progress').hidden && document.getElementById('run').disabled "
        "&& document.getElementById('status-text').textContent"), 5, "visible progress")
    # Meanwhile nothing of the previous check shows, and "Copy as JSON" copies nothing.
    assert page.browser.js("return document.getElementById('results').hidden") is True
    status = page.browser.js("document.getElementById('copy-json').click();"
                             "return document.getElementById('status-text').textContent")
    time.sleep(0.3)
    assert page.browser.js("return document.getElementById('status-text').textContent") == status, status
    assert status.startswith("Checking www.alg13.lab"), status
    [row] = page.wait_results(1, timeout=30)
    assert (row["status"], row["error"]) == ("INDETERMINATE", "IO_EXCEPTION"), row
    assert page.browser.js("return document.getElementById('progress').hidden") is True
    page.assert_clean()


def test_trap_fails_the_check(page):
    with silent_resolver() as silent:
        page.open(urllib.parse.urlencode({"resolver": silent}))
        page.browser.type("#names", "www.alg13.lab")
        page.browser.press_enter("#names")
        wait_for(lambda: page.browser.js("return document.getElementById('run').disabled"), 5, "the check to start")
        # A wasm trap reaches the window as an uncaught WebAssembly.RuntimeError.
        page.browser.js("window.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught RuntimeError: unreachable',"
                        " error: new WebAssembly.RuntimeError('unreachable') }))")
        text = wait_for(lambda: page.browser.js(
            "return !document.getElementById('run').disabled && document.getElementById('status-text').textContent"),
            5, "the check to fail")
        assert text == "Cannot check: the validator stopped unexpectedly; reload the page to check again.", text
        assert page.browser.js("return document.getElementById('status').classList.contains('error')") is True
        assert page.browser.js("return document.getElementById('progress').hidden") is True
        assert page.browser.js("return document.getElementById('results').hidden") is True
        # Not an error in the names.
        assert page.browser.js("return document.getElementById('names').hasAttribute('aria-invalid')") is False


def test_copy_buttons(page):
    page.check(["www.alg13.lab"])
    # Two clicks within 1.5 s: the button gets its own label back, not "Copied".
    said = page.browser._s("POST", "/execute/async", {"script": """
const done = arguments[arguments.length - 1];
const button = document.querySelector('#result-list .line-box button');
const label = button.textContent;
const copied = [];
document.addEventListener('dnssec-health-copied', (e) => copied.push(e.detail.copied));
button.click();
setTimeout(() => button.click(), 200);
setTimeout(() => done({ label, during: button.textContent, copied, status: document.getElementById('status-text').textContent }), 400);
""", "args": []})
    assert said["label"] == "Copy", said
    assert len(said["copied"]) == 2 and all(isinstance(c, bool) for c in said["copied"]), said
    assert said["during"] == ("Copied" if said["copied"][-1] else "Copy failed"), said
    expected = ("Copied the line for www.alg13.lab to the clipboard." if said["copied"][-1]
                else "Could not copy the line for www.alg13.lab; select it and copy it by hand.")
    assert said["status"] == expected, said
    wait_for(lambda: page.browser.js("return document.querySelector('#result-list .line-box button').textContent")
             == "Copy", 3, "the button's label to come back")
    time.sleep(0.5)
    assert page.browser.js("return document.querySelector('#result-list .line-box button').textContent") == "Copy"


def test_no_native_submit_without_validator(page):
    # The wasm cannot load: the form must still never submit natively (its CSP forbids it).
    page.browser.cdp("Network.enable")
    page.browser.cdp("Network.setBlockedURLs", urls=["*dnssec_health_bg.wasm"])
    try:
        page.browser.open(f"{page.base}/")
        text = wait_for(lambda: page.browser.js(
            "return document.getElementById('status').classList.contains('error') && "
            "document.getElementById('status-text').textContent"), 20, "the load failure")
        assert text.startswith("The validator could not be loaded"), text
        assert page.browser.js("return document.getElementById('run').disabled") is True
        page.browser.type("#names", "www.alg13.lab")
        page.browser.press_enter("#names")
        page.browser.js("document.getElementById('check-form').requestSubmit()")
        time.sleep(0.5)
        assert page.browser.js("return location.search") == ""
        assert page.browser.probe()["csp"] == [], page.browser.probe()["csp"]
    finally:
        page.browser.cdp("Network.setBlockedURLs", urls=[])
        page.browser.cdp("Network.disable")


def test_html_looking_txt_is_text(page):
    [row] = page.check(["txt.alg13.lab"], types="TXT")
    assert row["status"] == "SECURE", row
    hostile = '"<script>alert(1)</script><img src=x onerror=alert(2)>"'
    assert any(hostile in r for r in row["records"]), row["records"]
    counts = page.browser.js(
        "const list = document.getElementById('result-list');"
        "return [list.querySelectorAll('script').length, list.querySelectorAll('img').length]")
    assert counts == [0, 0], f"markup from DNS became elements: {counts}"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.browser.js("return location.href")).query)
    assert query["name"] == ["txt.alg13.lab"] and query["type"] == ["TXT"], query
    page.assert_clean()


def test_shareable_link_runs_on_load(page):
    doh = page.lab["doh"]
    query = urllib.parse.urlencode([("name", "www.alg13.lab"), ("name", "www.unsigned.lab"),
                                    ("resolver", doh), ("type", "A")])
    page.browser.open(f"{page.base}/?{query}")
    # No anchor can come from the address: the IANA root anchors cannot validate the private
    # lab root, so nothing may come out SECURE.
    rows = page.wait_results(2)
    assert [r["name"].rstrip(".") for r in rows] == ["www.alg13.lab", "www.unsigned.lab"], rows
    assert all(r["status"] != "SECURE" for r in rows), rows
    assert page.browser.js("return document.getElementById('names').value") == "www.alg13.lab, www.unsigned.lab"
    assert page.browser.js("return document.getElementById('trust-anchor').value") == ""
    assert page.browser.js("return document.getElementById('resolver').value") == "custom"
    assert page.browser.js("return document.getElementById('custom-resolver').value") == doh
    warning = page.browser.js(
        "const w = document.getElementById('config-warning'); return w.hidden ? '' : w.textContent")
    assert "Custom resolver" in warning and doh in warning, warning
    page.assert_clean()


def test_bad_input_gets_a_message(page):
    page.open(urllib.parse.urlencode({"resolver": page.lab["doh"]}))
    page.browser.type("#names", "https://exa..mple.com/path")
    page.browser.press_enter("#names")
    text = wait_for(lambda: page.browser.js("return document.getElementById('status-text').textContent")
                    if page.browser.js("return document.getElementById('status').classList.contains('error')")
                    else "", 10, "an error message")
    assert "is not a valid domain name" in text, text
    assert page.browser.js("return document.getElementById('names').getAttribute('aria-invalid')") == "true"
    assert page.browser.js("return document.activeElement.id") == "names"
    page.assert_clean()


def test_oversized_links_are_not_run(page):
    """A link with more names than one check takes (limits::MAX_NAMES = 100) is refused with a
    message, before a single DNS question leaves the browser."""
    doh = page.lab["doh"]
    names = ",".join(f"n{i}.alg13.lab" for i in range(101))
    for query in (urllib.parse.urlencode({"name": names, "resolver": doh}),
                  urllib.parse.urlencode({"order": names, "resolver": doh})):
        page.browser.open(f"{page.base}/?{query}")
        text = wait_for(lambda: page.browser.js("return document.getElementById('status-text').textContent")
                        if page.browser.js("return document.getElementById('status').classList.contains('error')")
                        else "", 20, "the limit's message")
        assert "101 names" in text and "at most 100" in text, text
        asked = page.browser.js(
            "return performance.getEntriesByType('resource').filter((e) => e.name.includes('dns-query')).length")
        assert asked == 0, f"{asked} DoH requests for a refused link"
        assert page.browser.js("return document.querySelectorAll('#result-list article').length") == 0
        page.assert_clean()


ORDER_JS = """
return [...document.querySelectorAll('#result-list article.order-name')].map((a) => ({
  name: a.dataset.name, status: a.dataset.status, error: a.getAttribute('data-error'),
  caMayIssue: a.dataset.caMayIssue,
  line: a.querySelector('.line')?.textContent ?? '',
  caa: a.querySelector('.caa-summary')?.textContent ?? '',
  lookups: [...a.querySelectorAll('li.lookup')].map((l) => ({
    purpose: l.dataset.purpose, name: l.dataset.name, type: l.dataset.type,
    status: l.dataset.status, error: l.dataset.error,
    decisive: l.classList.contains('decisive'), open: l.querySelector('details').open,
    zones: l.querySelectorAll('li.zone').length,
  })),
}));
"""


ORDER = [
    # name, status, error, may letsencrypt.org issue ("" when the CAA search did not complete)
    ("www.caa.lab", "SECURE", "", "true"),
    ("*.caa.lab", "SECURE", "", "false"),
    ("insecure.caa.lab", "INSECURE", "", "true"),
    ("bogus.caa.lab", "BOGUS", "DNSSEC_BOGUS", "true"),
    ("www.child.badnsec.lab", "BOGUS", "DNSSEC_BOGUS", ""),
    ("www.stripnsec.lab", "BOGUS", "NSEC_MISSING", ""),
]


def test_order_mode(page):
    page.open(urllib.parse.urlencode({"resolver": page.lab["doh"]}))
    page.browser.click('input[name="mode"][value="order"]')
    assert page.browser.js("return document.getElementById('ca-field').hidden") is False
    assert page.browser.js("return document.getElementById('types-field').hidden") is True
    page.browser.js("document.getElementById('ca').value = 'letsencrypt.org';"
                    "document.getElementById('ca').dispatchEvent(new Event('change'))")
    page.browser.click("#advanced > summary")
    page.browser.type("#trust-anchor", page.lab["anchor"])
    page.browser.type("#names", ", ".join(name for name, *_ in ORDER))
    page.browser.press_enter("#names")
    page.wait_results(len(ORDER))
    rows = page.browser.js(ORDER_JS)
    line = ",".join(f"{n};{s}" + (f";{e}" if e else "") for n, s, e, _ in ORDER)
    assert page.browser.js("return document.getElementById('summary-line').textContent") == line
    for row, (name, status, error, may_issue) in zip(rows, ORDER):
        assert (row["name"], row["status"], row["error"], row["caMayIssue"]) == (name, status, error, may_issue), row
        assert row["line"] == f"{name};{status}" + (f";{error}" if error else ""), row
        decisive = [l for l in row["lookups"] if l["decisive"]]
        assert len(decisive) == (status != "SECURE"), row["lookups"]
        if status == "BOGUS":
            # The failing lookup is pointed out and opened on its chain of trust.
            assert decisive[0]["status"] == "BOGUS" and decisive[0]["open"] and decisive[0]["zones"] >= 2, decisive
    # Heading order: each lookup's report sits below "Lookups a CA makes".
    levels = page.browser.js("""
      const level = (h) => Number(h.tagName.slice(1));
      return [...document.querySelectorAll('#result-list article.order-name')].map((a) => ({
        lookups: level([...a.querySelectorAll('h4')].find((h) => h.textContent.startsWith('Lookups a CA makes'))),
        nested: [...a.querySelectorAll('li.lookup :is(h1, h2, h3, h4, h5, h6)')].map(level) }));""")
    for row, level in zip(rows, levels):
        assert level["nested"] and min(level["nested"]) == level["lookups"] + 1, (row["name"], level)
    lookups = lambda row: [(l["purpose"], l["name"], l["type"], l["status"]) for l in row["lookups"]]
    www, wildcard, insecure, bogus, child, strip = rows
    dcv = lambda base, status: [("acme-dns-01", f"_acme-challenge.{base}", "TXT", status),
                                ("dnsauth", f"_dnsauth.{base}", "TXT", status),
                                ("validation-persist", f"_validation-persist.{base}", "TXT", status)]
    assert lookups(www) == [("caa", "www.caa.lab", "CAA", "SECURE"), ("caa", "caa.lab", "CAA", "SECURE")] \
        + dcv("www.caa.lab", "SECURE"), lookups(www)
    assert lookups(wildcard)[0] == ("caa", "caa.lab", "CAA", "SECURE"), lookups(wildcard)
    assert "for wildcard names, no CA may issue" in wildcard["caa"], wildcard["caa"]
    assert lookups(insecure)[2] == ("acme-dns-01", "_acme-challenge.insecure.caa.lab", "TXT", "INSECURE")
    assert lookups(bogus)[2] == ("acme-dns-01", "_acme-challenge.bogus.caa.lab", "TXT", "BOGUS")
    assert lookups(child)[:3] == [("caa", "www.child.badnsec.lab", "CAA", "SECURE"),
                                  ("caa", "child.badnsec.lab", "CAA", "SECURE"),
                                  ("caa", "badnsec.lab", "CAA", "BOGUS")], lookups(child)
    assert "stops at badnsec.lab" in child["caa"], child["caa"]
    assert lookups(strip)[0] == ("caa", "www.stripnsec.lab", "CAA", "BOGUS")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.browser.js("return location.href")).query)
    assert query["order"] == [",".join(n for n, *_ in ORDER)] and query["ca"] == ["letsencrypt.org"], query
    page.browser.js("document.querySelector('article.order-name[data-name=\"www.child.badnsec.lab\"]').scrollIntoView()")
    page.browser.screenshot(os.path.join(ARTIFACTS, "order-bogus.png"),
                            'article.order-name[data-name="www.child.badnsec.lab"]')
    page.assert_clean()


def test_order_link(page):
    query = urllib.parse.urlencode({"order": "www.alg13.lab,*.alg13.lab", "ca": "DigiCert.com",
                                    "resolver": page.lab["doh"]})
    page.browser.open(f"{page.base}/?{query}")
    rows = page.wait_results(2)
    assert [r["name"] for r in rows] == ["www.alg13.lab", "*.alg13.lab"], rows
    # No anchor from the address: the IANA root cannot validate the lab.
    assert all(r["status"] != "SECURE" for r in rows), rows
    assert page.browser.js("return document.querySelector('input[name=mode]:checked').value") == "order"
    assert page.browser.js("return document.getElementById('ca').value") == "digicert.com"
    assert page.browser.js("return document.getElementById('names').value") == "www.alg13.lab, *.alg13.lab"
    page.assert_clean()


# The CA's caa_dnssec_error message for three names (a name fixed since, one still failing,
# one that was and is fine), and what the recheck says then -> now for each.
CA_MESSAGE = ("caa_dnssec_error: www.alg13.lab;BOGUS;DNSSEC_BOGUS,www.stripnsec.lab;BOGUS;NSEC_MISSING,"
              "www.caa.lab;SECURE")
RECHECK = [
    # name, status now, error now, then -> now (for the failing name: followed by its reason)
    ("www.alg13.lab", "SECURE", "",
     "The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible. Ask the CA to retry validation "
     "(a CA resolver may keep the old answers until their TTLs run out)."),
    ("www.stripnsec.lab", "BOGUS", "NSEC_MISSING", "The CA saw BOGUS NSEC_MISSING; still BOGUS NSEC_MISSING: "),
    ("www.caa.lab", "SECURE", "", "The CA saw SECURE; still SECURE: nothing to fix here."),
]

RECHECK_JS = """
return [...document.querySelectorAll('#result-list article.order-name')].map((a) => ({
  name: a.dataset.name, status: a.dataset.status, error: a.getAttribute('data-error'),
  reason: a.querySelector('.reason')?.textContent ?? '',
  thenNow: [...a.querySelectorAll(':scope > .then-now')].map((p) => p.textContent),
}));
"""


def test_pasted_ca_message_is_rechecked(page):
    """The CA's message pasted into the names field in check mode: the page switches to order
    mode, rechecks its names and says then -> now for each; the address becomes a ?recheck=
    link, which runs the same recheck on load."""
    browser = page.browser
    page.open(urllib.parse.urlencode({"resolver": page.lab["doh"]}))
    assert browser.js("return document.querySelector('input[name=mode]:checked').value") == "check"
    browser.click("#advanced > summary")
    browser.type("#trust-anchor", page.lab["anchor"])
    browser.type("#names", CA_MESSAGE)
    browser.press_enter("#names")
    page.wait_results(len(RECHECK))
    assert browser.js("return document.querySelector('input[name=mode]:checked').value") == "order"
    assert browser.js("return document.getElementById('ca-field').hidden") is False
    rows = first = browser.js(RECHECK_JS)
    assert [r["name"] for r in rows] == [name for name, *_ in RECHECK], rows
    for row, (name, status, error, then_now) in zip(rows, RECHECK):
        assert (row["status"], row["error"]) == (status, error), row
        assert len(row["thenNow"]) == 1, row
        if status == "BOGUS":
            assert row["reason"].startswith(f"CAA lookup at {name}: "), row
            assert row["thenNow"][0] == then_now + row["reason"], row
        else:
            assert row["thenNow"][0] == then_now, row
    line = ",".join(f"{n};{s}" + (f";{e}" if e else "") for n, s, e, _ in RECHECK)
    assert browser.js("return document.getElementById('summary-line').textContent") == line
    status = browser.js("return document.getElementById('status-text').textContent")
    assert status == "Done. www.alg13.lab: Secure; www.stripnsec.lab: Bogus; www.caa.lab: Secure.", status
    # The address is a ?recheck= link holding the message as pasted (and the resolver).
    link = browser.js("return location.href")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert query == {"recheck": [CA_MESSAGE], "resolver": [page.lab["doh"]]}, query
    page.assert_clean()

    # The link, opened: the same names are rechecked in order mode at once. No anchor comes
    # from the address, so the IANA root cannot validate the lab and nothing is SECURE, but
    # each name is still compared with what the CA saw.
    browser.open(link)
    page.wait_results(len(RECHECK))
    assert browser.js("return document.querySelector('input[name=mode]:checked').value") == "order"
    assert browser.js("return document.getElementById('names').value") == CA_MESSAGE
    assert browser.js("return document.getElementById('trust-anchor').value") == ""
    rows = browser.js(RECHECK_JS)
    assert [r["name"] for r in rows] == [name for name, *_ in RECHECK], rows
    assert all(r["status"] != "SECURE" for r in rows), rows
    saw = ["BOGUS DNSSEC_BOGUS", "BOGUS NSEC_MISSING", "SECURE"]
    for row, was in zip(rows, saw):
        assert len(row["thenNow"]) == 1 and row["thenNow"][0].startswith(f"The CA saw {was}; "), row
    # With the anchor given, the link's recheck gives the very sentences of the first run.
    browser.click("#advanced > summary")
    browser.type("#trust-anchor", page.lab["anchor"])
    browser.press_enter("#names")
    wait_for(lambda: browser.js("return document.getElementById('summary-line').textContent") == line, 40,
             "the recheck with the anchor")
    page.wait_results(len(RECHECK))
    again = browser.js(RECHECK_JS)
    assert again == first, (again, first)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.js("return location.href")).query)
    assert query == {"recheck": [CA_MESSAGE], "resolver": [page.lab["doh"]]}, query
    page.assert_clean()


# Each result's warnings section (direct child of the article, or of an order name's article).
WARNINGS_JS = """
const level = (h) => Number(h.tagName.slice(1));
return [...document.querySelectorAll('#result-list article.result')].map((a) => {
  const section = a.querySelector(':scope > section.warnings');
  if (!section) return { name: a.dataset.name, status: a.dataset.status, warnings: null };
  const details = section.querySelector(':scope > details.warning-groups');
  return { name: a.dataset.name, status: a.dataset.status, line: a.querySelector('.line').textContent,
    warnings: {
      heading: section.querySelector(':scope > :is(h4, h5, h6)').textContent,
      levels: [level(a.querySelector('.result-head > :is(h3, h4, h5, h6)')),
               level(section.querySelector(':scope > :is(h4, h5, h6)')),
               ...[...section.querySelectorAll('.warning-group-title')].map(level)],
      collapsed: details !== null, open: details ? details.open : null,
      summary: details ? details.querySelector(':scope > summary').textContent : null,
      visible: section.querySelector('.warning-item').checkVisibility(),
      groups: [...section.querySelectorAll('.warning-group')].map((g) => ({
        severity: g.dataset.severity, title: g.querySelector('.warning-group-title').textContent,
        items: [...g.querySelectorAll('li.warning-item')].map((li) => ({
          code: li.dataset.code, severity: li.dataset.severity,
          label: li.querySelector('.severity-label').textContent,
          message: li.querySelector('.warning-message').textContent,
          zone: li.querySelector('.warning-zone').textContent,
          codeShown: li.querySelector('.warning-code').textContent,
          records: [...li.querySelectorAll('.warning-records code')].map((c) => c.textContent),
          fix: li.querySelector('.warning-fix')?.textContent ?? '' })) })) } };
});
"""


def warnings_of(page, name):
    return next(r for r in page.browser.js(WARNINGS_JS) if r["name"].rstrip(".") == name)


def local_value(rfc3339):
    """The value a datetime-local field shows for a UTC time: seconds left out when zero."""
    value = rfc3339[:19]
    return value[:16] if value.endswith(":00") else value


def page_query(page):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.browser.js("return location.href")).query)


def test_warnings_under_the_verdict(page):
    rows = page.check(["www.expire12h.lab", "www.alg13.lab"])
    assert [(r["name"].rstrip("."), r["status"]) for r in rows] == [
        ("www.expire12h.lab", "SECURE"), ("www.alg13.lab", "SECURE")], rows
    # A warning changes neither the verdict nor the line.
    assert page.browser.js("return document.getElementById('summary-line').textContent") == \
        "www.expire12h.lab;SECURE,www.alg13.lab;SECURE"
    expiring = warnings_of(page, "www.expire12h.lab")
    assert expiring["line"] == "www.expire12h.lab;SECURE", expiring
    shown = expiring["warnings"]
    assert shown is not None, "no warnings section for www.expire12h.lab"
    assert [g["severity"] for g in shown["groups"]] == ["critical"], shown
    assert shown["groups"][0]["title"].endswith("Critical (2)"), shown["groups"][0]["title"]
    # Two warnings: shown as they are, not collapsed.
    assert not shown["collapsed"] and shown["visible"] and shown["heading"] == "Warnings (2)", shown
    # Headings: the result's h3, then "Warnings" h4, then the severity h5.
    assert shown["levels"] == [3, 4, 5], shown["levels"]
    for item in shown["groups"][0]["items"]:
        assert item["code"] == item["codeShown"] == "SIGNATURE_EXPIRES_SOON", item
        assert item["severity"] == "critical" and item["label"].endswith("Critical"), item  # a word, not a colour
        assert "in less than a day" in item["message"], item
        assert item["zone"] == "expire12h.lab", item
        assert item["records"] and "RRSIG by key" in item["records"][0], item
        assert item["fix"].startswith("How to fix: Make sure your DNS host re-signs expire12h.lab"), item
    assert warnings_of(page, "www.alg13.lab")["warnings"] is None, "a healthy zone shows a warnings section"
    assert page.browser.js("return document.querySelector('#result-list .warnings') !== null")
    status = page.browser.js("return document.getElementById('status-text').textContent")
    assert status == "Done. www.expire12h.lab: Secure (2 critical); www.alg13.lab: Secure.", status
    meta = page.browser.js("return document.getElementById('meta').textContent")
    assert meta.startswith("Validated at ") and "warning window 7 days;" in meta, meta
    # The default window: no warn-days (and no at) in the link.
    query = page_query(page)
    assert "warn-days" not in query and "at" not in query, query
    page.browser.js("document.querySelector('article[data-name^=\"www.expire12h.lab\"]').scrollIntoView()")
    page.browser.screenshot(os.path.join(ARTIFACTS, "warnings-result.png"),
                            'article[data-name^="www.expire12h.lab"]')
    page.assert_clean()


def test_many_warnings_are_collapsed(page):
    """A window of 3650 days makes every signature of the chain "expire soon" (the lab's healthy
    signatures are valid for ten years), and two days ahead those of expire3d.lab expire within
    a day: more than three warnings, collapsed under a count per severity."""
    at = int(time.time()) + 2 * 86400
    [row] = page.check(["www.expire3d.lab"], warn_days=3650, at=at)
    assert row["status"] == "SECURE" and row["line"] == "www.expire3d.lab;SECURE", row
    shown = warnings_of(page, "www.expire3d.lab")["warnings"]
    counts = {g["severity"]: len(g["items"]) for g in shown["groups"]}
    assert [g["severity"] for g in shown["groups"]] == ["critical", "warning"], shown["groups"]
    assert counts["critical"] == 2 and counts["warning"] >= 4, counts
    total = sum(counts.values())
    assert shown["heading"] == f"Warnings ({total})", shown["heading"]
    assert shown["collapsed"] and shown["open"] is False and not shown["visible"], shown
    assert shown["summary"] == f"2 critical, {counts['warning']} warnings", shown["summary"]
    assert {i["code"] for g in shown["groups"] for i in g["items"]} == {"SIGNATURE_EXPIRES_SOON"}, shown
    zones = [i["zone"] for i in shown["groups"][1]["items"]]
    assert zones[0] == ".", f"within a severity the chain's order, root first: {zones}"
    # The keyboard opens it: focus the summary, press Enter.
    summary = 'article[data-name^="www.expire3d.lab"] section.warnings summary'
    page.browser.js("document.querySelector(arguments[0]).focus()", summary)
    page.browser.press_enter(summary)
    opened = warnings_of(page, "www.expire3d.lab")["warnings"]
    assert opened["open"] is True and opened["visible"], opened
    # The link carries the window and the moment; the meta line says it is not now.
    query = page_query(page)
    assert query["warn-days"] == ["3650"], query
    expected_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
    assert query["at"] == [expected_at], query
    meta = page.browser.js("return document.getElementById('meta').textContent")
    assert meta.startswith(f"Validated as of {expected_at} (a chosen time, not now)"), meta
    assert "warning window 3650 days;" in meta, meta
    page.browser.js("document.querySelector('article[data-name^=\"www.expire3d.lab\"]').scrollIntoView()")
    page.browser.screenshot(os.path.join(ARTIFACTS, "warnings-collapsed.png"),
                            'article[data-name^="www.expire3d.lab"]')
    page.assert_clean()


def test_order_warnings(page):
    """An order: the name's summary lists every lookup's warnings once; each lookup lists its own."""
    page.open(urllib.parse.urlencode({"resolver": page.lab["doh"]}))
    page.browser.click('input[name="mode"][value="order"]')
    page.browser.click("#advanced > summary")
    page.browser.type("#trust-anchor", page.lab["anchor"])
    page.browser.type("#names", "www.expire12h.lab, www.alg13.lab")
    page.browser.press_enter("#names")
    page.wait_results(2)
    result = page.browser.js("""
      const level = (h) => Number(h.tagName.slice(1));
      return [...document.querySelectorAll('#result-list article.order-name')].map((a) => {
        const summary = a.querySelector(':scope > section.warnings');
        return { name: a.dataset.name, status: a.dataset.status,
          summary: summary && [...summary.querySelectorAll('li.warning-item')].map((li) => [li.dataset.severity, li.dataset.code]),
          summaryLevels: summary && [level(summary.querySelector('h4, h5, h6')),
                                     ...[...summary.querySelectorAll('.warning-group-title')].map(level)],
          lookups: [...a.querySelectorAll('li.lookup')].map((l) => ({ status: l.dataset.status,
            warnings: l.querySelectorAll('section.warnings li.warning-item').length,
            levels: [...l.querySelectorAll('section.warnings :is(h4, h5, h6)')].map(level) })) };
      });""")
    expiring, healthy = result
    assert (expiring["name"], expiring["status"], healthy["status"]) == ("www.expire12h.lab", "SECURE", "SECURE"), result
    assert expiring["summary"] and all(s == ["critical", "SIGNATURE_EXPIRES_SOON"] for s in expiring["summary"]), expiring
    assert expiring["summaryLevels"][:2] == [4, 5], expiring["summaryLevels"]
    # Each lookup in expire12h.lab has its own; the one at lab. has none.
    in_zone = [l for l in expiring["lookups"] if l["warnings"]]
    assert len(in_zone) == len(expiring["lookups"]) - 1, expiring["lookups"]
    # Every lookup's warnings sit below its h5 heading: h6 (the deepest heading).
    assert all(l["levels"] and min(l["levels"]) == 6 for l in in_zone), in_zone
    assert len(expiring["summary"]) <= sum(l["warnings"] for l in in_zone), expiring
    assert healthy["summary"] is None and all(l["warnings"] == 0 for l in healthy["lookups"]), healthy
    assert page.browser.js("return document.getElementById('summary-line').textContent") == \
        "www.expire12h.lab;SECURE,www.alg13.lab;SECURE"
    page.assert_clean()


def test_check_as_of(page):
    """`?at=` after expire12h.lab's expiry makes it BOGUS; "Check as of" by keyboard; a bad
    `?at=` is refused with a message; back to Now."""
    browser = page.browser
    later = int(time.time()) + 2 * 86400  # expire12h.lab's signatures are gone by then
    later_text = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(later))
    # The link fills "Check as of" (unix seconds); the anchor, never from a link, is typed.
    page.open(urllib.parse.urlencode({"name": "www.expire12h.lab", "resolver": page.lab["doh"], "at": str(later)}))
    page.wait_results(1)
    assert browser.js("return document.querySelector('input[name=at]:checked').value") == "date"
    assert browser.js("return document.getElementById('at-date').value") == local_value(later_text)
    if not browser.js("return document.getElementById('advanced').open"):
        browser.click("#advanced > summary")
    browser.type("#trust-anchor", page.lab["anchor"])
    browser.press_enter("#names")
    [row] = page.wait_results(1)
    assert row["status"] == "BOGUS" and row["badge"] == "Bogus", row
    assert "expired" in row["reason"], row["reason"]
    meta = browser.js("return document.getElementById('meta').textContent")
    assert meta.startswith(f"Validated as of {later_text} (a chosen time, not now)"), meta
    assert page_query(page)["at"] == [later_text], page_query(page)
    # An RFC 3339 time with an offset, in a link: shown in UTC.
    page.open(urllib.parse.urlencode({"resolver": page.lab["doh"], "at": "2030-06-01T12:30:15+02:00"}))
    assert browser.js("return document.getElementById('at-date').value") == "2030-06-01T10:30:15"
    # A link whose at= cannot be read: a message, the field pointed out, nothing run.
    page.open(urllib.parse.urlencode({"name": "www.alg13.lab", "resolver": page.lab["doh"], "at": "tomorrow"}))
    text = browser.js("return document.getElementById('status-text').textContent")
    assert 'at="tomorrow"' in text and "RFC 3339" in text, text
    assert browser.js("return document.activeElement.id") == "at-date"
    assert browser.js("return document.getElementById('at-date').getAttribute('aria-invalid')") == "true"
    time.sleep(0.5)
    assert browser.js("return document.querySelectorAll('#result-list article').length") == 0
    # By keyboard: "In 7 days" (arrow keys move within the radio group), then back to "Now".
    [row] = page.check(["www.expire3d.lab"])
    assert row["status"] == "SECURE", row
    browser.js("document.querySelector('input[name=at][value=now]').focus()")
    browser._s("POST", f"/element/{browser.find('input[name=at][value=now]')}/value", {"text": "\ue015"})  # Down
    assert browser.js("return document.querySelector('input[name=at]:checked').value") == "week"
    browser.press_enter("#names")
    [row] = page.wait_results(1)
    assert row["line"].startswith("www.expire3d.lab;BOGUS"), row
    assert "at" in page_query(page), page_query(page)
    browser.click('input[name="at"][value="now"]')
    browser.press_enter("#names")
    [row] = page.wait_results(1)
    assert row["line"] == "www.expire3d.lab;SECURE", row
    assert "at" not in page_query(page), page_query(page)
    assert browser.js("return document.getElementById('meta').textContent").startswith("Validated at ")
    # A bad warning window: a message and the field, no check.
    browser.type("#warn-days", "-3")
    browser.press_enter("#names")
    text = browser.js("return document.getElementById('status-text').textContent")
    assert text == "The warning window must be a whole number of days from 0 to 3650.", text
    assert browser.js("return document.activeElement.id") == "warn-days"
    page.assert_clean()


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

# Text that must meet WCAG 2.1 AA contrast (4.5:1): badges of every status, the reason, the
# fix, help text, lines, muted metadata, zone headings.
CONTRAST_SELECTORS = (".badge .label, .reason, .fix, .help, .line, .meta, .zone-box h5, .items li, label, "
                      ".severity-label .label, .warning-message, .warning-where, .warning-fix, .warning-group-title")


def test_accessibility_and_layout(page):
    page.check(["www.alg13.lab", "www.unsigned.lab", "www.badsig.lab", "www.example.invalid", "www.ds12.lab",
                "www.expire3d.lab", "www.expire12h.lab"])
    browser = page.browser
    unlabelled = browser.js("""
      return [...document.querySelectorAll('input, select, textarea, button')].filter((e) => {
        if (e.type === 'hidden' || e.closest('[hidden]')) return false;
        const name = e.getAttribute('aria-label') || (e.id && document.querySelector(`label[for="${e.id}"]`)?.textContent)
          || e.closest('label')?.textContent || (e.tagName === 'BUTTON' && e.textContent);
        return !(name && name.trim());
      }).map((e) => e.outerHTML.slice(0, 80));""")
    assert unlabelled == [], unlabelled
    assert browser.js("return document.documentElement.lang") == "en"
    # The mode choice reads as two radio buttons, each beside its label.
    mode_layout = browser.js("""
      const radio = document.querySelector('input[name=mode]');
      const label = radio.closest('label');
      return [radio.getBoundingClientRect().width, getComputedStyle(label).display,
              getComputedStyle(label.closest('fieldset')).borderTopWidth];""")
    assert mode_layout[0] < 40 and mode_layout[1] == "flex" and mode_layout[2] == "0px", mode_layout
    assert browser.js("return document.querySelectorAll('h1').length") == 1
    # Keyboard: from the names field, Tab reaches the Check button.
    browser.js("document.getElementById('names').focus()")
    browser._s("POST", f"/element/{browser.find('#names')}/value", {"text": "\ue004"})  # Tab
    assert browser.js("return document.activeElement.id") == "run"
    # Colours: AA contrast in the light and the dark scheme.
    for scheme in ("light", "dark"):
        browser.cdp("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": scheme}])
        low = [(what, r) for what, r in browser.js(CONTRAST_JS, CONTRAST_SELECTORS) if r < 4.5]
        assert low == [], f"{scheme}: contrast below 4.5:1: {low[:8]}"
        if scheme == "dark":
            assert browser.js("return getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
            browser.screenshot(os.path.join(ARTIFACTS, "page-dark.png"))
    browser.cdp("Emulation.setEmulatedMedia", features=[])
    # A phone-sized viewport: nothing wider than the screen, the chain picture included.
    browser.cdp("Emulation.setDeviceMetricsOverride", width=375, height=800, deviceScaleFactor=1, mobile=True)
    try:
        overflow = browser.js("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"page is {overflow[0]} px wide in a {overflow[1]} px viewport"
        browser.screenshot(os.path.join(ARTIFACTS, "page-phone.png"))
    finally:
        browser.cdp("Emulation.clearDeviceMetricsOverride")
    page.assert_clean()


def test_content_security_policy(page):
    page.open()
    policy = page.browser.js(
        "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy, policy
    assert "unsafe-inline" not in policy and "style-src 'self'" in policy, policy
    # The policy is live: an inline script injected now is refused and reported.
    page.browser.js("const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                    "document.head.append(s);")
    wait_for(lambda: page.browser.probe()["csp"], 5, "the CSP report of the injected script")
    assert page.browser.js("return window.__ran === undefined")


# ---------------------------------------------------------------- list mode

# About a dozen lab names: (name, status, error) as the table should show them.
LIST_NAMES = [
    ("www.alg13.lab", "SECURE", ""),
    ("www.unsigned.lab", "INSECURE", ""),
    ("www.badsig.lab", "BOGUS", "DNSSEC_BOGUS"),
    ("www.ds-nokey.lab", "BOGUS", "DNSKEY_MISSING"),
    ("www.nosig.lab", "BOGUS", "RSIGS_MISSING"),
    ("stripnsec.lab", "BOGUS", "NSEC_MISSING"),
    ("nope.stripnsec.lab", "BOGUS", "DNSSEC_BOGUS"),
    ("www.ds12.lab", "SECURE", ""),
    ("www.expire3d.lab", "SECURE", ""),
    ("alg13.lab", "SECURE", ""),
    ("unsigned.lab", "INSECURE", ""),
    ("badsig.lab", "SECURE", ""),
]

LIST_ROWS_JS = """
return [...document.querySelectorAll('#list-body > tr:not(.report-row)')].map((r) => ({
  name: r.dataset.name, status: r.dataset.status, hidden: r.hidden,
  label: r.cells[1].textContent, error: r.cells[2].textContent, line: r.cells[3].textContent,
  warnings: r.cells[4].textContent,
}));
"""

# Test-only: records what the page hands to URL.createObjectURL (the download buttons' blobs),
# read back as text into window.__downloads. Production code has no hook for this.
CAPTURE_DOWNLOADS_JS = """
window.__downloads = [];
const original = URL.createObjectURL.bind(URL);
URL.createObjectURL = (blob) => {
  const entry = { type: blob.type, text: null };
  window.__downloads.push(entry);
  blob.text().then((t) => { entry.text = t; });
  return original(blob);
};
"""


def open_list_mode(page, resolver=None):
    page.open(urllib.parse.urlencode({"resolver": resolver or page.lab["doh"]}))
    page.browser.click('input[name="mode"][value="list"]')
    assert page.browser.js("return [document.getElementById('names-field').hidden, "
                           "document.getElementById('list-field').hidden]") == [True, False]
    page.browser.click("#advanced > summary")
    page.browser.type("#trust-anchor", page.lab["anchor"])


def list_rows(page):
    return page.browser.js(LIST_ROWS_JS)


def wait_list_done(page, count, timeout=60):
    wait_for(lambda: page.browser.js(
        "return !document.getElementById('list-results').hasAttribute('aria-busy') && "
        "!document.getElementById('list-run').disabled && "
        "document.querySelectorAll('#list-body > tr[data-status]:not([data-status=CHECKING])').length"
    ) == count, timeout, f"{count} list rows")
    return list_rows(page)


def test_list_mode(page):
    open_list_mode(page)
    browser = page.browser
    # Pasted: one per line, some separated by commas, a comment, a blank line and a duplicate.
    names = [n for n, *_ in LIST_NAMES]
    text = "# the panel's domains\n" + "\n".join(names[:6]) + "\n\n" + ", ".join(names[6:]) + "\nwww.alg13.lab\n"
    browser.type("#list-names", text)
    browser.click("#list-run")
    wait_for(lambda: browser.js("return document.querySelectorAll('#list-body > tr').length") > 0, 20,
             "the first row")
    rows = wait_list_done(page, len(names))
    assert [r["name"] for r in rows] == names, [r["name"] for r in rows]
    for (name, status, error), row in zip(LIST_NAMES, rows):
        assert (row["status"], row["error"]) == (status, error), (name, row)
        assert row["label"].strip().upper().endswith(status), row  # a text label, not colour alone
        assert row["line"] == f"{name};{status}" + (f";{error}" if error else ""), row
        assert row["warnings"].isdigit(), row
    expire = next(r for r in rows if r["name"] == "www.expire3d.lab")
    assert int(expire["warnings"]) >= 1, expire
    progress = browser.js("const p = document.getElementById('list-progress'); return [p.value, p.max, "
                          "document.getElementById('list-progress-text').textContent]")
    assert progress[:2] == [12, 12], progress
    assert progress[2] == "12 of 12 checked: 5 SECURE, 2 INSECURE, 5 BOGUS.", progress
    assert browser.js("return document.getElementById('results').hidden") is True

    # Sorting by status: the worst first, then the other way round; aria-sort says which.
    browser.click('th[data-key="status"] button')
    statuses = [r["status"] for r in list_rows(page)]
    assert statuses == ["BOGUS"] * 5 + ["INSECURE"] * 2 + ["SECURE"] * 5, statuses
    assert browser.js("return document.querySelector('th[data-key=status]').getAttribute('aria-sort')") == "ascending"
    browser.click('th[data-key="status"] button')
    statuses = [r["status"] for r in list_rows(page)]
    assert statuses == ["SECURE"] * 5 + ["INSECURE"] * 2 + ["BOGUS"] * 5, statuses
    assert browser.js("return document.querySelector('th[data-key=status]').getAttribute('aria-sort')") == "descending"
    browser.click('th[data-key="name"] button')
    assert [r["name"] for r in list_rows(page)] == sorted(names), "sorted by name"
    assert browser.js("return document.querySelector('th[data-key=status]').hasAttribute('aria-sort')") is False

    # Filtering by status: only the BOGUS rows show.
    browser.js("const f = document.getElementById('list-filter'); f.value = 'BOGUS';"
               "f.dispatchEvent(new Event('change', { bubbles: true }))")
    shown = [r for r in list_rows(page) if not r["hidden"]]
    assert sorted(r["name"] for r in shown) == sorted(n for n, s, _ in LIST_NAMES if s == "BOGUS"), shown
    assert all(r["status"] == "BOGUS" for r in shown), shown

    # Expanding a row shows its full report under it (and hides it again).
    button = 'tr[data-name="www.badsig.lab"] button[aria-expanded]'
    browser.click(button)
    report = browser.js("""
      const row = document.querySelector('tr[data-name="www.badsig.lab"]:not(.report-row)');
      const next = row.nextElementSibling;
      const a = next.querySelector('article.result');
      return [next.classList.contains('report-row'), a.dataset.status, a.querySelector('.reason').textContent,
              a.querySelector('h3') !== null, row.querySelector('button').getAttribute('aria-expanded'),
              document.getElementById(row.querySelector('button').getAttribute('aria-controls')) === next];""")
    assert report[0] and report[1] == "BOGUS" and "does not verify" in report[2], report
    assert report[3] and report[4] == "true" and report[5], report
    browser.js("document.querySelector('#list-body').scrollIntoView()")
    browser.screenshot(os.path.join(ARTIFACTS, "list-table-report.png"), "#list-results")
    browser.click(button)
    assert browser.js("return document.querySelectorAll('#list-body tr.report-row').length") == 0

    browser.js("const f = document.getElementById('list-filter'); f.value = 'all';"
               "f.dispatchEvent(new Event('change', { bubbles: true }))")
    browser.click('th[data-key="status"] button')
    browser.js("document.getElementById('list-results').scrollIntoView()")
    browser.screenshot(os.path.join(ARTIFACTS, "list-table.png"), "#list-results")

    # The downloads: the CSV and the NDJSON, read back from the Blob the buttons hand over.
    browser.js(CAPTURE_DOWNLOADS_JS)
    browser.click("#list-csv")
    browser.click("#list-ndjson")
    downloads = wait_for(lambda: (lambda d: d if len(d) == 2 and all(x["text"] is not None for x in d) else None)(
        browser.js("return window.__downloads")), 10, "the two downloads")
    csv_text = downloads[0]["text"]
    assert downloads[0]["type"].startswith("text/csv"), downloads[0]["type"]
    lines = csv_text.split("\r\n")
    assert lines[0] == "name,status,error,line,warnings" and lines[-1] == "", lines[:2]
    assert len(lines) == len(names) + 2, lines
    for (name, status, error), line in zip(LIST_NAMES, lines[1:]):
        cells = line.split(",")
        assert cells[:4] == [name, status, error, f"{name};{status}" + (f";{error}" if error else "")], line
        assert cells[4].isdigit(), line
    docs = [json.loads(line) for line in downloads[1]["text"].splitlines()]
    assert [d["results"][0]["name"].rstrip(".") for d in docs] == names, docs
    assert [d["status"] for d in docs] == [s for _, s, _ in LIST_NAMES]
    # Contrast of the table in light and dark.
    for scheme in ("light", "dark"):
        browser.cdp("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": scheme}])
        low = [(what, r) for what, r in browser.js(
            CONTRAST_JS, "#list-table th, #list-table td, #list-table .badge .label, #list-progress-text, "
                         ".list-filter label, #list-table-help") if r < 4.5]
        assert low == [], f"{scheme}: contrast below 4.5:1: {low[:8]}"
    browser.cdp("Emulation.setEmulatedMedia", features=[])
    page.assert_clean()


def test_list_from_a_file_and_the_cap(page):
    open_list_mode(page)
    browser = page.browser
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "domains.csv")
        with open(path, "w") as f:
            f.write('id,name,owner\n# exported by the panel\n1,www.alg13.lab,"Doe, Jane"\n'
                    '2,www.unsigned.lab,x\n\n3,www.badsig.lab,"say ""hi"""\n')
        browser._s("POST", f"/element/{browser.find('#list-file')}/value", {"text": path})
        wait_for(lambda: "Read domains.csv: 3 names" in browser.js(
            "return document.getElementById('status-text').textContent"), 10, "the file to be read")
    browser.click("#list-run")
    rows = wait_list_done(page, 3)
    assert [(r["name"], r["status"]) for r in rows] == [
        ("www.alg13.lab", "SECURE"), ("www.unsigned.lab", "INSECURE"), ("www.badsig.lab", "BOGUS")], rows
    # 1 001 names: refused with a message, nothing checked, the previous table unchanged.
    browser.js("document.getElementById('list-names').value = Array.from({ length: 1001 }, "
               "(_, i) => `n${i}.alg13.lab`).join('\\n')")
    browser.click("#list-run")
    status = browser.js("return document.getElementById('status-text').textContent")
    assert status.startswith("The list has 1,001 names; at most 1,000"), status
    assert browser.js("return document.getElementById('list-names').getAttribute('aria-invalid')") == "true"
    assert browser.js("return document.activeElement.id") == "list-names"
    time.sleep(0.5)
    assert len(list_rows(page)) == 3
    page.assert_clean()


def test_list_stop(page):
    open_list_mode(page, resolver=page.lab["faults"]["slow"])
    browser = page.browser
    names = [f"n{i}.alg13.lab" for i in range(20)]
    browser.type("#list-names", "\n".join(names))
    browser.click("#list-run")
    wait_for(lambda: browser.js("return document.querySelectorAll('#list-body > tr').length") == 6, 10,
             "six checks under way")
    assert browser.js("return document.getElementById('list-stop').disabled") is False
    assert [r["status"] for r in list_rows(page)] == ["CHECKING"] * 6
    browser.click("#list-stop")
    text = browser.js("return document.getElementById('list-progress-text').textContent")
    assert "Stopping" in text, text
    # The six under way finish (the slow resolver answers after 30 s; they give up at 5 s);
    # no seventh starts.
    rows = wait_list_done(page, 6, timeout=45)
    assert [r["name"] for r in rows] == names[:6], rows
    assert all(r["status"] == "INDETERMINATE" for r in rows), rows
    time.sleep(1)
    assert len(list_rows(page)) == 6
    text = browser.js("return document.getElementById('list-progress-text').textContent")
    assert text == "6 of 20 checked: 6 INDETERMINATE. Stopped; 14 not started.", text
    assert browser.js("return document.getElementById('list-stop').disabled") is True
    page.assert_clean()


def main():
    lab = start_lab()
    suite = Suite()
    with static_server(os.path.join(ROOT, "www")) as base, Browser() as browser:
        page = Page(browser, base, lab)
        suite.run("SECURE, INSECURE and a BOGUS per error code", test_verdicts_and_error_codes, page)
        suite.run("INDETERMINATE resolvers (HTTP 500, SERVFAIL)", test_indeterminate_resolvers, page)
        suite.run("progress while a slow resolver times out", test_progress_while_waiting_for_a_slow_resolver, page)
        suite.run("a wasm trap fails the running check", test_trap_fails_the_check, page)
        suite.run("copy buttons: two clicks, the label comes back", test_copy_buttons, page)
        suite.run("no native form submission when the validator cannot load", test_no_native_submit_without_validator,
                  page)
        suite.run("a TXT record that looks like HTML/JS shows as text", test_html_looking_txt_is_text, page)
        suite.run("?name= link runs on load, warns about the resolver", test_shareable_link_runs_on_load, page)
        suite.run("bad input gets a message", test_bad_input_gets_a_message, page)
        suite.run("a link over the name limit is refused before any query", test_oversized_links_are_not_run, page)
        suite.run("certificate order mode", test_order_mode, page)
        suite.run("?order= link runs on load", test_order_link, page)
        suite.run("a pasted CA message is rechecked then -> now; ?recheck= link", test_pasted_ca_message_is_rechecked,
                  page)
        suite.run("accessible, light and dark, phone-sized", test_accessibility_and_layout, page)
        suite.run("Content-Security-Policy", test_content_security_policy, page)
        suite.run("warnings under the verdict, grouped by severity; none for a healthy zone",
                  test_warnings_under_the_verdict, page)
        suite.run("many warnings collapsed under a count per severity; &warn-days= and &at= in the link",
                  test_many_warnings_are_collapsed, page)
        suite.run("an order: the name's summary and each lookup list their warnings", test_order_warnings, page)
        suite.run("?at= after an expiry makes it BOGUS; Check as of by keyboard; bad at= and window",
                  test_check_as_of, page)
        suite.run("list mode: a table filled as results arrive, sorted, filtered, expanded, downloaded",
                  test_list_mode, page)
        suite.run("list mode: a CSV file with a name column; more than 1 000 names refused",
                  test_list_from_a_file_and_the_cap, page)
        suite.run("list mode: Stop starts no new check", test_list_stop, page)
    print(f"screenshots in {ARTIFACTS}")
    return suite.finish("page tests")


if __name__ == "__main__":
    sys.exit(main())
