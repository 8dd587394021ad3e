#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what is missing (BIND 9, Unbound, clang,
# the wasm target), then the unit tests, the RFC vector tests and the integration tests against
# the signed test lab (started and stopped by the tests themselves, on 127.0.0.1 only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo test --all-targets
