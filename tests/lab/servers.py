"""In-process servers of the test lab: the stripping DNS proxy and the DoH front end."""

import base64
import os
import socketserver
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import dnswire

UPSTREAM_TIMEOUT = 5.0
SLOW_SECONDS = 30


# --------------------------------------------------------------------------
# DNS proxy between Unbound and named: removes records a scenario wants gone.
# --------------------------------------------------------------------------

class StripRules:
    """Which records to drop from which responses."""

    def __init__(self, denial_zones, dnskey_zones):
        self.denial_zones = [dnswire.name_from_text(z) for z in denial_zones]
        self.dnskey_zones = [dnswire.name_from_text(z) for z in dnskey_zones]

    def doomed_types(self, qname):
        """Record types to remove (with their RRSIGs) from a response to qname."""
        doomed = set()
        if any(dnswire.is_at_or_below(qname, z) for z in self.denial_zones):
            doomed |= {dnswire.TYPE_NSEC, dnswire.TYPE_NSEC3}
        if any(dnswire.is_at_or_below(qname, z) for z in self.dnskey_zones):
            doomed.add(dnswire.TYPE_DNSKEY)
        return doomed

    def rewrite(self, response):
        """The response with doomed records removed (unchanged bytes otherwise)."""
        try:
            question = dnswire.first_question(response)
        except dnswire.WireError:
            return response
        doomed = self.doomed_types(question[0]) if question else set()
        if not doomed:
            return response
        header, qbytes, sections = dnswire.parse_records(response)
        kept = [
            [rr for rr in records
             if rr[1] not in doomed and dnswire.covered_type(rr[1], rr[4]) not in doomed]
            for records in sections
        ]
        return dnswire.build_message(header, qbytes, kept)


class DnsProxy:
    """UDP + TCP proxy on one port, forwarding every query to named."""

    def __init__(self, udp_sock, tcp_sock, upstream_port, rules):
        self.upstream_port = upstream_port
        self.rules = rules
        self.udp_sock = udp_sock
        proxy = self

        class TcpHandler(socketserver.BaseRequestHandler):
            def handle(self):
                self.request.settimeout(UPSTREAM_TIMEOUT * 2)
                try:
                    while True:
                        length = struct.unpack("!H", dnswire.recv_exact(self.request, 2))[0]
                        query = dnswire.recv_exact(self.request, length)
                        reply = proxy.answer(query, tcp=True)
                        if reply is None:
                            return
                        self.request.sendall(struct.pack("!H", len(reply)) + reply)
                except (OSError, ConnectionError, struct.error):
                    return

        self.tcp_server = _ExistingSocketTcpServer(tcp_sock, TcpHandler)

    def answer(self, query, tcp):
        try:
            if tcp:
                reply = dnswire.exchange_tcp(query, self.upstream_port, UPSTREAM_TIMEOUT)
            else:
                reply = dnswire.exchange_udp(query, self.upstream_port, UPSTREAM_TIMEOUT)
        except OSError:
            return None
        try:
            rewritten = self.rules.rewrite(reply)
        except dnswire.WireError:
            return reply
        if not tcp and rewritten is not reply and len(rewritten) > dnswire.udp_payload_size(query):
            # The rewrite is uncompressed and may outgrow the client's buffer.
            rewritten = dnswire.set_truncated(rewritten)
        return rewritten

    def _serve_udp(self):
        while True:
            try:
                query, client = self.udp_sock.recvfrom(65535)
            except OSError:
                return
            threading.Thread(target=self._udp_reply, args=(query, client), daemon=True).start()

    def _udp_reply(self, query, client):
        reply = self.answer(query, tcp=False)
        if reply is not None:
            try:
                self.udp_sock.sendto(reply, client)
            except OSError:
                pass

    def start(self):
        threading.Thread(target=self._serve_udp, daemon=True).start()
        threading.Thread(target=self.tcp_server.serve_forever, daemon=True).start()

    def stop(self):
        self.tcp_server.shutdown()
        self.tcp_server.server_close()
        self.udp_sock.close()


class _ExistingSocketTcpServer(socketserver.ThreadingTCPServer):
    """A threading TCP server on a socket that is already bound."""

    daemon_threads = True

    def __init__(self, sock, handler):
        super().__init__(sock.getsockname(), handler, bind_and_activate=False)
        self.socket.close()
        self.socket = sock
        self.socket.listen(64)


# --------------------------------------------------------------------------
# DNS-over-HTTPS front end (RFC 8484 over plain HTTP/1.1, with CORS).
# --------------------------------------------------------------------------

FAULTS = ("status500", "garbage", "truncated", "html", "slow", "servfail", "refused")

HTML_PAGE = b"<!DOCTYPE html><html><head><title>Portal</title></head>" \
            b"<body><h1>Please log in</h1></body></html>\n"


def make_doh_handler(resolver_port, resolvers=None):
    """Request handler class forwarding DoH queries to the resolver on resolver_port, and
    those on /NAME/dns-query to the resolver on port resolvers[NAME]."""
    resolvers = dict(resolvers or {})
    assert not set(resolvers) & set(FAULTS)

    class DohHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "dnssec-health-lab"

        def log_message(self, fmt, *args):
            pass

        def _send(self, status, body, content_type, extra=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Cache-Control", "no-store")
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _route(self):
            """(fault name or None, resolver port) for the request path, or None: not found."""
            path = urlsplit(self.path).path
            if path == "/dns-query":
                return None, resolver_port
            parts = path.strip("/").split("/")
            if len(parts) == 2 and parts[1] == "dns-query":
                if parts[0] in FAULTS:
                    return parts[0], resolver_port
                if parts[0] in resolvers:
                    return None, resolvers[parts[0]]
            return None

        def do_OPTIONS(self):
            if self._route() is None:
                return self._send(404, b"not found\n", "text/plain")
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "86400")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            route = self._route()
            if route is None:
                return self._send(404, b"not found\n", "text/plain")
            values = parse_qs(urlsplit(self.path).query).get("dns")
            if not values:
                return self._send(400, b"missing dns parameter\n", "text/plain")
            encoded = values[0]
            try:
                query = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            except ValueError:
                return self._send(400, b"bad base64url\n", "text/plain")
            self._answer(route, query)

        def do_POST(self):
            route = self._route()
            if route is None:
                return self._send(404, b"not found\n", "text/plain")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if content_type != "application/dns-message":
                return self._send(415, b"expected application/dns-message\n", "text/plain")
            self._answer(route, body)

        def _answer(self, route, query):
            fault, port = route
            try:
                dnswire.question_end(query)
            except dnswire.WireError:
                return self._send(400, b"malformed DNS query\n", "text/plain")
            if fault == "status500":
                return self._send(500, b"internal server error\n", "text/plain")
            if fault == "html":
                return self._send(200, HTML_PAGE, "text/html; charset=utf-8")
            if fault == "garbage":
                # Random bytes whose header claims 65535 questions: never parses.
                junk = os.urandom(2) + b"\x81\x80\xff\xff" + os.urandom(42)
                return self._send(200, junk, "application/dns-message")
            if fault in ("servfail", "refused"):
                rcode = dnswire.RCODE_SERVFAIL if fault == "servfail" else dnswire.RCODE_REFUSED
                return self._send(200, dnswire.error_response(query, rcode), "application/dns-message")
            if fault == "slow":
                time.sleep(SLOW_SECONDS)
            try:
                reply = dnswire.exchange(query, port, UPSTREAM_TIMEOUT)
            except OSError as err:
                return self._send(502, f"resolver unreachable: {err}\n".encode(), "text/plain")
            if fault == "truncated":
                reply = reply[:len(reply) // 2]
            self._send(200, reply, "application/dns-message")

    return DohHandler


class _DohServer(ThreadingHTTPServer):
    # A check opens one connection per concurrent query (dozens for an order); the default
    # listen backlog of 5 drops the excess SYNs, which the client only retries after 1 s, 3 s...
    request_queue_size = 256
    daemon_threads = True


def start_doh(resolver_port, resolvers=None):
    """Bind the DoH server on a free loopback port and serve it in a thread; `resolvers` as
    for make_doh_handler."""
    server = _DohServer(("127.0.0.1", 0), make_doh_handler(resolver_port, resolvers))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
