#!/usr/bin/env bash
# prepare-test-host.sh: make sure this machine can run isolab's whole test suite.
#
# The end-to-end tests run the real Docker + gVisor lab (in sh and in PowerShell 7), the TUI
# smoke test drives tmux and the class dashboard's tests drive Debian's chromium (playwright-core,
# never a browser download), so `npm test` needs an engine, gVisor, the lab image, pwsh, tmux and chromium. On a Debian/Ubuntu machine where we
# are root this installs and starts what is missing (scripts/provision-linux-host.sh); elsewhere
# it says what is missing and lets the tests fail loudly (they never skip).
set -euo pipefail
cd "$(dirname "$0")/.."

is_root_debian() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

# --lab: only what running a lab needs (no tmux; PowerShell when it can be installed, else the
# provisioning explains how to get it and the sh editions still run). The tests need it all.
want_tmux=1
if [ "${1:-}" = "--lab" ]; then
  want_tmux=0
  export ISOLAB_PWSH=optional
fi

if [ "$want_tmux" = 1 ] && ! command -v tmux >/dev/null 2>&1; then
  if is_root_debian; then
    echo "prepare-test-host: installing tmux (the TUI smoke test drives the real UI in it)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tmux >/dev/null 2>&1 \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tmux >/dev/null; }
  else
    echo "prepare-test-host: tmux is missing: the TUI smoke test will fail (apt-get install tmux)" >&2
  fi
fi

if [ "$want_tmux" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  if is_root_debian; then
    echo "prepare-test-host: installing chromium (the class dashboard is tested in a real browser)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; }
  else
    echo "prepare-test-host: chromium is missing: the dashboard's browser tests will fail (apt-get install chromium)" >&2
  fi
fi

if bash scripts/provision-linux-host.sh --check >/dev/null 2>&1; then
  exit 0
fi
if is_root_debian; then
  bash scripts/provision-linux-host.sh
else
  echo "prepare-test-host: this machine has no ready Docker + gVisor engine;" >&2
  echo "  the end-to-end tests will fail. Prepare it with: sudo scripts/provision-linux-host.sh" >&2
fi
