#!/usr/bin/env bash
# The browser-side tests, against the DNSSEC test lab (started here, stopped when this script
# exits). Called by scripts/test.sh; needs what scripts/install-deps.sh installs (Chromium,
# chromedriver, Node, clang) and builds the rest itself.
#
#  1. ./build.sh: the wasm package in www/pkg/ (installs wasm-bindgen-cli at the crate's exact
#     version, which also brings wasm-bindgen-test-runner, and wasm-opt).
#  2. tests/wasm_api.rs (wasm-bindgen-test): the fetch transport and check() in Node, in
#     headless Chromium and in a dedicated Web Worker.
#  3. tests/web/node_check.mjs: the built package's JS API in Node 20; tests/web/compare_check.mjs:
#     its compare mode (check/checkOrder with compare: true give the CLI's --compare documents).
#  4. tests/web/page_test.py: the page itself in headless Chromium (WebDriver); screenshots
#     land in target/web-artifacts/.
#  5. tests/web/widget_test.py: the <dnssec-health-check> widget (demo page, cross-origin host
#     under a strict CSP, hostile host styles, Worker and main-thread runs); then
#     tests/web/compare_test.py: "Compare resolvers" in the page and the widget's `compare`.
#  6. tests/web/serve_test.py: scripts/serve.py (`./build.sh serve`) sends the security
#     headers (CSP with frame-ancestors, nosniff, no-referrer) and exact types (.wasm, .js).
#  7. the npm package layout (tests/web/package_check.mjs) and its TypeScript types, compiled
#     with tsc against tests/web/types/consumer.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TYPESCRIPT_VERSION=5.9.3

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

step "JS API of the built package in Node (and the same documents as the CLI)"
cargo build --quiet --bin dnssec-health
node tests/web/node_check.mjs

step "compare mode of the JS API in Node (the lab's stale resolver; the same documents as the CLI)"
node tests/web/compare_check.mjs

step "the page in headless Chromium"
python3 tests/web/page_test.py

step "the widget in headless Chromium"
python3 tests/web/widget_test.py

step "compare mode in the page and the widget (headless Chromium)"
python3 tests/web/compare_test.py

step "the static server's security headers (scripts/serve.py, what ./build.sh serve runs)"
python3 tests/web/serve_test.py

step "the npm package layout and its TypeScript types"
node tests/web/package_check.mjs
TSC=.tools/typescript/node_modules/.bin/tsc
if [ "$("$TSC" --version 2>/dev/null)" != "Version $TYPESCRIPT_VERSION" ]; then
  npm install --prefix .tools/typescript --no-save --no-audit --no-fund "typescript@$TYPESCRIPT_VERSION" >&2
fi
rm -rf target/types-check
mkdir -p target/types-check/node_modules
cp tests/web/types/consumer.ts tests/web/types/tsconfig.json target/types-check/
ln -s "$PWD/www" target/types-check/node_modules/dnssec-health
"$TSC" -p target/types-check/tsconfig.json
echo "types ok"
