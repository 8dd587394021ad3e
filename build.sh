#!/usr/bin/env bash
# Builds the web page's wasm package into www/pkg/.
#
#   ./build.sh          install missing tools, build, optimise, print the gzipped size
#   ./build.sh serve    the same, then serve www/ on http://127.0.0.1:8080/ with the page's
#                       security headers (scripts/serve.py; PORT=... for another port)
#
# Tools: the wasm32-unknown-unknown target (rustup), wasm-bindgen-cli at exactly the version of
# the wasm-bindgen crate in Cargo.lock (~/.cargo/bin), and wasm-opt from npm binaryen@132 in
# .tools/ (Debian's wasm-opt 108 produces modules that fail to load). ring needs clang.
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$PWD
BINARYEN_VERSION=132
OUT=www/pkg
CRATE=dnssec_health
PORT=${PORT:-8080}

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

mode=${1:-build}
case "$mode" in
  build|serve) ;;
  *) die "usage: $0 [serve]" ;;
esac

export PATH="$HOME/.cargo/bin:$PATH"

# --- tools -------------------------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo not found (install Rust with rustup)"
# clang (ring's C code for wasm32), npm (wasm-opt), python3 (serve) and the wasm target.
bash scripts/install-deps.sh build

[ -f Cargo.lock ] || cargo generate-lockfile
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$WB_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (takes a few minutes)"
  # Not --locked: one of its pinned dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

WASM_OPT="$ROOT/.tools/node_modules/.bin/wasm-opt"
if [ ! -x "$WASM_OPT" ] || ! "$WASM_OPT" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  log "installing binaryen@$BINARYEN_VERSION into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >&2
fi

# --- build -------------------------------------------------------------------------------------
log "cargo build (wasm32, without the cli feature)"
cargo build --lib --release --target wasm32-unknown-unknown --no-default-features

log "wasm-bindgen --target web"
rm -rf "$OUT"
wasm-bindgen --target web --out-dir "$OUT" "target/wasm32-unknown-unknown/release/$CRATE.wasm"

log "wasm-opt -Oz"
# --low-memory-unused: Rust's wasm32 layout keeps the lowest 1 KiB of memory at the far end
# of the stack, so wasm-opt may fold small constant addresses (~1 KB gzipped less).
"$WASM_OPT" -Oz --converge --low-memory-unused --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$OUT/${CRATE}_bg.wasm" -o "$OUT/${CRATE}_bg.opt.wasm"
mv "$OUT/${CRATE}_bg.opt.wasm" "$OUT/${CRATE}_bg.wasm"

raw=$(wc -c < "$OUT/${CRATE}_bg.wasm")
gz=$(gzip -9 -c "$OUT/${CRATE}_bg.wasm" | wc -c)
printf 'www/pkg/%s_bg.wasm: %d bytes, %d bytes gzipped (%d KB)\n' "$CRATE" "$raw" "$gz" $(( (gz + 1023) / 1024 ))
# The size budget (README, "Wasm size"): what a CA portal's visitors download before the first
# check. scripts/wasm-breakdown.sh shows where the bytes go.
BUDGET_KB=200
if [ "$gz" -gt $(( BUDGET_KB * 1024 )) ]; then
  die "the wasm module is $(( (gz + 1023) / 1024 )) KB gzipped, over its budget of $BUDGET_KB KB (README, \"Wasm size\")"
fi

if [ "$mode" = serve ]; then
  log "serving www/ on http://127.0.0.1:$PORT/ (Ctrl-C to stop)"
  exec python3 scripts/serve.py --bind 127.0.0.1 --port "$PORT" --directory www
fi
