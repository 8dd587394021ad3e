#!/usr/bin/env bash
# Where the wasm module's bytes go: builds it as ./build.sh does but keeps the function names,
# then sums twiggy's per-function sizes by crate (and by module for ours and the largest).
# Sizes are of the optimised, uncompressed code and data; gzip shrinks all of them by about
# 2.3x. Not a test: run it by hand when the size budget (build.sh) is in danger.
#
#   scripts/wasm-breakdown.sh        the table (installs twiggy with cargo on first use)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

./build.sh >/dev/null
command -v twiggy >/dev/null || cargo install twiggy --locked
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --keep-debug --out-dir "$tmp" target/wasm32-unknown-unknown/release/dnssec_health.wasm
.tools/node_modules/.bin/wasm-opt -g -Oz --converge --low-memory-unused --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue "$tmp/dnssec_health_bg.wasm" -o "$tmp/named.wasm"
twiggy top -n 1000000 --format csv "$tmp/named.wasm" > "$tmp/top.csv"
python3 - "$tmp/top.csv" <<'PY'
import collections, csv, re, sys

DETAIL = {"dnssec_health", "core", "alloc", "ring", "hickory_proto", "serde_wasm_bindgen", "js_sys"}
sizes = collections.Counter()
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row["Name"], int(row["ShallowSize"])
    if name.startswith('"'):  # the name sections, which build.sh strips
        continue
    path = re.match(r"([A-Za-z_]\w*)(?:\[[0-9a-f]+\])?(?:::([A-Za-z_]\w*))?", name.lstrip("<&"))
    if name.startswith("data segment"):
        key = "data (strings, tables)"
    elif name.startswith(("fiat_", "ring_core_", "fe_", "x25519_", "ge_", "p256_", "p384_", "bn_", "limbs_")):
        key = "ring (C)"
    elif path:
        crate, module = path.groups()
        key = f"{crate}::{module}" if crate in DETAIL and module else crate
    else:
        key = "other"
    sizes[key] += size
total = sum(sizes.values())
print(f"| part | bytes | share |\n|---|---|---|")
shown = 0
for key, size in sizes.most_common(24):
    shown += size
    print(f"| {key} | {size:,} | {100 * size / total:.1f}% |")
print(f"| everything else | {total - shown:,} | {100 * (total - shown) / total:.1f}% |")
print(f"| **total (uncompressed, names stripped)** | {total:,} | 100% |")
PY
