#!/usr/bin/env bash
# Benchmark (not a test): many names at once. For lists of SIZES lab names (default 1000 and
# 10000; wildcard answers and NXDOMAIN denials across the lab's TLDs, NSEC and NSEC3), cold then
# warm, side by side:
#   dnssec-health  `check --input FILE --ndjson --concurrency N` (release build, one process,
#                  one answer cache per run) through a DoH front end in Rust
#                  (examples/bench_doh.rs) on the lab's Unbound; on the first list also
#                  through the lab's own DoH front end (Python, about 0.8 ms of CPU per
#                  request under one interpreter lock: it caps any client near 590 names/s);
#   delv           one process per name, N at once (xargs -P), against the lab's Unbound; on a
#                  sample of DELV_SAMPLE names of each list (a process per name costs the same
#                  whatever the list's length);
#   unbound        a second, validating Unbound ("validator iterator", the lab's anchor,
#                  forwarding to the lab's proxy like the lab's own Unbound), asked by N
#                  concurrent plain-DNS clients (DO=1); restarted before each cold run.
# Every tool gets names of its own (distinct labels), so its cold run is cold at the lab's
# Unbound too; "warm" is the same list again at once. For dnssec-health the answer cache lives
# only as long as the process, so its warm run is a new process with an empty cache of its own
# in front of a warm lab Unbound. Everything on 127.0.0.1.
#   SIZES="1000 10000" CONCURRENCY=16 DELV_SAMPLE=1000 scripts/bench-batch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null; }
cargo build --release --quiet
cargo build --release --quiet --example bench_doh
lab_json=$(python3 tests/lab/lab.py start --dir target/lab --owner-pid $$)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
SIZES=${SIZES:-"1000 10000"} CONCURRENCY=${CONCURRENCY:-16} DELV_SAMPLE=${DELV_SAMPLE:-1000} \
python3 - "$lab_json" "$work" <<'PY'
import concurrent.futures, json, os, signal, socket, subprocess, sys, time
sys.path.insert(0, "tests/lab")
import dnswire

lab, work = json.loads(sys.argv[1]), sys.argv[2]
sizes = [int(s) for s in os.environ["SIZES"].split()]
conc = int(os.environ["CONCURRENCY"])
delv_sample = int(os.environ["DELV_SAMPLE"])
cli = "target/release/dnssec-health"

# Names the lab answers for any label: wildcards (NSEC, NSEC3, an opt-out zone's *.w) and
# NXDOMAIN below signed zones (NSEC, NSEC3) and below an unsigned delegation in lab3.
KINDS = ["{}.wild.lab", "{}.wild3.lab", "{}.alg13.lab", "{}.nsec3.lab", "{}.w.optout.lab",
         "{}.unsigned.lab3", "{}.alg8.lab", "{}.nsec3iter.lab"]

def names(tool, size):
    return [KINDS[i % len(KINDS)].format(f"{tool}{size}n{i}") for i in range(size)]

def write(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")

def gnu_time(cmd, **kw):
    """Run cmd under GNU time: (wall s, user+sys s, max RSS KiB, stdout)."""
    tf = os.path.join(work, "time.txt")
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-o", tf, "-f", "%U %S %M", *cmd],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kw)
    wall = time.perf_counter() - start
    u, s, m = open(tf).read().split()[-3:]
    return wall, float(u) + float(s), int(m), p.stdout

rows = []

def row(tool, n, phase, wall, cpu, rss_kib, qpn, note="", label=None):
    """n: names actually run (rates and CPU per name are over these); label: the list's size."""
    rows.append((tool, label or n, phase, n / wall, qpn, cpu * 1000 / n, rss_kib / 1024, note))
    print(f"  {tool} {n} {phase}: {n / wall:.0f} names/s {note}", file=sys.stderr, flush=True)

# The benchmark's DoH front end on the lab's Unbound (the resolver delv asks too).
front = subprocess.Popen(["target/release/examples/bench_doh", str(lab["dns_port"])],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
front_doh = front.stdout.readline().strip()

# (a) dnssec-health, one process per run.
def run_cli(size, doh=front_doh, tool="dnssec-health", prefix="h"):
    path = os.path.join(work, f"cli{prefix}{size}.txt")
    write(path, names(prefix, size))
    for phase in ("cold", "warm"):
        wall, cpu, rss, out = gnu_time([cli, "check", "--input", path, "--ndjson",
                                        "--concurrency", str(conc), "--resolver", doh,
                                        "--trust-anchor", lab["anchor_file"]])
        docs = [json.loads(l) for l in out.splitlines() if l.strip()]
        statuses = {}
        for d in docs:
            for r in d["results"]:
                statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        assert len(docs) == size, f"{len(docs)} documents for {size} names"
        q = sum(d["queries"] for d in docs) / size
        row(tool, size, phase, wall, cpu, rss, f"{q:.2f}",
            " ".join(f"{k} {v}" for k, v in sorted(statuses.items())))

# (b) delv, one process per name, CONCURRENCY at once.
def run_delv(size):
    sample = names("d", size)[:delv_sample]
    path = os.path.join(work, f"delv{size}.txt")
    write(path, sample)
    for phase in ("cold", "warm"):
        with open(path) as f:
            wall, cpu, rss, out = gnu_time(
                ["xargs", "-P", str(conc), "-I{}", "delv", "-a", lab["delv_anchor_file"],
                 "+root=.", "-p", str(lab["dns_port"]), "@127.0.0.1", "{}", "A"], stdin=f)
        note = f"sample of {len(sample)}" if len(sample) < size else ""
        row("delv", len(sample), phase, wall, cpu, rss, "–", note,
            label=f"{size} ({len(sample)} run)" if note else size)

# (c) a validating Unbound on a free port, asked by CONCURRENCY threads.
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def cpu_of(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def hwm_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

def start_unbound():
    port = free_port()
    conf = os.path.join(work, "unbound.conf")
    with open(conf, "w") as f:
        f.write(f"""server:
    interface: 127.0.0.1
    port: {port}
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "{work}"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 0
    num-threads: 1
    module-config: "validator iterator"
    trust-anchor-file: "{os.path.abspath(lab['anchor_file'])}"
    do-not-query-localhost: no
    access-control: 127.0.0.0/8 allow
    qname-minimisation: no
forward-zone:
    name: "."
    forward-addr: 127.0.0.1@{lab['ports']['proxy']}
""")
    p = subprocess.Popen(["unbound", "-d", "-c", conf], stderr=subprocess.DEVNULL)
    q = dnswire.build_query("www.alg13.lab.", 1)
    deadline = time.monotonic() + 10
    while True:
        try:
            reply = dnswire.exchange(q, port, 0.5)
            if dnswire.rcode(reply) == 0:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or p.poll() is not None:
            p.kill()
            raise RuntimeError("validating unbound did not answer")
        time.sleep(0.05)
    return p, port

def ask(port, name):
    for attempt in range(3):
        try:
            reply = dnswire.exchange(dnswire.build_query(name, 1), port, 2.0)
            ad = bool(int.from_bytes(reply[2:4], "big") & 0x0020)
            return ("AD " if ad else "") + ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN"][
                dnswire.rcode(reply)] if dnswire.rcode(reply) < 4 else "other"
        except OSError:
            continue
    return "timeout"

def run_unbound(size):
    lst = names("u", size)
    p, port = start_unbound()   # cold: a fresh Unbound (www.alg13.lab asked once to see it up)
    try:
        for phase in ("cold", "warm"):
            cpu0 = cpu_of(p.pid)
            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(conc) as ex:
                results = list(ex.map(lambda n: ask(port, n), lst))
            wall = time.perf_counter() - start
            counts = {}
            for r in results:
                counts[r] = counts.get(r, 0) + 1
            row("unbound (validating)", size, phase, wall, cpu_of(p.pid) - cpu0, hwm_kib(p.pid),
                "1 (asked)", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(10)

for size in sizes:
    run_cli(size)
    if size == sizes[0]:
        run_cli(size, lab["doh"], "dnssec-health (lab's Python DoH)", "p")
    run_delv(size)
    run_unbound(size)
front.stdin.close()
front.wait(10)

print(f"concurrency {conc}; CPU is user+sys of the tool's processes (delv: all its processes; "
      f"unbound: the server, not the client); peak memory is max RSS (delv: the largest process)")
print("| tool | names | cold/warm | names/s | queries per name | CPU ms per name | peak memory MiB | results |")
print("|---|---|---|---|---|---|---|---|")
for tool, n, phase, rate, qpn, cpu_ms, mib, note in rows:
    print(f"| {tool} | {n} | {phase} | {rate:,.0f} | {qpn} | {cpu_ms:.2f} | {mib:.1f} | {note} |")
PY
