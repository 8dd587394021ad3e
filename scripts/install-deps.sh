#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine.
#   scripts/install-deps.sh build   what ./build.sh needs (clang for ring, the wasm target)
#   scripts/install-deps.sh         that, plus the test lab and browser (BIND 9, Unbound, Chromium)
# Idempotent: each package is installed only when its tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

build_tools="clang:clang llvm-ar:llvm python3:python3 node:nodejs npm:npm"
test_tools="named:bind9 dnssec-signzone:bind9-utils delv:bind9-dnsutils unbound:unbound \
            openssl:openssl chromium:chromium chromedriver:chromium-driver"
case "${1:-all}" in
  build) tools=$build_tools ;;
  all) tools="$build_tools $test_tools" ;;
  *) echo "usage: $0 [build]" >&2; exit 64 ;;
esac

need_apt=()
for pair in $tools; do
  tool=${pair%%:*}; pkg=${pair#*:}
  command -v "$tool" >/dev/null 2>&1 || need_apt+=("$pkg")
done
[ "${1:-all}" = build ] || [ -f /usr/share/dns/root.ds ] || need_apt+=(dns-root-data)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The Debian unbound package starts a system resolver on port 53; the lab runs its own.
if command -v systemctl >/dev/null 2>&1; then systemctl stop unbound named >/dev/null 2>&1 || true; fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
