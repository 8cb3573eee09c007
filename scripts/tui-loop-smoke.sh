#!/usr/bin/env bash
# What only a real terminal shows about the learner's loop (see scripts/tui-smoke.sh for the basics):
#
#   1. Enter sent the instant the first frame appears is not lost, and Enter pressed while the home
#      screen checks the machine leaves no stale "checking…" line: the next screen starts at the top.
#   2. A holdsFor step redraws at most once per run of its command (no flicker, no layout jump):
#      the distinct frames seen while it runs are counted.
#
# Usage: scripts/tui-loop-smoke.sh [COLSxROWS]
set -euo pipefail

cd "$(dirname "$0")/.."
SIZE="${1:-80x24}"
COLS="${SIZE%x*}"
ROWS="${SIZE#*x}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/isolab-loop.XXXXXX")"
SOCKET="isolab-loop-$$"
TARGET="loop"

finish() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  rm -rf "$WORK"
}
trap finish EXIT

# fail, screen, now_ms, wait_for, keys: the visible screen only (frames are counted), looked at often.
WAIT_TIMEOUT_MS=15000
WAIT_POLL=0.02
# shellcheck source=scripts/tmux-lib.sh
source scripts/tmux-lib.sh

node_modules/.bin/tsc -p tsconfig.json >/dev/null 2>&1 || true
command -v tmux >/dev/null || fail "tmux is not installed"
mkdir -p "$WORK/labs" "$WORK/state"
cp test/fixtures/holds-lab.md "$WORK/labs/"
NODE="$(command -v node || echo node_modules/.bin/node)"

tmux -L "$SOCKET" new-session -d -s "$TARGET" -x "$COLS" -y "$ROWS" \
  "env ISOLAB_LABS_DIR='$WORK/labs' ISOLAB_STATE_DIR='$WORK/state' ISOLAB_LANG=en '$NODE' bin/isolab.js; echo \"[isolab exited with \$?]\"; sleep 60"

# 1. Enter the moment the first frame is there, while the machine is still being checked.
wait_for "isolab · container isolation labs"
keys Enter
wait_for "1/1 Keep looking"
first="$(screen | head -n 1)"
[[ "$first" == "isolab · A step that must keep passing"* ]] || fail "the lab screen does not start on the first line (it starts: '$first')"
if screen | grep -qF "checking this machine"; then fail "a stale 'checking this machine…' line stayed on the screen"; fi

# 2. Run the holdsFor step and sample the screen until it has finished.
keys Enter
# One look per turn, judged as a whole: a second look after "is it done?" counted the finished
# frame too whenever the step ended between the two (CI saw 9 frames for 7 runs that way).
declare -A seen=()
frames_log="$WORK/frames.txt"
deadline=$(( $(now_ms) + 20000 ))
while :; do
  (( $(now_ms) < deadline )) || fail "the holdsFor step never finished"
  frame="$(screen)"
  grep -qF "✔ passed" <<<"$frame" && break
  key="$(md5sum <<<"$frame")"
  if [[ -z "${seen[$key]:-}" ]]; then
    seen[$key]=1
    printf '=== frame %d\n%s\n' "${#seen[@]}" "$frame" >>"$frames_log"
  fi
  sleep 0.02
done
runs="$(screen | sed -n 's/.*held for .* (\([0-9][0-9]*\) runs).*/\1/p' | tail -n 1)"
[[ -n "$runs" ]] || fail "the step does not say how many runs it held for"
frames=${#seen[@]}
# One frame per run, plus the frame that starts the step.
if (( frames > runs + 1 )); then
  cat "$frames_log" >&2
  fail "$frames distinct frames for $runs runs of the command: the screen flickers (each frame seen is above)"
fi

keys q
wait_for "[isolab exited with 0]" 15000
echo "tui-loop-smoke: OK at ${COLS}x${ROWS} — Enter on the first frame opened the lab at the top of the screen; holdsFor: $frames distinct frames for $runs runs"
