#!/usr/bin/env bash
# The browser-side tests, against the DNSSEC test lab (started here, stopped when this script
# exits). Called by scripts/test.sh; needs what scripts/install-deps.sh installs (Chromium,
# chromedriver, Node, clang) and builds the rest itself.
#
#  1. ./build.sh: the wasm package in www/pkg/ (installs wasm-bindgen-cli at the crate's exact
#     version, which also brings wasm-bindgen-test-runner, and wasm-opt).
#  2. tests/wasm_api.rs (wasm-bindgen-test): the fetch transport and check() in Node, in
#     headless Chromium and in a dedicated Web Worker.
#  3. tests/web/node_check.mjs: the built package's JS API in Node 20.
#  4. tests/web/page_test.py: the page itself in headless Chromium (WebDriver); screenshots
#     land in target/web-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*" >&2; }

step "build the wasm package"
./build.sh

step "start the test lab"
DNSSEC_LAB_JSON=$(python3 tests/lab/lab.py start --dir target/lab --owner-pid $$ | tail -n 1)
DNSSEC_LAB_ANCHOR=$(cat target/lab/anchor.ds)
export DNSSEC_LAB_JSON DNSSEC_LAB_ANCHOR

wasm_tests() {
  cargo test --target wasm32-unknown-unknown --no-default-features --test wasm_api
}
step "wasm tests in Node"
wasm_tests
step "wasm tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 wasm_tests
step "wasm tests in a dedicated Web Worker (headless Chromium)"
WASM_BINDGEN_USE_DEDICATED_WORKER=1 wasm_tests

step "JS API of the built package in Node"
node tests/web/node_check.mjs

step "the page in headless Chromium"
python3 tests/web/page_test.py
