#!/usr/bin/env bash
# Debian packages the browser tests need: chromium (Playwright's own browser
# download does not work offline) and CJK fonts for Chinese glyphs.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing system packages: ${need[*]} (run: sudo apt-get install ${need[*]})" >&2
  fi
fi
