#!/usr/bin/env bash
# The screen contract (issue 20), on the real UI in tmux: the namespaces lab (sh edition) at every
# size (100x30, 80x24, 60x20) in every language (en, es, zh-CN, fr). Each walk captures the lab
# list, step 1 before it runs (the lab's introduction first), the in-lab help (every page of it),
# step 1 after it ran, and the leaving question; then x removes what the step started. Every
# captured screen is checked:
#   - no {{placeholder}} and no snake_case capture name in what the learner reads;
#   - on a non-English screen, no English word of the footer's catalog;
#   - the footer is on screen (nothing pushed it off);
#   - the help fits, or says what is below and PgDn reaches its last line;
#   - a verdict area that is cut says how many verdicts are below.
# A failing run keeps every captured screen in a folder the failure names. Usage:
#   scripts/screen-contract.sh [SIZE…]   (default: 100x30 80x24 60x20)
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=("${@:-100x30 80x24 60x20}")
read -r -a SIZES <<< "${SIZES[*]}"
LANGS=(en es zh-CN fr)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/isolab-screens.XXXXXX")"
SHOTS="$WORK/screens"
NAME="isolab-screens-$$"
SOCKET="$NAME"
TARGET="$NAME"
COLS=0 ROWS=0
checked=0
started_all=$(date +%s)

cleanup_all() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  # What a walk left running carries this state dir in its environment: stop only that.
  sleep 0.5
  for pid in $(pgrep -x sleep || true) $(pgrep -x unshare || true); do
    if { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null | grep -q "^ISOLAB_STATE_DIR=$WORK/"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  if [[ "${KEEP:-0}" == 1 ]]; then
    rm -rf "$WORK/labs" "$WORK"/state-*
  else
    rm -rf "$WORK"
  fi
}
trap cleanup_all EXIT

# shellcheck source=scripts/tmux-lib.sh
source scripts/tmux-lib.sh
# A failure keeps the captured screens and names where they are.
fail() {
  KEEP=1
  echo "screen-contract: FAIL (${COLS}x${ROWS}, ${LANG_NOW:-?}, ${SHOT_NOW:-?}): $*" >&2
  echo "----- screen -----" >&2
  tmux -L "$SOCKET" capture-pane -p -t "$TARGET" >&2 2>/dev/null || true
  echo "------------------" >&2
  echo "screen-contract: every captured screen is kept in $SHOTS" >&2
  exit 1
}

[[ -f dist/cli/main.js ]] || node scripts/build.mjs >/dev/null 2>&1 || true
[[ -f dist/cli/main.js ]] || fail "dist/cli/main.js is missing: the build failed"
command -v tmux >/dev/null || fail "tmux is not installed"
NODE="$(command -v node)"

mkdir -p "$WORK/labs" "$SHOTS"
for f in labs/namespaces.md labs/*/namespaces.md; do mkdir -p "$WORK/$(dirname "$f")"; cp "$f" "$WORK/$f"; done

# The English footer words (ui.footer.*), which a non-English screen must not show.
mapfile -t EN_FOOTER < <(sed -n "s/^  'ui\.footer\.[a-zA-Z.]*': '\([^']*\)',$/\1/p" src/i18n/catalogs/en-ui.ts | sort -u)

# check NAME: captures the screen as NAME and checks the contract on it.
check() {
  SHOT_NOW="$1"
  local file="$SHOTS/${COLS}x${ROWS}-${LANG_NOW}-$1.txt" text footer
  screen > "$file"
  checked=$((checked + 1))
  text="$(cat "$file")"
  grep -qF '{{' <<< "$text" && fail "a {{placeholder}} is on screen"
  # Capture names are snake_case (inner_pid, host_kernel): never in learner text. Commands ($ …) may name files.
  if grep -v '^\s*\$\|^\s*│' <<< "$text" | grep -qE '(^|[^A-Za-z0-9_/.-])[a-z]+_[a-z0-9_]+([^A-Za-z0-9_/.-]|$)'; then
    fail "a snake_case name is on screen: $(grep -v '^\s*\$\|^\s*│' <<< "$text" | grep -oE '(^|[^A-Za-z0-9_/.-])[a-z]+_[a-z0-9_]+' | head -3 | tr '\n' ' ')"
  fi
  footer="$(grep -v '^\s*$' <<< "$text" | tail -n 1)"
  [[ -n "$footer" ]] || fail "the screen is empty"
  if [[ "$LANG_NOW" != en ]]; then
    local w own
    # A word the language itself uses (es "shell") is its own, not a leftover of English.
    own="$(sed -n "s/^  'ui\.footer\.[a-zA-Z.]*': '\([^']*\)',$/\1/p" "src/i18n/catalogs/$LANG_NOW-ui.ts")"
    for w in "${EN_FOOTER[@]}"; do
      grep -qxF -- "$w" <<< "$own" && continue
      if grep -qE "(^| )[^ ]+ ${w}( · |$)" <<< "$footer"; then fail "the footer shows the English word '$w'"; fi
    done
  fi
  return 0
}

# wait_re REGEX [TIMEOUT_MS]: like wait_for, for an extended regular expression.
wait_re() {
  local re="$1" timeout="${2:-20000}" deadline
  deadline=$(( $(now_ms) + timeout ))
  until screen | grep -qE -- "$re"; do
    (( $(now_ms) < deadline )) || fail "the screen never matched: $re"
    sleep 0.1
  done
}

walk() {
  LANG_NOW="$1"
  local state="$WORK/state-${COLS}x${ROWS}-$1"
  mkdir -p "$state"
  TARGET="$NAME-${COLS}x${ROWS}-$1"
  tmux -L "$SOCKET" new-session -d -s "$TARGET" -x "$COLS" -y "$ROWS" \
    "env ISOLAB_LABS_DIR='$WORK/labs' ISOLAB_STATE_DIR='$state' ISOLAB_LANG='$1' NO_COLOR=1 '$NODE' bin/isolab.js; echo \"[isolab exited with \$?]\"; sleep 60"
  wait_for "isolab ·" 20000
  wait_for "✔" 30000
  check home
  keys Enter
  wait_re '(^| )1/[0-9]+ ' 30000
  sleep 0.3
  check step1
  keys '?'
  sleep 0.3
  check help
  # The help fits, or its last line is reached page by page.
  local pages=0
  while screen | grep -q '↓ [0-9]'; do
    keys NPage
    sleep 0.2
    pages=$((pages + 1))
    (( pages < 8 )) || fail "the help never reached its end"
    check "help-$pages"
  done
  keys Escape
  sleep 0.2
  keys Enter
  wait_re '(^| )1/[0-9]+ .*[✔✘] ' 60000
  sleep 0.3
  check step1-ran
  # A verdict area that is cut says so.
  if ! screen | grep -qE '[✔✘?] ' ; then fail "no verdict is on screen after the step ran"; fi
  keys q
  wait_re 'x ' 15000
  sleep 0.3
  check leaving
  keys x
  wait_for "[isolab exited with" 30000
  tmux -L "$SOCKET" kill-session -t "$TARGET" 2>/dev/null || true
}

for size in "${SIZES[@]}"; do
  COLS="${size%x*}"
  ROWS="${size#*x}"
  for lang in "${LANGS[@]}"; do walk "$lang"; done
done
echo "screen-contract: OK — $checked screens checked (${SIZES[*]} × ${LANGS[*]}) in $(( $(date +%s) - started_all )) s"
