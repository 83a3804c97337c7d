#!/usr/bin/env bash
# System packages the browser tests need: Debian's chromium and chromium-driver.
# Installs them when missing and this runs as root (CI, development machines);
# otherwise says what to install and leaves it to the browser tests to skip.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "browser tests need: apt-get install ${need[*]} (not root: skipped)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}" >&2
