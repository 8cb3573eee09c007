# Shared by the smoke tests that drive the real UI in tmux (scripts/tui-smoke.sh,
# scripts/tui-loop-smoke.sh). Source it after setting:
#   SOCKET, TARGET   the tmux server (-L) and the session the UI runs in
#   COLS, ROWS       the terminal size, named when a test fails
# and, optionally:
#   SCREEN_HISTORY   scrollback lines screen() includes (default 0: the visible screen only)
#   WAIT_TIMEOUT_MS  wait_for's default timeout (default 10000)
#   WAIT_POLL        seconds between two looks at the screen in wait_for (default 0.05)

# fail MESSAGE: says what the learner would not have seen, with the screen as it is, and exits 1.
fail() {
  echo "$(basename "$0" .sh): FAIL: $*" >&2
  echo "----- screen (${COLS}x${ROWS}) -----" >&2
  tmux -L "$SOCKET" capture-pane -p -t "$TARGET" >&2 2>/dev/null || true
  echo "-----------------------------------" >&2
  exit 1
}

# The screen as the learner reads it (plus SCREEN_HISTORY lines of scrollback).
screen() {
  if (( ${SCREEN_HISTORY:-0} > 0 )); then
    tmux -L "$SOCKET" capture-pane -p -t "$TARGET" -S "-$SCREEN_HISTORY"
  else
    tmux -L "$SOCKET" capture-pane -p -t "$TARGET"
  fi
}

now_ms() { date +%s%3N; }

# wait_for TEXT [TIMEOUT_MS]: polls the screen until it shows TEXT (a fixed string).
wait_for() {
  local text="$1" timeout="${2:-${WAIT_TIMEOUT_MS:-10000}}" deadline
  deadline=$(( $(now_ms) + timeout ))
  until screen | grep -qF -- "$text"; do
    (( $(now_ms) < deadline )) || fail "the screen never showed: $text"
    sleep "${WAIT_POLL:-0.05}"
  done
}

# keys KEY...: types into the UI (tmux send-keys names: Enter, Escape, C-c, or text).
keys() { tmux -L "$SOCKET" send-keys -t "$TARGET" "$@"; }
