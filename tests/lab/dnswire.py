"""Minimal DNS wire-format helpers for the test lab (stdlib only).

Just enough to build queries, read the header/question of a message, and
rewrite a response with some resource records removed (the stripping proxy).
"""

import random
import socket
import struct

TYPE_A = 1
TYPE_NS = 2
TYPE_CNAME = 5
TYPE_SOA = 6
TYPE_PTR = 12
TYPE_MX = 15
TYPE_OPT = 41
TYPE_RRSIG = 46
TYPE_NSEC = 47
TYPE_DNSKEY = 48
TYPE_NSEC3 = 50

RCODE_SERVFAIL = 2
RCODE_REFUSED = 5

FLAG_QR = 0x8000
FLAG_TC = 0x0200
FLAG_RD = 0x0100
FLAG_RA = 0x0080

# Types whose RDATA may carry compressed names (RFC 3597 section 4):
# type -> layout, where "N" is a domain name and an integer a fixed-size field.
_COMPRESSIBLE_RDATA = {
    TYPE_NS: ("N",),
    TYPE_CNAME: ("N",),
    TYPE_PTR: ("N",),
    TYPE_MX: (2, "N"),
    TYPE_SOA: ("N", "N", 20),
}


class WireError(ValueError):
    """The bytes are not a well-formed DNS message."""


def read_name(msg, offset):
    """Decode a (possibly compressed) name; returns (labels, next offset)."""
    labels = []
    end = None
    jumps = 0
    while True:
        if offset >= len(msg):
            raise WireError("name runs past the end of the message")
        length = msg[offset]
        if length & 0xC0 == 0xC0:
            if offset + 1 >= len(msg):
                raise WireError("truncated compression pointer")
            if end is None:
                end = offset + 2
            jumps += 1
            if jumps > 64:
                raise WireError("compression loop")
            offset = ((length & 0x3F) << 8) | msg[offset + 1]
            continue
        if length & 0xC0:
            raise WireError("unsupported label type")
        offset += 1
        if length == 0:
            break
        labels.append(msg[offset:offset + length])
        offset += length
    return labels, (end if end is not None else offset)


def encode_name(labels):
    """Encode a name without compression."""
    return b"".join(bytes([len(l)]) + l for l in labels) + b"\x00"


def name_from_text(text):
    return [l.encode("ascii") for l in text.strip(".").split(".") if l]


def is_at_or_below(labels, zone_labels):
    """True when the name `labels` equals or is a subdomain of `zone_labels`."""
    if len(labels) < len(zone_labels):
        return False
    tail = labels[len(labels) - len(zone_labels):] if zone_labels else []
    return [l.lower() for l in tail] == [l.lower() for l in zone_labels]


def build_query(qname, qtype, dnssec_ok=True, msg_id=None):
    """A recursive query with an EDNS OPT record (DO bit when asked)."""
    msg_id = random.randrange(65536) if msg_id is None else msg_id
    header = struct.pack("!HHHHHH", msg_id, FLAG_RD, 1, 0, 0, 1)
    question = encode_name(name_from_text(qname)) + struct.pack("!HH", qtype, 1)
    opt = b"\x00" + struct.pack("!HHIH", TYPE_OPT, 1232, 0x8000 if dnssec_ok else 0, 0)
    return header + question + opt


def question_end(msg):
    """Offset just after the question section (raises WireError if malformed)."""
    if len(msg) < 12:
        raise WireError("message shorter than a DNS header")
    qdcount = struct.unpack_from("!H", msg, 4)[0]
    offset = 12
    for _ in range(qdcount):
        _, offset = read_name(msg, offset)
        offset += 4
    if offset > len(msg):
        raise WireError("question runs past the end of the message")
    return offset


def first_question(msg):
    """(qname labels, qtype) of the first question, or None when there is none."""
    if len(msg) < 12 or struct.unpack_from("!H", msg, 4)[0] == 0:
        return None
    labels, offset = read_name(msg, 12)
    if offset + 4 > len(msg):
        raise WireError("truncated question")
    return labels, struct.unpack_from("!H", msg, offset)[0]


def error_response(query, rcode):
    """A response to `query` with the given RCODE: same ID and question, no records."""
    end = question_end(query)
    msg_id, flags = struct.unpack_from("!HH", query, 0)
    qdcount = struct.unpack_from("!H", query, 4)[0]
    flags = FLAG_QR | (flags & FLAG_RD) | FLAG_RA | (flags & 0x7800) | rcode
    return struct.pack("!HHHHHH", msg_id, flags, qdcount, 0, 0, 0) + query[12:end]


def _decompress_rdata(msg, rtype, start, length):
    """RDATA with any compressed names expanded, so the record can move."""
    layout = _COMPRESSIBLE_RDATA.get(rtype)
    if layout is None:
        return msg[start:start + length]
    out = b""
    offset = start
    for field in layout:
        if field == "N":
            labels, offset = read_name(msg, offset)
            out += encode_name(labels)
        else:
            out += msg[offset:offset + field]
            offset += field
    return out


def parse_records(msg):
    """Split a message into (header, question bytes, [section lists]).

    Each record is (owner labels, type, class, ttl, rdata bytes) with names in
    RDATA already decompressed, so records can be re-encoded independently.
    """
    end = question_end(msg)
    counts = struct.unpack_from("!HHH", msg, 6)
    offset = end
    sections = []
    for count in counts:
        records = []
        for _ in range(count):
            owner, offset = read_name(msg, offset)
            if offset + 10 > len(msg):
                raise WireError("truncated resource record")
            rtype, rclass, ttl, rdlen = struct.unpack_from("!HHIH", msg, offset)
            offset += 10
            if offset + rdlen > len(msg):
                raise WireError("RDATA runs past the end of the message")
            records.append((owner, rtype, rclass, ttl, _decompress_rdata(msg, rtype, offset, rdlen)))
            offset += rdlen
        sections.append(records)
    return msg[:12], msg[12:end], sections


def build_message(header, question, sections):
    """Inverse of parse_records (uncompressed names)."""
    counts = struct.pack("!HHH", *(len(s) for s in sections))
    body = b""
    for records in sections:
        for owner, rtype, rclass, ttl, rdata in records:
            body += encode_name(owner) + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata
    return header[:6] + counts + question + body


def covered_type(rtype, rdata):
    """The type an RRSIG covers, or None for other records."""
    return struct.unpack_from("!H", rdata, 0)[0] if rtype == TYPE_RRSIG and len(rdata) >= 2 else None


def udp_payload_size(query):
    """Largest UDP response the querier accepts (EDNS buffer size, else 512)."""
    try:
        _, _, sections = parse_records(query)
    except WireError:
        return 512
    for _, rtype, rclass, _, _ in sections[2]:
        if rtype == TYPE_OPT:
            return max(512, rclass)
    return 512


def set_truncated(msg):
    """Header + question only, with TC set: tells the client to retry over TCP."""
    end = question_end(msg)
    msg_id, flags, qdcount = struct.unpack_from("!HHH", msg, 0)
    return struct.pack("!HHHHHH", msg_id, flags | FLAG_TC, qdcount, 0, 0, 0) + msg[12:end]


def recv_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("connection closed mid-message")
        data += chunk
    return data


def exchange_udp(msg, port, timeout):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(msg, ("127.0.0.1", port))
        while True:
            reply, _ = sock.recvfrom(65535)
            if reply[:2] == msg[:2]:
                return reply


def exchange_tcp(msg, port, timeout):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(struct.pack("!H", len(msg)) + msg)
        length = struct.unpack("!H", recv_exact(sock, 2))[0]
        return recv_exact(sock, length)


def exchange(msg, port, timeout=5.0):
    """Send over UDP, retrying over TCP when the answer is truncated."""
    reply = exchange_udp(msg, port, timeout)
    if len(reply) >= 4 and struct.unpack_from("!H", reply, 2)[0] & FLAG_TC:
        reply = exchange_tcp(msg, port, timeout)
    return reply


def rcode(msg):
    return struct.unpack_from("!H", msg, 2)[0] & 0xF
