#!/usr/bin/env bash
# Smoke test of the real terminal UI: runs bin/isolab.js in a real terminal (tmux), types keys,
# reads the screen, and fails unless the learner would have seen what we expect.
#
#   open the lab list → open the process-lab fixture → run its first step for real → see "passed"
#   → q: the leaving question shows the cleanup commands and nothing has run → x removes → the
#   screen says what was removed → no `sleep 300` of this run is left
#   → open hyperv-isolation: the header names its edition (Linux · sh); e switches to Linux ·
#   PowerShell and shows the article's Get-Process command, nothing run
#   → with DOCKER_HOST pointing at a socket where nothing answers, home says no engine answers and
#   puts the cursor on the lab that needs none
#
# Also measures how long the first screen takes to appear. Usage: scripts/tui-smoke.sh [COLSxROWS]
# TUI_SMOKE_NAME names the tmux server and sessions (default isolab-smoke), so parallel runs never meet.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZE="${1:-80x24}"
COLS="${SIZE%x*}"
ROWS="${SIZE#*x}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/isolab-smoke.XXXXXX")"
NAME="${TUI_SMOKE_NAME:-isolab-smoke}"
SOCKET="$NAME-$$"
TARGET="$NAME"

finish() {
  # Closing the terminal makes isolab clean up (SIGHUP); give it a moment, then make sure.
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  for _ in $(seq 50); do [[ -z "$(our_sleeps)" ]] && break; sleep 0.1; done
  for pid in $(our_sleeps); do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap finish EXIT

# fail, screen, now_ms, wait_for, keys: the PID the step prints may have scrolled up, hence the history.
SCREEN_HISTORY=200
# shellcheck source=scripts/tmux-lib.sh
source scripts/tmux-lib.sh

# Our processes carry this state dir in their environment: that is how we find leftovers of this
# run without touching anyone else's `sleep`.
our_sleeps() {
  local pid
  for pid in $(pgrep -x sleep || true); do
    if { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null | grep -qxF "ISOLAB_STATE_DIR=$WORK/state" \
      && [[ "$({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null)" == "sleep 300 " ]]; then
      echo "$pid"
    fi
  done
}

# What bin/isolab.js runs: built by `npm test` before this script (built here only when missing).
[[ -f dist/cli/main.js ]] || node scripts/build.mjs >/dev/null 2>&1 || true
[[ -f dist/cli/main.js ]] || fail "dist/cli/main.js is missing: the build failed"
command -v tmux >/dev/null || fail "tmux is not installed"

mkdir -p "$WORK/labs" "$WORK/state"
cp test/fixtures/process-lab.md "$WORK/labs/"
NODE="$(command -v node || echo node_modules/.bin/node)"

started=$(now_ms)
tmux -L "$SOCKET" new-session -d -s "$TARGET" -x "$COLS" -y "$ROWS" \
  "env ISOLAB_LABS_DIR='$WORK/labs' ISOLAB_STATE_DIR='$WORK/state' ISOLAB_LANG=en '$NODE' bin/isolab.js; echo \"[isolab exited with \$?]\"; sleep 60"

# 1. The lab list, with the fixture and its readiness.
wait_for "A process you start is a process of this host" 15000
first_screen=$(( $(now_ms) - started ))
wait_for "ready on this machine"
ready=$(( $(now_ms) - started ))
wait_for "Enter open"

# 2. Open it: the first step, its command shown before anything runs.
keys Enter
wait_for "1/5 Start a background process"
wait_for '$ sleep 300 >/dev/null 2>&1 &'
[[ -z "$(our_sleeps)" ]] || fail "something ran before the learner pressed Enter"

# 3. Run it for real.
keys Enter
wait_for "✔ passed"
wait_for "The background sleep has PID"
pid="$(screen | sed -n 's/.*The background sleep has PID \([0-9][0-9]*\)\..*/\1/p' | tail -n 1)"
[[ -n "$pid" ]] || fail "no PID on the screen"
[[ "$(our_sleeps)" == "$pid" ]] || fail "the sleep the screen names ($pid) is not the one running ($(our_sleeps | tr '\n' ' '))"

# 4. Quit: q runs nothing; it asks, showing the exact cleanup commands. x agrees to them.
keys q
wait_for "Quitting isolab. What this lab created keeps running"
wait_for "x: remove it now and end this run; this runs:"
[[ "$(our_sleeps)" == "$pid" ]] || fail "q ran something before the learner agreed: the sleep is gone"
keys x
wait_for "[isolab exited with 0]" 15000
wait_for "removed process $pid (sleep)"
leftover="$(our_sleeps)"
[[ -z "$leftover" ]] || fail "sleep 300 still running after removing it: $leftover"
if screen | grep -qE "Error|TypeError|at .*\.js:[0-9]+"; then fail "an error was printed"; fi

# start_session NAME [ENV…]: isolab in a new terminal of the same size, on the labs in $WORK/labs.
start_session() {
  TARGET="$1"; shift
  tmux -L "$SOCKET" new-session -d -s "$TARGET" -x "$COLS" -y "$ROWS" \
    "env ISOLAB_LABS_DIR='$WORK/labs' ISOLAB_STATE_DIR='$WORK/state' ISOLAB_LANG=en $* '$NODE' bin/isolab.js; echo \"[isolab exited with \$?]\"; sleep 60"
}

# 5. The shell key on the real lab: the header names the edition; e opens the PowerShell edition.
rm -f "$WORK"/labs/*.md
for f in labs/hyperv-isolation.md labs/*/hyperv-isolation.md; do mkdir -p "$WORK/$(dirname "$f")"; cp "$f" "$WORK/$f"; done
start_session "$NAME-shell"
wait_for "Process isolation or a kernel of its own?" 15000
wait_for "Shells on this machine: sh, PowerShell"
keys Enter
wait_for "Linux · sh" 20000
wait_for "Start a process-isolated container"
keys e
wait_for "Linux · PowerShell" 20000
wait_for "Shell: PowerShell."
wait_for "1/11 "
for n in 2 3 4; do keys n; wait_for "$n/11 "; done
wait_for "Get-Process -Name ping"
keys q
wait_for "[isolab exited with 0]" 15000

# 6. No engine answers: home says so in one line and selects the lab that needs none.
rm -rf "$WORK"/labs/*
cp labs/*.md "$WORK/labs/"
start_session "$NAME-noengine" "DOCKER_HOST=unix://$WORK/no-engine.sock"
wait_for "No container engine answers here:" 20000
wait_for "› What a container is made of"
keys q
wait_for "[isolab exited with 0]" 15000
if screen | grep -qE "Error|TypeError|at .*\.js:[0-9]+"; then fail "an error was printed"; fi

echo "tui-smoke: OK at ${COLS}x${ROWS} — first screen after ${first_screen} ms, preflight done after ${ready} ms; step ran (PID $pid), the learner agreed to the cleanup shown, which removed it; e switched hyperv-isolation to PowerShell; without an engine, home selected the lab that needs none"
