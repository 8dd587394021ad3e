#!/usr/bin/env python3
"""scripts/serve.py (what `./build.sh serve` runs) sends the page's security headers on every
response: the HTML pages' own Content-Security-Policy plus frame-ancestors 'none', index.html's
policy on other files, nosniff, no-referrer, and exact types for .wasm, .js and .mjs.
Standard library only; takes about a second; needs no build (it serves a temporary copy of the
pages with stand-ins for the built files)."""
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SERVE = os.path.join(ROOT, "scripts", "serve.py")


class MetaCsp(html.parser.HTMLParser):
    """An independent reading of the page's <meta http-equiv="Content-Security-Policy">."""

    def __init__(self):
        super().__init__()
        self.csp = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(attrs["content"])


def meta_csp(page):
    parser = MetaCsp()
    with open(os.path.join(ROOT, "www", page), encoding="utf-8") as f:
        parser.feed(f.read())
    assert len(parser.csp) == 1, f"{page}: {parser.csp}"
    return parser.csp[0]


def fetch(url, method="GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def main():
    index_csp = meta_csp("index.html")
    embed_csp = meta_csp("embed.html")
    assert "frame-ancestors" not in index_csp  # a <meta> cannot carry it (CSP 3 §6.1)
    html_policy = {
        "index.html": f"{index_csp}; frame-ancestors 'none'",
        "embed.html": f"{embed_csp}; frame-ancestors 'none'",
    }
    failures = []
    # The README's "Hosting the page" shows the same policy.
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    hosting = readme.split("### Hosting the page", 1)[-1].split("\n## ", 1)[0]
    if f"  {html_policy['index.html']}\n" not in hosting:
        failures.append("README.md, \"Hosting the page\": not index.html's policy plus frame-ancestors")

    with tempfile.TemporaryDirectory() as site:
        for page in ("index.html", "embed.html"):
            shutil.copy(os.path.join(ROOT, "www", page), site)
        os.makedirs(os.path.join(site, "pkg"))
        files = {
            "app.js": b"export {};\n",
            "widget-worker.js": b"export {};\n",
            "module.mjs": b"export {};\n",
            "style.css": b"body {}\n",
            "widget.d.ts": b"export {};\n",
            "pkg/dnssec_health_bg.wasm": b"\0asm\1\0\0\0",
            "pkg/dnssec_health.js": b"export default function init() {}\n",
        }
        for name, body in files.items():
            with open(os.path.join(site, name), "wb") as f:
                f.write(body)

        server = subprocess.Popen(
            [sys.executable, SERVE, "--port", "0", "--directory", site],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            first = server.stdout.readline().strip()
            assert first.startswith("serving ") and " on http://127.0.0.1:" in first, first
            base = first.rsplit(" on ", 1)[1].rstrip("/")

            # (path, method, status, Content-Type prefix, Content-Security-Policy)
            cases = [
                ("/", "GET", 200, "text/html", html_policy["index.html"]),
                ("/index.html?name=example.com", "GET", 200, "text/html", html_policy["index.html"]),
                ("/", "HEAD", 200, "text/html", html_policy["index.html"]),
                ("/embed.html", "GET", 200, "text/html", html_policy["embed.html"]),
                ("/app.js", "GET", 200, "text/javascript", index_csp),
                ("/widget-worker.js", "GET", 200, "text/javascript", index_csp),
                ("/module.mjs", "GET", 200, "text/javascript", index_csp),
                ("/pkg/dnssec_health.js", "GET", 200, "text/javascript", index_csp),
                ("/pkg/dnssec_health_bg.wasm", "GET", 200, "application/wasm", index_csp),
                ("/style.css", "GET", 200, "text/css", index_csp),
                ("/widget.d.ts", "GET", 200, "text/plain", index_csp),
                ("/missing.html", "GET", 404, "text/html", html_policy["index.html"]),
                ("/pkg/", "GET", 200, "text/html", html_policy["index.html"]),
            ]
            for path, method, status, content_type, csp in cases:
                failed_before = len(failures)
                got_status, headers, body = fetch(base + path, method)
                what = f"{method} {path}"
                checks = [
                    ("status", got_status, status),
                    ("Content-Type", (headers["Content-Type"] or "").split(";")[0], content_type),
                    ("Content-Security-Policy", headers.get_all("Content-Security-Policy"), [csp]),
                    ("X-Content-Type-Options", headers.get_all("X-Content-Type-Options"), ["nosniff"]),
                    ("Referrer-Policy", headers.get_all("Referrer-Policy"), ["no-referrer"]),
                ]
                for name, got, want in checks:
                    if got != want:
                        failures.append(f"{what}: {name} is {got!r}, expected {want!r}")
                if method == "HEAD" and body:
                    failures.append(f"{what}: a body of {len(body)} bytes")
                print(f"{'ok  ' if len(failures) == failed_before else 'FAIL'} {what}")
        finally:
            server.terminate()
            server.wait(timeout=10)

    if failures:
        print("\n".join(["FAILED:"] + failures), file=sys.stderr)
        sys.exit(1)
    print("serve.py headers ok")


if __name__ == "__main__":
    main()
