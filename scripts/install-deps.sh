#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian machine.
# Idempotent: each step is skipped when its tool is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for pair in named:bind9 dnssec-signzone:bind9-utils delv:bind9-dnsutils unbound:unbound \
            clang:clang llvm-ar:llvm chromium:chromium chromedriver:chromium-driver \
            python3:python3; do
  tool=${pair%%:*}; pkg=${pair#*:}
  command -v "$tool" >/dev/null 2>&1 || need_apt+=("$pkg")
done
[ -f /usr/share/dns/root.ds ] || need_apt+=(dns-root-data)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The Debian unbound package starts a system resolver on port 53; the lab runs its own.
if command -v systemctl >/dev/null 2>&1; then systemctl stop unbound named >/dev/null 2>&1 || true; fi

if [ "${SKIP_WASM_TOOLS:-0}" != 1 ]; then
  rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
fi
