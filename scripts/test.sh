#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what is missing (BIND 9, Unbound, clang,
# Chromium and chromedriver, Node, the wasm target), then the unit tests, the RFC vector tests
# and the integration tests against the signed test lab (started and stopped by the tests
# themselves, on 127.0.0.1 only), then the browser tests (scripts/test-web.sh: wasm in Node,
# Chromium and a Web Worker, and the page end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo test --all-targets
bash scripts/test-web.sh
