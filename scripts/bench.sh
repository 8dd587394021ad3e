#!/usr/bin/env bash
# Benchmark (not a test): queries, round trips and time per check for a few lab names and
# certificate orders, with the release CLI against the test lab on loopback; then the work and
# CPU time of the CLI on each hostile answer of tests/hostile_resolver.rs; then the size of the
# wasm package if ./build.sh has built it; then scripts/bench-batch.sh (many names: the batch
# mode against delv and a validating Unbound; several minutes; BENCH_BATCH=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
lab_json=$(python3 tests/lab/lab.py start --dir target/lab --owner-pid $$)
python3 - "$lab_json" <<'PY'
import json, subprocess, sys, time
lab = json.loads(sys.argv[1])
runs = 10
print(f"{'name':28} {'type':5} {'status':14} {'queries':>7} {'rtts':>4} {'ms/check':>9}")
for name, rtype in [("www.alg13.lab", "A"), ("www.alg8.lab", "A"), ("a.b.c.deep.lab", "A"),
                    ("nope.nsec3.lab", "A"), ("to-secure.alg13.lab", "A"), ("www.unsigned.lab", "A"),
                    ("www.badsig.lab", "A")]:
    cmd = ["target/release/dnssec-health", "check", name, "--type", rtype, "--resolver", lab["doh"],
           "--trust-anchor", lab["anchor_file"], "--json"]
    start = time.perf_counter()
    for _ in range(runs):
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
    elapsed = (time.perf_counter() - start) / runs * 1000
    doc = json.loads(out)
    r = doc["results"][0]
    print(f"{name:28} {rtype:5} {r['status']:14} {doc['queries']:>7} {doc['round_trips']:>4} {elapsed:>9.1f}")

print()
print(f"{'order':52} {'line':>4} {'queries':>7} {'rtts':>4} {'ms/order':>9}")
for names in [["www.caa.lab"], ["www.caa.lab", "*.caa.lab", "sub.caa.lab"],
              ["www.alg13.lab", "www.child.badnsec.lab", "bogus.caa.lab", "www.unsigned.lab"]]:
    cmd = ["target/release/dnssec-health", "order", *names, "--ca", "digicert.com",
           "--resolver", lab["doh"], "--trust-anchor", lab["anchor_file"], "--json"]
    start = time.perf_counter()
    for _ in range(runs):
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
    elapsed = (time.perf_counter() - start) / runs * 1000
    doc = json.loads(out)
    print(f"{' '.join(names):52} {len(doc['names']):>4} {doc['queries']:>7} {doc['round_trips']:>4} {elapsed:>9.1f}")
PY

# Hostile answers: each attack of tests/hostile/ once, against the release CLI. The hostile DoH
# server runs inside the (ignored) test serve_attacks_for_the_benchmark; the CPU time is the CLI
# process's own (user + system, from bash's `time`), the counts are the report's.
echo
echo "hostile answers (release CLI, CPU of the CLI process):"
if ! hostile=$(cargo test --release --quiet --test hostile_resolver -- --ignored --nocapture \
                 --exact serve_attacks_for_the_benchmark 2>&1); then
  echo "$hostile" >&2
  exit 1
fi
grep '^|' <<<"$hostile"

wasm=www/pkg/dnssec_health_bg.wasm
if [ -f "$wasm" ]; then
  echo
  echo "$wasm: $(wc -c < "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzipped"
fi

if [ "${BENCH_BATCH:-1}" != 0 ]; then
  echo
  echo "many names (scripts/bench-batch.sh):"
  scripts/bench-batch.sh
fi
