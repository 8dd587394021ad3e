#!/usr/bin/env python3
"""Drives the web page (www/, built by ./build.sh) in headless Chromium through chromedriver's
W3C WebDriver HTTP API (stdlib only), against the DNSSEC test lab.

    ./build.sh && python3 tests/web/browser_check.py [--screenshot out.png]

Serves www/ on a free loopback port, starts the lab (owned by this process), opens
?name=www.alg13.lab&name=www.badsig.lab&resolver=<lab DoH>, pastes the lab's trust anchor into
the Advanced textarea, presses Enter in the names field and checks the rendered results'
data-status / data-error attributes. Exit status 0 on success.
"""
import argparse
import base64
import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_www():
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=os.path.join(ROOT, "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,2400"]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.load(resp)["value"] if method != "DELETE" else None

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        value = self.s("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(value.values()))

    def quit(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        except Exception:
            pass


def wait_for(predicate, timeout=30, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshot", help="write a PNG of the page after the check")
    args = parser.parse_args()

    lab_dir = os.environ.get("LAB_DIR", os.path.join(ROOT, "target", "lab"))
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tests/lab/lab.py"), "start", "--dir", lab_dir,
                          "--owner-pid", str(os.getpid())], check=True, capture_output=True, text=True).stdout
    lab = json.loads(out.strip().splitlines()[-1])
    with open(lab["anchor_file"]) as f:
        anchor = f.read()

    server = serve_www()
    port = free_port()
    driver_proc = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver = None
    failures = []
    try:
        wait_for(lambda: _up(port), 10, "chromedriver")
        driver = WebDriver(port)
        query = urllib.parse.urlencode([("name", "www.alg13.lab"), ("name", "www.badsig.lab"), ("resolver", lab["doh"])])
        page = f"http://127.0.0.1:{server.server_address[1]}/?{query}"
        driver.s("POST", "/url", {"url": page})
        # The address runs a check at once (with the IANA anchor, so the lab is BOGUS); wait for it.
        wait_for(lambda: driver.js("return document.querySelectorAll('article.result').length") == 2, 30, "first results")
        if "Custom resolver" not in driver.js("return document.getElementById('config-warning').textContent"):
            failures.append("no warning for the custom resolver")
        if driver.js("return document.getElementById('trust-anchor').value") != "":
            failures.append("the trust anchor was filled from the address")

        # Paste the lab's anchor and press Enter in the names field.
        driver.js("document.getElementById('advanced').open = true; const a = document.getElementById('trust-anchor');"
                  "a.value = arguments[0]; a.dispatchEvent(new Event('input'));"
                  "document.getElementById('result-list').replaceChildren();", anchor)
        names = driver.find("#names")
        driver.s("POST", f"/element/{names}/value", {"text": "\ue007"})  # Enter
        wait_for(lambda: driver.js("return document.querySelectorAll('article.result').length") == 2, 30, "second results")
        rows = driver.js("return [...document.querySelectorAll('article.result')].map(e => "
                         "[e.dataset.name, e.dataset.status, e.getAttribute('data-error')])")
        print("results:", rows)
        expect = {"www.alg13.lab.": ("SECURE", ""), "www.badsig.lab.": ("BOGUS", None)}
        for name, status, error in rows:
            key = name if name.endswith(".") else name + "."
            want_status, want_error = expect.get(key, (None, None))
            if status != want_status:
                failures.append(f"{name}: status {status}, expected {want_status}")
            if want_error is not None and error != want_error:
                failures.append(f"{name}: data-error {error!r}, expected {want_error!r}")
            if want_error is None and not error:
                failures.append(f"{name}: data-error is empty")
        if "anchor" not in driver.js("return document.getElementById('config-warning').textContent"):
            failures.append("no warning for the custom trust anchor")
        boxes = driver.js("return document.querySelectorAll('ol.chain > li.zone').length")
        if boxes < 2:
            failures.append(f"only {boxes} zone boxes drawn")
        if not driver.js("return document.querySelector('article[data-status=BOGUS] li.broken, article[data-status=BOGUS] section.link.broken') !== null"):
            failures.append("the broken zone is not highlighted")
        if args.screenshot:
            png = base64.b64decode(driver.s("GET", "/screenshot"))
            with open(args.screenshot, "wb") as f:
                f.write(png)
            print("screenshot:", args.screenshot)
    finally:
        if driver:
            driver.quit()
        driver_proc.terminate()
        driver_proc.wait(timeout=10)
        server.shutdown()
    for failure in failures:
        print("FAIL", failure)
    print("browser check", "failed" if failures else "passed")
    return 1 if failures else 0


def _up(port):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=2)
        return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
