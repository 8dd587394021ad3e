"""Shared pieces of the browser tests (stdlib only): the DNSSEC test lab, a static server for
www/, and a small client for chromedriver's W3C WebDriver HTTP API driving headless Chromium.
"""
import base64
import contextlib
import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACTS = os.path.join(ROOT, "target", "web-artifacts")

ENTER = "\ue007"

# Runs in every document before the page's own scripts (DevTools
# Page.addScriptToEvaluateOnNewDocument): records CSP violations, dialogs and uncaught errors,
# so that a test can assert that nothing was blocked and nothing from DNS ran.
PROBE = """
window.__probe = { csp: [], dialogs: [], errors: [] };
window.__probe.globals = Object.getOwnPropertyNames(window);
document.addEventListener('securitypolicyviolation', (e) => {
  window.__probe.csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
});
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (message) => { window.__probe.dialogs.push(`${name}(${message})`); };
}
window.addEventListener('error', (e) => { window.__probe.errors.push(String(e.message)); });
window.addEventListener('unhandledrejection', (e) => { window.__probe.errors.push(String(e.reason)); });
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab():
    """Starts (or reuses) the lab in target/lab, owned by this process; returns its JSON."""
    lab_dir = os.environ.get("LAB_DIR", os.path.join(ROOT, "target", "lab"))
    out = subprocess.run(
        [sys.executable, os.path.join(ROOT, "tests/lab/lab.py"), "start", "--dir", lab_dir,
         "--owner-pid", str(os.getpid())],
        check=True, capture_output=True, text=True).stdout
    lab = json.loads(out.strip().splitlines()[-1])
    with open(lab["anchor_file"]) as f:
        lab["anchor"] = f.read()
    return lab


@contextlib.contextmanager
def static_server(directory, headers=None):
    """Serves `directory` on a free loopback port; yields the base URL."""
    extra = dict(headers or {})

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            for key, value in extra.items():
                self.send_header(key, value)
            super().end_headers()

    handler = functools.partial(Handler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def silent_resolver():
    """Yields a DoH URL on a loopback port that takes connections and never answers, so a check
    through it stays pending until its timeout. Unlike the lab's slow endpoint it shares no
    connection pool with the lab's resolver: queries the browser leaves pending on it (on a
    page left meanwhile) hold up no later check."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/dns-query"


def wait_for(predicate, timeout=30, what="condition"):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last value {last!r})")


class WebDriverError(Exception):
    pass


class Browser:
    """Headless Chromium through chromedriver. Use as a context manager."""

    def __init__(self, width=1100, height=2400):
        self.port = free_port()
        self.process = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for(self._up, 15, "chromedriver")
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            # No name resolves except loopback: nothing a page does can reach the public DNS.
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                     f"--window-size={width},{height}"]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]
        self.cdp("Page.addScriptToEvaluateOnNewDocument", source=PROBE)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        with contextlib.suppress(Exception):
            self._call("DELETE", f"/session/{self.session}")
        self.process.terminate()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=10)

    def _up(self):
        try:
            urllib.request.urlopen(f"{self.base}/status", timeout=2)
            return True
        except (OSError, urllib.error.URLError):
            return False

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response).get("value")
        except urllib.error.HTTPError as error:
            raise WebDriverError(error.read().decode(errors="replace")) from None

    def _s(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def cdp(self, command, **params):
        return self._s("POST", "/goog/cdp/execute", {"cmd": command, "params": params})

    def open(self, url):
        self._s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self._s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        value = self._s("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(value.values()))

    def type(self, css, text):
        element = self.find(css)
        self._s("POST", f"/element/{element}/clear", {})
        self._s("POST", f"/element/{element}/value", {"text": text})

    def press_enter(self, css):
        self._s("POST", f"/element/{self.find(css)}/value", {"text": ENTER})

    def click(self, css):
        self._s("POST", f"/element/{self.find(css)}/click", {})

    def screenshot(self, path, css=None):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if css:
            png = self._s("GET", f"/element/{self.find(css)}/screenshot")
        else:
            png = self._s("GET", "/screenshot")
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))
        return path

    def probe(self):
        return self.js("return window.__probe")


class Suite:
    """Minimal test runner: named cases, a summary, exit status."""

    def __init__(self):
        self.failures = []
        self.count = 0

    def run(self, name, body, *args):
        self.count += 1
        started = time.time()
        try:
            body(*args)
            print(f"ok   {name} ({time.time() - started:.1f} s)", flush=True)
        except Exception as error:  # noqa: BLE001 - report every failure, keep going
            self.failures.append(name)
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)

    def finish(self, title):
        print(f"{title}: {self.count - len(self.failures)} passed, {len(self.failures)} failed")
        return 1 if self.failures else 0
