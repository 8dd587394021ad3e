#!/usr/bin/env python3
"""Serves www/ (or --directory) on 127.0.0.1 with the headers a static host of the page should
send (README, "Hosting the page"); used by `./build.sh serve`. Python standard library only.

Every response gets:
  Content-Security-Policy   HTML: the page's own <meta http-equiv="Content-Security-Policy">
                            (index.html's for a page without one, a directory listing or an
                            error page) plus frame-ancestors 'none', which a <meta> cannot
                            carry. Other files: index.html's policy without frame-ancestors, so
                            the widget's files stay embeddable from other origins; for a Worker
                            script (widget-worker.js) it is the Worker's policy.
  X-Content-Type-Options    nosniff
  Referrer-Policy           no-referrer
and an exact Content-Type for the types the page uses (application/wasm for .wasm,
text/javascript for .js and .mjs: module scripts and WebAssembly.instantiateStreaming need them,
and nosniff makes browsers hold every type to its word).

  scripts/serve.py [--port 8080] [--bind 127.0.0.1] [--directory www]

The first line on stdout is `serving DIR on http://HOST:PORT/` (with the real port when
--port 0 asks for a free one).
"""
import argparse
import functools
import html.parser
import http.server
import os
import sys

FRAME_ANCESTORS = "frame-ancestors 'none'"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".ts": "text/plain; charset=utf-8",  # TypeScript declarations (.d.ts), not MPEG streams
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class _MetaCsp(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.csp = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (tag == "meta" and self.csp is None
                and (attrs.get("http-equiv") or "").lower() == "content-security-policy"):
            self.csp = attrs.get("content")


def meta_csp(path):
    """The Content-Security-Policy of an HTML file's <meta http-equiv>, or None."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return None
    parser = _MetaCsp()
    parser.feed(text)
    return parser.csp


def with_frame_ancestors(csp):
    return f"{csp.strip().rstrip(';').strip()}; {FRAME_ANCESTORS}"


def make_handler(directory):
    directory = os.path.abspath(directory)
    index_csp = meta_csp(os.path.join(directory, "index.html"))
    if not index_csp:
        sys.exit(f"serve.py: {directory}/index.html has no Content-Security-Policy <meta>")

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

        def log_message(self, format, *args):
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

        def send_response(self, code, message=None):
            self._content_type = None
            super().send_response(code, message)

        def send_header(self, keyword, value):
            if keyword.lower() == "content-type":
                self._content_type = value
            super().send_header(keyword, value)

        def end_headers(self):
            for key, value in BASE_HEADERS.items():
                self.send_header(key, value)
            self.send_header("Content-Security-Policy", self._policy())
            super().end_headers()

        def _policy(self):
            content_type = (getattr(self, "_content_type", None) or "").lower()
            if not content_type.startswith("text/html"):
                return index_csp
            # The page's own policy (embed.html allows blob: Workers, index.html does not).
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            return with_frame_ancestors(meta_csp(path) or index_csp)

    return functools.partial(Handler, directory=directory)


def main(argv=None):
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="0: a free port")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", default=os.path.join(root, "www"))
    args = parser.parse_args(argv)
    handler = make_handler(args.directory)
    server = http.server.ThreadingHTTPServer((args.bind, args.port), handler)
    host, port = server.server_address[:2]
    print(f"serving {os.path.abspath(args.directory)} on http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
