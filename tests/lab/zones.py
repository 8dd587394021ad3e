"""Zone catalogue of the DNSSEC test lab, and how it is signed.

Every zone is written as a master file, signed with dnssec-keygen /
dnssec-signzone (BIND 9), then deliberately broken where a scenario asks for
it. NSEC3 chains that dnssec-signzone refuses to make (more than 150
iterations) are built here and signed through openssl. All zones are served by one authoritative `named`; every delegation points
at 127.0.0.1. A second `named` serves the stale world: the same files but for
the copies of _stale_copies() (the state before a DS rollover). See
tests/lab/README.md for the expected validator outcome of each scenario.
"""

import base64
import hashlib
import json
import os
import shutil
import calendar
import struct
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

# Signature validity of the healthy zones: ten years from signing time.
VALIDITY_SECONDS = 10 * 365 * 86400
# A cached build is reused only while its healthy signatures stay valid this long.
MIN_REMAINING_VALIDITY = 86400

# Responses for names at or below these zones lose their NSEC/NSEC3 records
# (and RRSIGs over them) in the stripping proxy: named would serve a zone whose
# chain was removed from the zone file as unsigned, so the proof must vanish on
# the wire instead.
STRIP_DENIAL_ZONES = ("stripnsec.lab.", "stripnsec3.lab.")
# Responses for names at or below these zones lose their DNSKEY records (and
# RRSIGs over them) in the proxy: named serves a zone whose DNSKEY RRset was
# removed from the zone file as unsigned (no RRSIG in answers, no NSEC), so
# the missing DNSKEY is simulated on the wire.
STRIP_DNSKEY_ZONES = ("nodnskey.lab.",)

HOSTILE_TXT = '"<script>alert(1)</script><img src=x onerror=alert(2)>"'

# dnssec-signzone (BIND 9.18) refuses NSEC3 with more iterations than this, and
# so does named's own signing. Zones asking for more get their NSEC3 chain built
# here instead (see _swap_in_nsec3_chain); named still loads and serves them
# ("excessive NSEC3PARAM iterations"), and validators treat their denials as
# insecure (RFC 9276 section 3.2).
SIGNZONE_MAX_ITERATIONS = 150


@dataclass
class Zone:
    name: str                       # absolute, with trailing dot ("." for the root)
    alg: int = 13                   # 0 = unsigned zone
    nsec3: bool = False
    nsec3_salt: str = "-"
    nsec3_iterations: int = 0
    optout: bool = False
    # How the parent publishes this zone's DS: "sha256", "sha1", "sha384",
    # "none" (insecure delegation), "nokey" (DS of a key the zone does not
    # publish), "baddigest", "alg253" (unknown algorithm), "digest200"
    # (unknown digest type).
    ds: str = "sha256"
    # Signature validity window: None = now .. now + VALIDITY_SECONDS.
    validity: tuple = None
    # Post-signing damage: "zsk-only-dnskey", "badsig-www" / "nosig-www" (the RRSIG over
    # www A and token TXT corrupted / removed), "badsig-apex-nsec" (the RRSIG over the
    # apex NSEC corrupted).
    damage: str = None
    # Build the NSEC3 chain here even at an iteration count dnssec-signzone
    # accepts (the control for the chains it refuses, see _swap_in_nsec3_chain).
    lab_nsec3_chain: bool = False
    records: list = field(default_factory=list)   # extra master-file lines
    # Signature validity relative to the signing time, (inception, expiration) offsets in
    # seconds: these zones are re-signed at every lab start, cached build or not (see
    # _resign_relative), so the window is always relative to the test run.
    relative_validity: tuple = None
    # RSA key sizes by role, e.g. {"zsk": 1024}; below 1024 bits, which dnssec-keygen
    # refuses, the key is made with openssl (_small_rsa_key).
    key_bits: dict = None
    # More keys published in the zone and signing it, by role: "ksk2" is a second KSK.
    extra_keys: tuple = ()
    # CDS/CDNSKEY at the apex (RFC 7344, RFC 8078): "delete" (0 0 0 00), or a key role
    # ("ksk2"): the CDS of that key, whatever DS the parent publishes.
    cds: str = None
    # SOA serial of the zone as named serves it.
    serial: int = 1
    # TTL of the DS RRset in the parent (None: the parent's $TTL, 3600).
    ds_ttl: int = None
    # Keys made (by role) but not published: e.g. the old KSK a rollover already removed.
    retired_keys: tuple = ()
    # A KSK rollover seen through the stale world (see _stale_copies): the role of the key
    # whose DS the stale world's parent still publishes instead of the KSK's, the old KSK.
    stale_ds_key: str = None
    # The stale world serves a copy of this zone with this (older) SOA serial.
    stale_serial: int = None

    @property
    def signed(self):
        return self.alg != 0

    @property
    def file_label(self):
        return "root" if self.name == "." else self.name.rstrip(".")


def _chain():
    """chain1 -> chain2 -> ... -> chain12 -> www: twelve CNAMEs in one zone.

    Both named 9.18 and Unbound 1.17 give up after 11 CNAMEs (SERVFAIL), so the
    resolver fails chain1 while chain2 (eleven CNAMEs) still resolves.
    """
    links = [f"chain{i} CNAME chain{i + 1}" for i in range(1, 12)]
    return links + ["chain12 CNAME www"]


ZONES = [
    Zone(".", alg=8),
    Zone("lab.", alg=13),
    Zone("lab3.", alg=13, nsec3=True, optout=True),
    # Algorithms and DS digest types.
    Zone("alg5.lab.", alg=5),
    Zone("alg7.lab.", alg=7, nsec3=True),
    Zone("alg8.lab.", alg=8, records=['token TXT "dcv-token"']),
    Zone("alg10.lab.", alg=10),
    Zone("alg13.lab.", alg=13, records=[
        "x.ent A 192.0.2.1",
        f"txt TXT {HOSTILE_TXT}",
        "to-bogus CNAME www.badsig.lab.",
        "to-insecure CNAME www.unsigned.lab.",
        "to-secure CNAME www.alg8.lab.",
        'caa-target CAA 0 issue "sectigo.com"',
        "loop1 CNAME loop2.alg13.lab.",
        "loop2 CNAME loop1.alg13.lab.",
    ] + _chain()),
    Zone("alg14.lab.", alg=14),
    Zone("alg15.lab.", alg=15),
    Zone("alg16.lab.", alg=16),
    Zone("ds1.lab.", ds="sha1"),
    Zone("ds4.lab.", ds="sha384"),
    # Denial of existence.
    Zone("nsec3.lab.", nsec3=True),
    Zone("nsec3iter.lab.", nsec3=True, nsec3_salt="CAFEBABE", nsec3_iterations=10),
    # Above the limit of BIND and Unbound (150): signed by dnssec-signzone with
    # NSEC, then the chain is replaced by a 200-iteration NSEC3 chain signed with
    # the zone's Ed25519 ZSK through openssl (_swap_in_nsec3_chain).
    Zone("nsec3big.lab.", alg=15, nsec3=True, nsec3_salt="CAFE", nsec3_iterations=200),
    # The same construction at exactly 150 iterations: validators still accept it,
    # so the verdicts above come from the iteration count, not from the chain.
    Zone("nsec3max.lab.", alg=15, nsec3=True, nsec3_salt="CAFE", nsec3_iterations=150,
         lab_nsec3_chain=True),
    Zone("wild.lab.", records=["* A 192.0.2.7"]),
    Zone("wild3.lab.", nsec3=True, records=["* A 192.0.2.7"]),
    # Insecure delegations.
    Zone("unsigned.lab.", alg=0, ds="none", records=['token TXT "dcv-token"']),
    Zone("unsigned.lab3.", alg=0, ds="none"),
    Zone("optout.lab.", nsec3=True, optout=True, records=["*.w A 192.0.2.9"]),
    Zone("child.optout.lab.", alg=0, ds="none"),
    # Deeper chain of trust.
    Zone("deep.lab.", records=["sub A 192.0.2.1"]),
    Zone("c.deep.lab.", records=["a.b A 192.0.2.1"]),
    # Broken chains of trust and signatures.
    Zone("ds-nokey.lab.", ds="nokey"),
    Zone("ds-baddigest.lab.", ds="baddigest"),
    Zone("dnskey-zsk-only.lab.", damage="zsk-only-dnskey"),
    Zone("expired.lab.", validity=("20200101000000", "20200201000000")),
    Zone("future.lab.", validity=("20600101000000", "20610101000000")),
    Zone("badsig.lab.", damage="badsig-www", records=['token TXT "dcv-token"']),
    Zone("nosig.lab.", damage="nosig-www"),
    Zone("unknown-alg.lab.", ds="alg253"),
    Zone("unknown-digest.lab.", ds="digest200"),
    Zone("nodnskey.lab."),
    # Missing denial proofs (stripped by the proxy, see STRIP_DENIAL_ZONES).
    Zone("stripnsec.lab.", records=["*.w A 192.0.2.7"]),
    Zone("insecure.stripnsec.lab.", alg=0, ds="none"),
    Zone("stripnsec3.lab.", nsec3=True, records=["*.w A 192.0.2.7"]),
    Zone("insecure.stripnsec3.lab.", alg=0, ds="none"),
    # DNAME.
    Zone("dname.lab.", records=["sub DNAME alg13.lab."]),
    # Certificate orders: CAA (RFC 8659) and domain-control records.
    Zone("caa.lab.", records=[
        '@ CAA 0 issue "letsencrypt.org"',
        '@ CAA 0 issuewild ";"',
        '@ CAA 0 iodef "mailto:security@caa.lab"',
        'sub CAA 0 issue "digicert.com"',
        "www.sub A 192.0.2.1",
        'crit CAA 0 issue "digicert.com"',
        'crit CAA 128 tbs "unknown"',
        'cond CAA 0 issue "letsencrypt.org; validationmethods=dns-01"',
        "alias CNAME caa-target.alg13.lab.",
        "_acme-challenge.secure CNAME token.alg8.lab.",
        "_acme-challenge.insecure CNAME token.unsigned.lab.",
        "_acme-challenge.bogus CNAME token.badsig.lab.",
    ]),
    # A parent whose apex NSEC signature is corrupted (so its CAA denial is bogus) above a
    # healthy signed child.
    Zone("badnsec.lab.", damage="badsig-apex-nsec"),
    Zone("child.badnsec.lab."),
    # A DS rollover in progress, seen through two resolvers (the stale world, see
    # _stale_copies): lab. now has the DS of the new KSK, the stale resolver's lab. still the
    # DS of the old one, with the DS TTL of a TLD (one day). roll.lab still publishes and
    # signs with both KSKs (a correct double-KSK rollover; the stale world also has its
    # previous serial); roll-broken.lab already removed the old KSK, which a resolver that
    # still holds the old DS cannot validate.
    Zone("roll.lab.", extra_keys=("ksk_old",), stale_ds_key="ksk_old", ds_ttl=86400,
         serial=2026032502, stale_serial=2026032501),
    Zone("roll-broken.lab.", retired_keys=("ksk_old",), stale_ds_key="ksk_old", ds_ttl=86400,
         serial=2026032502),
]


def parent_of(zone, zones=ZONES):
    """The closest enclosing zone in the catalogue (None for the root)."""
    if zone.name == ".":
        return None
    best = None
    for other in zones:
        if other is zone:
            continue
        if other.name == "." or zone.name.endswith("." + other.name):
            if best is None or len(other.name) > len(best.name):
                best = other
    return best


def _run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr}{result.stdout}")
    return result.stdout


def _key_size(alg, ksk):
    # 2048-bit RSA keys, today's minimum advice, so that healthy zones raise no RSA_KEY_SHORT
    # warning; other algorithms have fixed sizes.
    if alg in (5, 7, 8, 10):
        return ["-b", "2048"]
    return []


def _keygen(keydir, zone_name, alg, ksk, bits=None):
    os.makedirs(keydir, exist_ok=True)
    if bits is not None and bits < 1024:
        return _small_rsa_key(keydir, zone_name, alg, ksk, bits)
    args = ["dnssec-keygen", "-q", "-K", keydir, "-a", str(alg), "-n", "ZONE", "-L", "3600"]
    size = ["-b", str(bits)] if bits is not None else _key_size(alg, ksk)
    args += size + (["-f", "KSK"] if ksk else []) + [zone_name]
    return os.path.join(keydir, _run(args).strip())


def _read_dnskey(key_base):
    """(flags, protocol, algorithm, public key bytes, key tag) of a K*.key file."""
    with open(key_base + ".key") as f:
        lines = [l for l in f if l.strip() and not l.startswith(";")]
    tokens = lines[0].split()
    i = tokens.index("DNSKEY")
    flags, proto, alg = int(tokens[i + 1]), int(tokens[i + 2]), int(tokens[i + 3])
    key = base64.b64decode("".join(tokens[i + 4:]))
    tag = int(os.path.basename(key_base).rsplit("+", 1)[1])
    return flags, proto, alg, key, tag


def _wire_name(name):
    labels = [l for l in name.lower().strip(".").split(".") if l]
    return b"".join(bytes([len(l)]) + l.encode() for l in labels) + b"\x00"


def ds_record(zone_name, key_base, digest_type, ttl=None):
    """DS RR text for a key (digest types 1, 2 and 4), as in RFC 4034 5.1.4."""
    flags, proto, alg, key, tag = _read_dnskey(key_base)
    rdata = struct.pack("!HBB", flags, proto, alg) + key
    hasher = {1: hashlib.sha1, 2: hashlib.sha256, 4: hashlib.sha384}[digest_type]
    digest = hasher(_wire_name(zone_name) + rdata).hexdigest().upper()
    ttl_text = f"{ttl} " if ttl is not None else ""
    return f"{zone_name} {ttl_text}IN DS {tag} {alg} {digest_type} {digest}"


def _parent_ds_lines(zone, keys, stale=False):
    """The DS lines the parent publishes for `zone` (deliberately wrong ones too); `stale`:
    those of the stale world, where a rolled zone's DS still names its old KSK."""
    if zone.ds == "none":
        return []
    ksk = keys[zone.name]["ksk"]
    if stale and zone.stale_ds_key:
        ksk = keys[zone.name][zone.stale_ds_key]
    if zone.ds == "nokey":
        return [ds_record(zone.name, keys[zone.name]["unpublished"], 2)]
    if zone.ds in ("sha1", "sha256", "sha384"):
        digest = {"sha1": 1, "sha256": 2, "sha384": 4}[zone.ds]
        return [ds_record(zone.name, ksk, digest, ttl=zone.ds_ttl)]
    if zone.ds in WARNING_DS_MODES:
        return _warning_ds_lines(zone, keys)
    owner, cls, rtype, tag, alg, dtype, digest = ds_record(zone.name, ksk, 2).split()
    if zone.ds == "baddigest":
        digest = digest[:10] + ("0" if digest[10] != "0" else "1") + digest[11:]
    elif zone.ds == "alg253":
        alg = "253"
    elif zone.ds == "digest200":
        dtype, digest = "200", hashlib.sha256(digest.encode()).hexdigest().upper()
    else:
        raise ValueError(f"unknown DS mode {zone.ds}")
    return [f"{owner} {cls} {rtype} {tag} {alg} {dtype} {digest}"]


def _master_file(zone, keys, zones, stale=False):
    """Unsigned master file text for one zone, delegations included; `stale`: the zone as the
    stale world serves it (older serial, the DS of rolled children's old KSKs)."""
    origin = zone.name
    ns = "ns.root." if origin == "." else f"ns.{origin}"
    serial = zone.stale_serial if stale and zone.stale_serial is not None else zone.serial
    lines = [
        f"$ORIGIN {origin}",
        "$TTL 3600",
        f"@ SOA {ns} hostmaster.{'root.' if origin == '.' else origin} {serial} 3600 600 864000 300",
        f"@ NS {ns}",
        f"{ns} A 127.0.0.1",
    ]
    if origin != ".":
        lines.append("www A 192.0.2.1")
    lines += zone.records
    for child in zones:
        if parent_of(child, zones) is zone:
            lines.append(f"{child.name} NS ns.{child.name}")
            lines.append(f"ns.{child.name} A 127.0.0.1")
            lines += _parent_ds_lines(child, keys, stale)
    if zone.signed:
        for role in ("ksk", "zsk") + tuple(zone.extra_keys):
            lines.append(f"$INCLUDE {keys[zone.name][role]}.key")
        lines += _cds_lines(zone, keys)
    return "\n".join(lines) + "\n"


def _sign(zone, unsigned_path, signed_path, keydir, keys, now):
    args = ["dnssec-signzone", "-O", "full", "-o", zone.name, "-f", signed_path, "-K", keydir,
            "-d", os.path.dirname(signed_path)]  # its dsset- files, unused: DS come from ds_record
    lab_chain = zone.nsec3 and (zone.lab_nsec3_chain
                                or zone.nsec3_iterations > SIGNZONE_MAX_ITERATIONS)
    if zone.nsec3 and not lab_chain:
        args += ["-3", zone.nsec3_salt, "-H", str(zone.nsec3_iterations)]
        if zone.optout:
            args.append("-A")
    if zone.validity:
        # dnssec-signzone's own verification rejects these on purpose.
        args += ["-s", zone.validity[0], "-e", zone.validity[1], "-P"]
    elif zone.relative_validity:
        inception, expiration = zone.relative_validity
        args += ["-s", str(now + inception), "-e", str(now + expiration)]
    else:
        args += ["-s", str(now - 3600), "-e", str(now + VALIDITY_SECONDS)]
    args += [unsigned_path, keys[zone.name]["ksk"], keys[zone.name]["zsk"]]
    args += [keys[zone.name][role] for role in zone.extra_keys]
    _run(args)
    if lab_chain:
        _swap_in_nsec3_chain(zone, signed_path, keys[zone.name]["zsk"])
    if zone.damage:
        _damage(zone, signed_path, keys)


# Type mnemonics as dnssec-signzone -O full writes them, and their numbers.
_TYPE_NUMBERS = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28,
                 "DS": 43, "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "NSEC3": 50,
                 "NSEC3PARAM": 51}
_BASE32HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv")


def _nsec3_hash(name, salt, iterations):
    """RFC 5155 section 5: SHA-1 over the canonical name and salt, iterated."""
    digest = hashlib.sha1(_wire_name(name) + salt).digest()
    for _ in range(iterations):
        digest = hashlib.sha1(digest + salt).digest()
    return digest


def _type_bitmap(types):
    """RFC 4034 section 4.1.2 type bit map."""
    out, windows = b"", {}
    for t in types:
        windows.setdefault(t >> 8, set()).add(t & 0xFF)
    for window in sorted(windows):
        bits = bytearray(32)
        for t in windows[window]:
            bits[t >> 3] |= 0x80 >> (t & 7)
        length = max(windows[window]) // 8 + 1
        out += bytes([window, length]) + bytes(bits[:length])
    return out


def _ed25519_rrsig(owner, rtype, ttl, rdatas, zone_name, key_base, validity):
    """RRSIG RR text over one RRset (RFC 4034 section 3.1.8.1), signed with the
    Ed25519 key of a BIND K*.private file through `openssl pkeyutl`."""
    with open(key_base + ".private") as f:
        seed = base64.b64decode(next(l.split()[1] for l in f if l.startswith("PrivateKey:")))
    tag = int(os.path.basename(key_base).rsplit("+", 1)[1])
    expiration, inception = validity
    seconds = lambda t: calendar.timegm(time.strptime(t, "%Y%m%d%H%M%S"))
    labels = len([l for l in owner.split(".") if l])
    rdata = struct.pack("!HBBIIIH", rtype, 15, labels, ttl, seconds(expiration),
                        seconds(inception), tag) + _wire_name(zone_name)
    signed = rdata + b"".join(
        _wire_name(owner) + struct.pack("!HHIH", rtype, 1, ttl, len(r)) + r
        for r in sorted(rdatas))
    # PKCS #8 wrapping of a raw Ed25519 private key (RFC 8410 section 7).
    der = bytes.fromhex("302e020100300506032b657004220420") + seed
    pem = ("-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(der).decode()
           + "\n-----END PRIVATE KEY-----\n")
    with tempfile.TemporaryDirectory() as tmp:
        key_path, data_path = os.path.join(tmp, "key.pem"), os.path.join(tmp, "data")
        with open(key_path, "w") as f:
            f.write(pem)
        with open(data_path, "wb") as f:
            f.write(signed)
        signature = subprocess.run(
            ["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key_path, "-in", data_path],
            capture_output=True, check=True).stdout
    type_name = next(k for k, v in _TYPE_NUMBERS.items() if v == rtype)
    return (f"{owner} {ttl} IN RRSIG {type_name} 15 {labels} {ttl} {expiration} {inception} "
            f"{tag} {zone_name} {base64.b64encode(signature).decode()}\n")


def _swap_in_nsec3_chain(zone, path, zsk):
    """Replace the NSEC chain of an Ed25519 zone signed by dnssec-signzone
    (-O full) with an NSEC3 chain of zone.nsec3_iterations iterations (RFC 5155
    section 7.1): every authoritative name and empty non-terminal, hashed,
    sorted, each NSEC3 signed with the ZSK, plus a signed NSEC3PARAM."""
    assert zone.alg == 15, "the chain is signed with openssl's Ed25519"
    salt = bytes.fromhex(zone.nsec3_salt)
    kept, types, ttl, validity = [], {}, None, None
    with open(path) as f:
        for line in f:
            tokens = line.split()
            if not tokens or tokens[0].startswith(";"):
                continue
            owner, rtype = tokens[0].lower(), tokens[3]
            if rtype == "NSEC" or (rtype == "RRSIG" and tokens[4] == "NSEC"):
                ttl = int(tokens[1])  # the negative TTL dnssec-signzone chose
                continue
            if rtype == "RRSIG" and tokens[4] == "SOA":
                validity = (tokens[8], tokens[9])
            kept.append(line)
            types.setdefault(owner, set()).add(_TYPE_NUMBERS[rtype])
    apex = zone.name
    cuts = {n for n, t in types.items() if n != apex and _TYPE_NUMBERS["NS"] in t}
    # Occluded names (glue below a cut) get no NSEC3; empty non-terminals do.
    names = {n: t for n, t in types.items()
             if not any(n != c and n.endswith("." + c) for c in cuts)}
    for name in list(names):
        while name != apex:
            name = name.split(".", 1)[1]
            names.setdefault(name, set())
    names[apex].add(_TYPE_NUMBERS["NSEC3PARAM"])
    chain = sorted((_nsec3_hash(n, salt, zone.nsec3_iterations), n) for n in names)
    param = struct.pack("!BBHB", 1, 0, zone.nsec3_iterations, len(salt)) + salt
    out = [f"{apex} {ttl} IN NSEC3PARAM 1 0 {zone.nsec3_iterations} {zone.nsec3_salt}\n",
           _ed25519_rrsig(apex, 51, ttl, [param], apex, zsk, validity)]
    for i, (digest, name) in enumerate(chain):
        following = chain[(i + 1) % len(chain)][0]
        owner = base64.b32encode(digest).decode().translate(_BASE32HEX) + "." + apex
        rdata = param + bytes([len(following)]) + following + _type_bitmap(names[name])
        type_names = " ".join(k for t in sorted(names[name])
                              for k, v in _TYPE_NUMBERS.items() if v == t)
        out.append(f"{owner} {ttl} IN NSEC3 1 0 {zone.nsec3_iterations} {zone.nsec3_salt} "
                   f"{base64.b32encode(following).decode().translate(_BASE32HEX)} {type_names}\n")
        out.append(_ed25519_rrsig(owner, 50, ttl, [rdata], apex, zsk, validity))
    with open(path, "w") as f:
        f.writelines(kept + out)


def _flip_signature(tokens):
    """Corrupt the base64 signature of an RRSIG line (tokens of a -O full line)."""
    sig = bytearray(base64.b64decode("".join(tokens[12:])))
    for i in range(len(sig) // 2, len(sig) // 2 + 4):
        sig[i] ^= 0xFF
    return tokens[:12] + [base64.b64encode(bytes(sig)).decode()]


def _damage(zone, path, keys):
    """Break a signed zone file after signing (one record per line, -O full)."""
    ksk_tag = _read_dnskey(keys[zone.name]["ksk"])[4]
    data_rrsets = {("www." + zone.name, "A"), ("token." + zone.name, "TXT")}
    out = []
    with open(path) as f:
        for line in f:
            tokens = line.split()
            is_rrsig = len(tokens) > 12 and tokens[3] == "RRSIG"
            if is_rrsig and zone.damage == "zsk-only-dnskey":
                if tokens[4] == "DNSKEY" and int(tokens[10]) == ksk_tag:
                    continue
            elif is_rrsig and zone.damage == "badsig-apex-nsec":
                if tokens[0] == zone.name and tokens[4] == "NSEC":
                    line = " ".join(_flip_signature(tokens)) + "\n"
            elif zone.damage in WARNING_DAMAGE:
                line = _warning_damage(zone, tokens, line, keys)
                if line is None:
                    continue
            elif is_rrsig and (tokens[0], tokens[4]) in data_rrsets:
                if zone.damage == "nosig-www":
                    continue
                if zone.damage == "badsig-www":
                    line = " ".join(_flip_signature(tokens)) + "\n"
            out.append(line)
    with open(path, "w") as f:
        f.writelines(out)


def _stale_copies(zones=None):
    """The zones the stale world serves differently: the parents of rolled zones (the old DS)
    and the zones with a stale serial. Every other zone is served from the same file."""
    zones = ZONES if zones is None else zones
    parents = {parent_of(z, zones).name for z in zones if z.stale_ds_key}
    return [z for z in zones if z.name in parents or z.stale_serial is not None]


def _fingerprint():
    """Changes whenever this catalogue or the signing tool changes."""
    with open(__file__, "rb") as f:
        source = f.read()
    version = _run(["dnssec-signzone", "-V"]) if shutil.which("dnssec-signzone") else ""
    return hashlib.sha256(source + version.encode()).hexdigest()


def build(build_dir, log=lambda msg: None):
    """Generate keys and signed zones in build_dir (reusing a valid cache).

    Returns the build metadata: zone files, root trust anchor, expiry.
    """
    meta_path = os.path.join(build_dir, "meta.json")
    fingerprint = _fingerprint()
    now = int(time.time())
    try:
        with open(meta_path) as f:
            meta = json.load(f)
        if meta["fingerprint"] == fingerprint and meta["not_after"] > now + MIN_REMAINING_VALIDITY:
            log("reusing signed zones from cache")
            _resign_relative(build_dir, meta, now)
            return meta
    except (OSError, ValueError, KeyError):
        pass

    log("generating keys and signing zones")
    shutil.rmtree(build_dir, ignore_errors=True)
    keydir = os.path.join(build_dir, "keys")
    zonedir = os.path.join(build_dir, "zones")
    os.makedirs(zonedir)
    keys = {z.name: {} for z in ZONES}
    jobs = []
    for z in ZONES:
        if z.signed:
            jobs += [(z.name, "ksk", z.alg, True), (z.name, "zsk", z.alg, False)]
        if z.ds == "nokey":
            jobs.append((z.name, "unpublished", z.alg, True))
        jobs += _warning_key_jobs(z)
        jobs += [(z.name, role, z.alg, role.startswith("ksk")) for role in z.retired_keys]
    retired = {(z.name, role) for z in ZONES for role in z.retired_keys}

    def keygen(job):
        name, role, alg, ksk = job
        # An unpublished key lives apart so dnssec-signzone never finds it.
        unpublished = role == "unpublished" or (name, role) in retired
        subdir = os.path.join(keydir, "unpublished" if unpublished else "zone")
        keys[name][role] = _keygen(subdir, name, alg, ksk, _key_bits(name, role))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(keygen, jobs))
        # The old and the new KSK of a rollover must be told apart by their tags.
        tag = lambda zone, role: _read_dnskey(keys[zone.name][role])[4]
        for z in ZONES:
            while z.stale_ds_key and tag(z, z.stale_ds_key) in {
                    tag(z, role) for role in keys[z.name] if role != z.stale_ds_key}:
                keygen((z.name, z.stale_ds_key, z.alg, True))

        def sign(zone, stale=False):
            label = zone.file_label + (".stale" if stale else "")
            unsigned = os.path.join(zonedir, label + ".zone")
            with open(unsigned, "w") as f:
                f.write(_master_file(zone, keys, ZONES, stale))
            if not zone.signed:
                return unsigned
            signed = unsigned + ".signed"
            _sign(zone, unsigned, signed, os.path.join(keydir, "zone"), keys, now)
            return signed

        files = list(pool.map(sign, ZONES))
        stale_zones = _stale_copies()
        stale_files = dict(zip((z.name for z in stale_zones),
                               pool.map(lambda z: sign(z, stale=True), stale_zones)))

    meta = {
        "fingerprint": fingerprint,
        "not_after": now + VALIDITY_SECONDS,
        "zones": [{"name": z.name, "file": f} for z, f in zip(ZONES, files)],
        # The stale world: the same zones, but the copies of _stale_copies().
        "stale_zones": [{"name": z.name, "file": stale_files.get(z.name, f)}
                        for z, f in zip(ZONES, files)],
        # The key tags of each rolled zone's new KSK and of the old one.
        "rollovers": {z.name: {"ksk": tag(z, "ksk"), "ksk_old": tag(z, z.stale_ds_key)}
                      for z in ZONES if z.stale_ds_key},
        "root_ds": ds_record(".", keys["."]["ksk"], 2, ttl=3600),
        # For re-signing the zones of relative validity on a cached start.
        "keys": keys,
    }
    with open(meta_path + ".tmp", "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(meta_path + ".tmp", meta_path)
    return meta


def write_anchor_files(root_ds, anchor_path, delv_anchor_path):
    """anchor.ds (zone-file DS line) and a delv `trust-anchors` clause."""
    with open(anchor_path, "w") as f:
        f.write(root_ds + "\n")
    _, _, _, _, tag, alg, dtype, digest = root_ds.split()
    with open(delv_anchor_path, "w") as f:
        f.write(f'trust-anchors {{\n\t. static-ds {tag} {alg} {dtype} "{digest}";\n}};\n')


# --------------------------------------------------------------------------
# Warnings before failure (tests/lab_warnings.rs): zones that validate (SECURE)
# but carry one weakness each that the checker warns about.
# --------------------------------------------------------------------------

# DS modes of these zones (see _parent_ds_lines): a SHA-1 beside the SHA-256 DS;
# the KSK's DS plus one of a key the zone does not publish; DS for both KSKs.
WARNING_DS_MODES = ("sha1+sha256", "sha256+nokey", "sha256+ksk2")
# Their damage (see _damage): www A served with a TTL above the signed one; the
# second KSK's RRSIG over the DNSKEY RRset removed.
WARNING_DAMAGE = ("ttl-www", "nosig-ksk2-dnskey")
# The TTL "ttl-www" gives www A and its RRSIG record (the RRSIG's Original TTL stays 3600).
RAISED_TTL = 7200


def _warning_ds_lines(zone, keys):
    own = keys[zone.name]
    first = ds_record(zone.name, own["ksk"], 2)
    if zone.ds == "sha1+sha256":
        return [ds_record(zone.name, own["ksk"], 1), first]
    if zone.ds == "sha256+nokey":
        return [first, ds_record(zone.name, own["unpublished"], 2)]
    return [first, ds_record(zone.name, own["ksk2"], 2)]


def _warning_key_jobs(zone):
    """Keygen jobs beyond the KSK and ZSK: extra published keys, an unpublished one."""
    jobs = [(zone.name, role, zone.alg, role.startswith("ksk")) for role in zone.extra_keys]
    if zone.ds == "sha256+nokey":
        jobs.append((zone.name, "unpublished", zone.alg, True))
    return jobs


def _key_bits(zone_name, role):
    zone = next(z for z in ZONES if z.name == zone_name)
    return (zone.key_bits or {}).get(role)


def _cds_lines(zone, keys):
    """CDS and CDNSKEY lines at the apex (signed with the zone like any RRset)."""
    if zone.cds is None:
        return []
    if zone.cds == "delete":
        return ["@ CDS 0 0 0 00", "@ CDNSKEY 0 3 0 AA=="]
    key_base = keys[zone.name][zone.cds]
    flags, proto, alg, key, tag = _read_dnskey(key_base)
    digest = ds_record(zone.name, key_base, 2).split()[-1]
    return [f"@ CDS {tag} {alg} 2 {digest}",
            f"@ CDNSKEY {flags} {proto} {alg} {base64.b64encode(key).decode()}"]


def _warning_damage(zone, tokens, line, keys):
    """The line as the damage of a warning zone leaves it (None: dropped)."""
    if len(tokens) < 5:
        return line
    if zone.damage == "ttl-www":
        covered = tokens[4] if tokens[3] == "RRSIG" else tokens[3]
        if tokens[0] == "www." + zone.name and covered == "A":
            return " ".join([tokens[0], str(RAISED_TTL)] + tokens[2:]) + "\n"
        return line
    ksk2_tag = _read_dnskey(keys[zone.name]["ksk2"])[4]
    if len(tokens) > 12 and tokens[3] == "RRSIG" and tokens[4] == "DNSKEY" \
            and int(tokens[10]) == ksk2_tag:
        return None
    return line


def _der_integers(der):
    """The INTEGERs of a DER SEQUENCE (a PKCS #1 RSAPrivateKey, RFC 8017 appendix A.1.2)."""
    def length(i):
        first = der[i]
        if first < 0x80:
            return first, i + 1
        n = first & 0x7F
        return int.from_bytes(der[i + 1:i + 1 + n], "big"), i + 1 + n
    assert der[0] == 0x30, "not a DER SEQUENCE"
    _, i = length(1)
    out = []
    while i < len(der):
        assert der[i] == 0x02, "not a DER INTEGER"
        n, i = length(i + 1)
        out.append(int.from_bytes(der[i:i + n], "big"))
        i += n
    return out


def _dnskey_tag(rdata):
    """RFC 4034 appendix B."""
    acc = sum(b if i & 1 else b << 8 for i, b in enumerate(rdata))
    return (acc + (acc >> 16)) & 0xFFFF


def _small_rsa_key(keydir, zone_name, alg, ksk, bits):
    """An RSA key below dnssec-keygen's 1024-bit minimum, made by openssl and written as
    BIND's K*.key / K*.private pair (dnssec-signzone signs with it)."""
    names = {5: "RSASHA1", 7: "NSEC3RSASHA1", 8: "RSASHA256", 10: "RSASHA512"}
    flags = 257 if ksk else 256
    while True:
        pem = _run(["openssl", "genrsa", "-traditional", str(bits)])
        der = subprocess.run(["openssl", "rsa", "-traditional", "-outform", "DER"],
                             input=pem.encode(), capture_output=True, check=True).stdout
        _, n, e, d, p, q, dp, dq, qi = _der_integers(der)
        octets = lambda x: x.to_bytes((x.bit_length() + 7) // 8, "big")
        exponent = octets(e)
        public = bytes([len(exponent)]) + exponent + octets(n)  # RFC 3110 section 2
        tag = _dnskey_tag(struct.pack("!HBB", flags, 3, alg) + public)
        base = os.path.join(keydir, f"K{zone_name}+{alg:03d}+{tag:05d}")
        if not os.path.exists(base + ".key"):
            break
    b64 = lambda x: base64.b64encode(octets(x)).decode()
    with open(base + ".private", "w") as f:
        f.write(f"Private-key-format: v1.3\nAlgorithm: {alg} ({names[alg]})\n"
                f"Modulus: {b64(n)}\nPublicExponent: {b64(e)}\nPrivateExponent: {b64(d)}\n"
                f"Prime1: {b64(p)}\nPrime2: {b64(q)}\nExponent1: {b64(dp)}\n"
                f"Exponent2: {b64(dq)}\nCoefficient: {b64(qi)}\n")
    with open(base + ".key", "w") as f:
        f.write(f"{zone_name} 3600 IN DNSKEY {flags} 3 {alg} "
                f"{base64.b64encode(public).decode()}\n")
    return base


def _resign_relative(build_dir, meta, now):
    """Re-sign, with the cached keys, the zones whose validity is relative to signing time:
    a cached build's signatures are as old as the cache."""
    keydir = os.path.join(build_dir, "keys", "zone")
    for zone in ZONES:
        if zone.relative_validity:
            unsigned = os.path.join(build_dir, "zones", zone.file_label + ".zone")
            _sign(zone, unsigned, unsigned + ".signed", keydir, meta["keys"], now)


WARNING_ZONES = [
    # Every signature expires 3 days after the lab's start (a warning within the default
    # 7-day window), or 12 hours after it (critical). Re-signed at every start.
    Zone("expire3d.lab.", relative_validity=(-3600, 3 * 86400)),
    Zone("expire12h.lab.", relative_validity=(-3600, 12 * 3600)),
    # Every signature's inception is the lab's start (no backdating). Re-signed at every start.
    Zone("fresh.lab.", relative_validity=(0, VALIDITY_SECONDS)),
    # long.longttl.lab A has a TTL (about 12.7 years) above its signature's ten-year validity.
    Zone("longttl.lab.", records=["long 400000000 A 192.0.2.1"]),
    # A SHA-1 DS beside the SHA-256 one.
    Zone("ds12.lab.", ds="sha1+sha256"),
    # RSASHA256 with a 1024-bit ZSK (dnssec-keygen's minimum) / a 768-bit one (openssl).
    Zone("rsa1024.lab.", alg=8, key_bits={"zsk": 1024}),
    Zone("rsa768.lab.", alg=8, key_bits={"zsk": 768}),
    # The KSK's DS plus a DS of a key the zone does not publish.
    Zone("ds-extra.lab.", ds="sha256+nokey"),
    # A second KSK, published and signing the key set, without DS.
    Zone("ksk-nods.lab.", extra_keys=("ksk2",)),
    # DS for both KSKs, but the second one's RRSIG over the DNSKEY RRset is removed.
    Zone("ds-standby.lab.", extra_keys=("ksk2",), ds="sha256+ksk2",
         damage="nosig-ksk2-dnskey"),
    # CDS/CDNSKEY of the second KSK while the parent's DS is the first one's.
    Zone("cds-new.lab.", extra_keys=("ksk2",), cds="ksk2"),
    # CDS/CDNSKEY delete (RFC 8078 section 4) while the DS is still published.
    Zone("cds-delete.lab.", cds="delete"),
    # Four 2048-bit RSA keys, each signing the key set: the DNSKEY answer is about 2.3 kB.
    Zone("bigkeys.lab.", alg=8, extra_keys=("zsk2", "zsk3")),
    # www A served with TTL 7200 above the Original TTL 3600 of its RRSIG.
    Zone("ttlraised.lab.", damage="ttl-www"),
]
ZONES += WARNING_ZONES
