#!/usr/bin/env bash
# provision-linux-host.sh: prepare a Debian/Ubuntu machine for isolab's Linux labs.
#
# Installs and configures (only what is missing):
#   - the Docker engine (Debian package docker.io; the engine binary is dockerd),
#   - gVisor (package runsc), registered with the engine as the runtime "runsc",
#   - a local busybox image (default busybox:stable) built from busybox-static,
#     so no container registry is needed,
#   - PowerShell 7 (pwsh) for the labs' PowerShell editions: a pwsh on PATH or in
#     the .NET tools folder is used; else, with the .NET SDK present, the pinned
#     global tool (dotnet tool install --global PowerShell --version 7.6.9),
#   - QEMU (package qemu-system-x86) and the utility-vm lab's small VM: Debian's
#     kernel taken out of its package and a busybox initramfs, built by
#     scripts/build-utility-vm.sh in /var/lib/isolab/utility-vm (ISOLAB_UVM_DIR),
# starts dockerd if no engine answers (works without systemd), then proves that
# both runtimes run containers and the VM boots. Safe to run again: a second run
# changes nothing.
#
# Usage: sudo scripts/provision-linux-host.sh [--check] [--help]
# Environment: ISOLAB_IMAGE (default busybox:stable), DOTNET_TOOLS (default ~/.dotnet/tools),
#   ISOLAB_PWSH=optional: without PowerShell and a way to install it, explain and go on (the sh
#   editions do not need it; `npm run lab` sets this, tests and CI need PowerShell)

set -euo pipefail
# The learner's language, for the one message they must act on (PowerShell missing);
# read before LC_ALL=C below. Same order as isolab: ISOLAB_LANG, LC_ALL, LC_MESSAGES, LANG.
readonly USER_LANG="${ISOLAB_LANG:-${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}}"
export LC_ALL=C                      # stable tool output, '.' in $EPOCHREALTIME
export DEBIAN_FRONTEND=noninteractive
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

readonly PROG=isolab-provision
readonly IMAGE="${ISOLAB_IMAGE:-busybox:stable}"
readonly RUNSC_PATH=/usr/bin/runsc
readonly DAEMON_JSON=/etc/docker/daemon.json
readonly DOCKERD_LOG=/var/log/isolab-dockerd.log
readonly DOCKERD_PIDFILE=/run/isolab-dockerd.pid
readonly ENGINE_TIMEOUT=30           # seconds to wait for dockerd to answer
readonly RELOAD_TIMEOUT=10           # seconds to wait for a SIGHUP reload
readonly LABEL_KEY=isolab.provision  # on every container this script starts,
readonly LABEL="$LABEL_KEY=$$"       # valued with this run's PID
readonly PWSH_VERSION=7.6.9          # pinned: later builds may want a newer .NET than the SDK here
readonly DOTNET_TOOLS_DIR="${DOTNET_TOOLS:-$HOME/.dotnet/tools}"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly BUILD_UVM="$SCRIPT_DIR/build-utility-vm.sh"
readonly UVM_DIR="${ISOLAB_UVM_DIR:-/var/lib/isolab/utility-vm}"  # where the build script puts the VM

usage() {
  cat <<EOF
Usage: $0 [--check] [--help]

Prepares this Debian/Ubuntu machine for isolab's Linux labs (run as root):
  1. installs docker.io, runsc, busybox-static, qemu-system-x86 and xz-utils
     if missing (apt-get, --no-install-recommends),
  2. registers runsc in $DAEMON_JSON (merged, other keys kept),
  3. starts dockerd if no engine answers (no systemd needed;
     log $DOCKERD_LOG, pid $DOCKERD_PIDFILE),
  4. builds the image $IMAGE locally from busybox-static if it is absent
     (no registry needed; override the name with ISOLAB_IMAGE),
  5. verifies that containers run under runc and under runsc,
  6. builds the utility-vm lab's VM if it is missing ($BUILD_UVM:
     Debian's kernel taken out of its package, never installed, and a busybox
     initramfs, in /var/lib/isolab/utility-vm), and boots it once,
  7. installs PowerShell 7 (pwsh) if none is found on PATH or in
     $DOTNET_TOOLS_DIR: with the .NET SDK, the pinned global tool
     PowerShell $PWSH_VERSION; without it, stops and explains the ways to get it.
Idempotent: a second run only verifies.

Options:
  --check   report what is missing, change nothing;
            exit 0 if everything is ready, 1 otherwise
  --help    show this help
EOF
}

# ---------------------------------------------------------------- helpers
say()  { printf '%s: %s\n' "$PROG" "$*"; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

now() { printf '%s' "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

PHASE_START=
phase_begin() { PHASE_START=$(now); }
phase_end() { say "$1 ($(since "$PHASE_START") s)"; }

CHANGED=()                           # what this run changed, for the summary
changed() { CHANGED+=("$1"); }

have() { command -v "$1" >/dev/null 2>&1; }

pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

python() {
  if [ -x /usr/bin/python3 ]; then /usr/bin/python3 "$@"; else python3 "$@"; fi
}

have_systemd() { [ -d /run/systemd/system ] && have systemctl; }

engine_up() { docker info >/dev/null 2>&1; }

engine_runtimes() {
  docker info --format '{{range $name, $_ := .Runtimes}}{{$name}} {{end}}' 2>/dev/null || true
}

engine_has_runsc() { [[ " $(engine_runtimes) " == *" runsc "* ]]; }

image_present() { docker image inspect "$IMAGE" >/dev/null 2>&1; }

# The pwsh isolab will use: PATH first, then the .NET global tools folder
# (dotnet tool install --global does not put it on PATH). Prints the path.
find_pwsh() {
  if have pwsh; then command -v pwsh; return 0; fi
  [ -x "$DOTNET_TOOLS_DIR/pwsh" ] && { printf '%s\n' "$DOTNET_TOOLS_DIR/pwsh"; return 0; }
  return 1
}

pwsh_version() {  # pwsh_version PATH -> "7.6.9", fails if pwsh does not start
  "$1" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | tr -d '\r'
}

# No pwsh and no way to install it here: say how to get it, in the learner's language.
# Stops the script, unless ISOLAB_PWSH=optional.
explain_no_pwsh() {
  case "$USER_LANG" in
    es*) cat <<EOF >&2
$PROG: error: no se encuentra PowerShell 7 (pwsh) ni el SDK de .NET para instalarlo.
Las ediciones de PowerShell de los laboratorios lo necesitan. Formas de obtenerlo:
  - el repositorio de paquetes de Microsoft (packages.microsoft.com): apt-get install powershell
  - snap: snap install powershell --classic
  - el SDK de .NET y la herramienta global: dotnet tool install --global PowerShell --version $PWSH_VERSION
Después, vuelva a ejecutar este script. Las ediciones sh no necesitan PowerShell.
EOF
    ;;
    fr*) cat <<EOF >&2
$PROG: erreur : PowerShell 7 (pwsh) est introuvable, et le SDK .NET pour l'installer aussi.
Les éditions PowerShell des labos en ont besoin. Pour l'obtenir :
  - le référentiel de packages Microsoft (packages.microsoft.com) : apt-get install powershell
  - snap : snap install powershell --classic
  - le SDK .NET et l'outil global : dotnet tool install --global PowerShell --version $PWSH_VERSION
Ensuite, relancez ce script. Les éditions sh n'ont pas besoin de PowerShell.
EOF
    ;;
    zh*) cat <<EOF >&2
$PROG: 错误: 找不到 PowerShell 7 (pwsh)，也没有可用于安装它的 .NET SDK。
实验的 PowerShell 版本需要它。获取方式:
  - Microsoft 包存储库 (packages.microsoft.com): apt-get install powershell
  - snap: snap install powershell --classic
  - .NET SDK 和全局工具: dotnet tool install --global PowerShell --version $PWSH_VERSION
然后重新运行此脚本。sh 版本不需要 PowerShell。
EOF
    ;;
    *) cat <<EOF >&2
$PROG: error: PowerShell 7 (pwsh) was not found, and there is no .NET SDK to install it with.
The labs' PowerShell editions need it. Ways to get it:
  - Microsoft's package repository (packages.microsoft.com): apt-get install powershell
  - snap: snap install powershell --classic
  - the .NET SDK, then the global tool: dotnet tool install --global PowerShell --version $PWSH_VERSION
Then run this script again. The sh editions do not need PowerShell.
EOF
    ;;
  esac
  [ "${ISOLAB_PWSH:-required}" = optional ] && return 0
  exit 1
}

# The PIDs of running root-owned dockerd processes (normally one).
dockerd_pids() { pgrep -x -u 0 dockerd || true; }

# daemon.json handling, in python3 so existing keys survive untouched.
#   daemon_json check  -> exit 0 if runsc is registered as wanted, 1 if not
#   daemon_json apply  -> merge, write atomically; prints "changed" or "unchanged"
daemon_json() {
  python - "$1" "$DAEMON_JSON" "$RUNSC_PATH" <<'PY'
import json, os, sys, tempfile
mode, path, runsc = sys.argv[1], sys.argv[2], sys.argv[3]
want = {"path": runsc, "runtimeArgs": ["--network=none", "--net-raw"]}
data = {}
if os.path.exists(path):
    raw = open(path).read()
    if raw.strip():
        try:
            data = json.loads(raw)
        except ValueError as e:
            sys.exit("isolab-provision: error: %s is not valid JSON (%s); fix or remove it, then run again" % (path, e))
        if not isinstance(data, dict):
            sys.exit("isolab-provision: error: %s does not hold a JSON object; fix or remove it, then run again" % path)
runtimes = data.get("runtimes")
ok = isinstance(runtimes, dict) and runtimes.get("runsc") == want
if mode == "check":
    sys.exit(0 if ok else 1)
if ok:
    print("unchanged")
    sys.exit(0)
if not isinstance(runtimes, dict):
    runtimes = data["runtimes"] = {}
runtimes["runsc"] = want
d = os.path.dirname(path)
os.makedirs(d, exist_ok=True)
fd, tmp = tempfile.mkstemp(dir=d, prefix=".daemon.json.")
with os.fdopen(fd, "w") as f:
    json.dump(data, f, indent=2)
    f.write("\n")
os.chmod(tmp, 0o644)
os.replace(tmp, path)
print("changed")
PY
}

# ---------------------------------------------------------------- arguments
CHECK=0
for arg in "$@"; do
  case "$arg" in
    --check) CHECK=1 ;;
    -h|--help) usage; exit 0 ;;
    *) printf '%s: unknown argument: %s\n\n' "$PROG" "$arg" >&2; usage >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- preflight
T0=$(now)
phase_begin
{ have apt-get && have dpkg-query; } ||
  die "this script supports Debian/Ubuntu (apt-get) only; on another distribution install by hand: a Docker engine, gVisor runsc registered as runtime \"runsc\", and a busybox image named $IMAGE"
if [ "$CHECK" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
  die "must run as root: sudo $0${*:+ $*}"
fi
have python3 || [ -x /usr/bin/python3 ] ||
  die "python3 is needed to edit $DAEMON_JSON: apt-get install python3-minimal, then run again"

# ---------------------------------------------------------------- --check
if [ "$CHECK" -eq 1 ]; then
  missing=0
  item() {  # item OK|MISSING text
    printf '  %-7s %s\n' "$1" "$2"
    [ "$1" = ok ] || missing=$((missing + 1))
  }
  say "checking (nothing will be changed)"
  if have dockerd; then item ok "docker engine installed ($(command -v dockerd))"; else item MISSING "docker engine (package docker.io)"; fi
  if [ -x "$RUNSC_PATH" ]; then item ok "gVisor installed ($RUNSC_PATH)"; else item MISSING "gVisor (package runsc, $RUNSC_PATH)"; fi
  if pkg_installed busybox-static; then item ok "busybox-static installed"; else item MISSING "package busybox-static"; fi
  if have docker; then item ok "docker client ($(command -v docker))"; else item MISSING "docker client (package docker.io)"; fi
  if daemon_json check 2>/dev/null; then item ok "runsc registered in $DAEMON_JSON"; else item MISSING "runsc entry in $DAEMON_JSON"; fi
  # The utility VM (QEMU, its kernel and initramfs): the build script's own check, one line per item.
  while IFS= read -r line; do
    printf '%s\n' "$line"
    [[ $line == *MISSING* ]] && missing=$((missing + 1))
  done < <(bash "$BUILD_UVM" --check || true)
  if ! have docker; then
    item MISSING "engine answering (no docker client)"
  elif engine_up; then
    item ok "engine answering ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
    if engine_has_runsc; then item ok "engine lists runtime runsc ($(engine_runtimes | xargs))"; else item MISSING "engine does not list runtime runsc (reload dockerd)"; fi
    if image_present; then item ok "image $IMAGE present"; else item MISSING "image $IMAGE"; fi
  else
    hint=""; [ "$(id -u)" -ne 0 ] && hint=" (or no permission on the docker socket: run as root)"
    item MISSING "engine answering (docker info fails)$hint"
  fi
  if pwsh_path=$(find_pwsh) && v=$(pwsh_version "$pwsh_path") && [ -n "$v" ]; then
    item ok "PowerShell $v ($pwsh_path)"
  elif have dotnet; then
    item MISSING "PowerShell 7 (pwsh; will install: dotnet tool install --global PowerShell --version $PWSH_VERSION)"
  else
    item MISSING "PowerShell 7 (pwsh; no .NET SDK here: see --help)"
  fi
  if [ "$missing" -eq 0 ]; then
    say "ready: nothing missing ($(since "$T0") s)"
    exit 0
  fi
  say "not ready: $missing item(s) missing; run: sudo $0"
  exit 1
fi
phase_end "preflight ok: root, apt-get"

# ---------------------------------------------------------------- packages
phase_begin
pkgs=()
have dockerd || pkgs+=(docker.io)
[ -x "$RUNSC_PATH" ] || pkgs+=(runsc)
pkg_installed busybox-static || pkgs+=(busybox-static)
have qemu-system-x86_64 || pkgs+=(qemu-system-x86)
have xz || pkgs+=(xz-utils)
if [ "${#pkgs[@]}" -gt 0 ]; then
  say "installing ${pkgs[*]} (apt-get, this takes a few seconds)"
  apt_opts=(-y -q -o DPkg::Lock::Timeout=120 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  apt-get "${apt_opts[@]}" update >/dev/null ||
    die "apt-get update failed; check the network and /etc/apt/sources.list"
  apt-get "${apt_opts[@]}" install --no-install-recommends "${pkgs[@]}" >/tmp/isolab-apt.log 2>&1 || {
    tail -n 20 /tmp/isolab-apt.log >&2
    die "apt-get install ${pkgs[*]} failed (full log: /tmp/isolab-apt.log)"
  }
  have dockerd || die "dockerd still missing after installing docker.io"
  have docker || die "no docker client after installing docker.io"
  changed "packages (${pkgs[*]})"
  phase_end "installed ${pkgs[*]}"
else
  phase_end "packages present: docker.io, runsc, busybox-static, qemu-system-x86, xz-utils"
fi

# ---------------------------------------------------------------- runsc config
phase_begin
json_state=$(daemon_json apply) || die "could not update $DAEMON_JSON"
if [ "$json_state" = changed ]; then
  changed "$DAEMON_JSON"
  phase_end "registered runsc in $DAEMON_JSON"
else
  phase_end "runsc already registered in $DAEMON_JSON"
fi

# ---------------------------------------------------------------- engine
phase_begin
start_engine() {
  if have_systemd; then
    say "starting docker.service (systemd)"
    systemctl start docker.service || die "systemctl start docker.service failed; see: journalctl -u docker"
    return
  fi
  local running
  running=$(dockerd_pids)
  if [ -n "$running" ]; then
    # A dockerd exists but does not answer yet (still starting?): wait for it.
    say "dockerd is running (pid ${running//$'\n'/ }) but not answering yet; waiting"
    return
  fi
  say "starting dockerd (no systemd; log $DOCKERD_LOG)"
  # setsid: own session, so the engine survives the caller's terminal/CI step.
  setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
  echo "$!" >"$DOCKERD_PIDFILE"
  changed "started dockerd"
}

wait_engine() {  # wait_engine -> 0 when `docker info` answers, else dies
  local deadline pid
  deadline=$(( ${EPOCHREALTIME%.*} + ENGINE_TIMEOUT ))
  until engine_up; do
    pid=$(cat "$DOCKERD_PIDFILE" 2>/dev/null || true)
    if [ -n "$pid" ] && ! have_systemd && ! kill -0 "$pid" 2>/dev/null && [ -z "$(dockerd_pids)" ]; then
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      die "dockerd exited during start-up (log above, full log: $DOCKERD_LOG)"
    fi
    if [ "${EPOCHREALTIME%.*}" -ge "$deadline" ]; then
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      die "docker engine did not answer within ${ENGINE_TIMEOUT} s (log above, full log: $DOCKERD_LOG)"
    fi
    sleep 0.2
  done
}

if engine_up; then
  engine_note="already running"
  if [ "$json_state" = changed ] || ! engine_has_runsc; then
    # Tell the running engine to re-read daemon.json (runtimes are reloadable).
    if have_systemd && systemctl is-active --quiet docker.service; then
      systemctl reload docker.service
    else
      pids=$(dockerd_pids)
      [ -n "$pids" ] || die "the engine answers but no local dockerd process was found (DOCKER_HOST=${DOCKER_HOST:-unset}?); add runsc to that engine's daemon.json by hand"
      # shellcheck disable=SC2086
      kill -HUP $pids
    fi
    deadline=$(( ${EPOCHREALTIME%.*} + RELOAD_TIMEOUT ))
    until engine_has_runsc; do
      [ "${EPOCHREALTIME%.*}" -lt "$deadline" ] ||
        die "dockerd reloaded but does not list runtime runsc; check $DAEMON_JSON and the dockerd log"
      sleep 0.2
    done
    engine_note="reloaded (SIGHUP)"
    changed "reloaded dockerd"
  fi
else
  start_engine
  wait_engine
  # Record the PID dockerd itself wrote (exact even if setsid had to fork).
  if ! have_systemd && [ -s /var/run/docker.pid ]; then
    cp /var/run/docker.pid "$DOCKERD_PIDFILE"
  fi
  engine_note="started, pid $(cat "$DOCKERD_PIDFILE" 2>/dev/null || echo '?')"
  engine_has_runsc || die "the engine started but does not list runtime runsc; check $DAEMON_JSON"
fi
ENGINE_VERSION=$(docker info --format '{{.ServerVersion}}')
phase_end "docker engine $ENGINE_VERSION ready, $engine_note, runtimes: $(engine_runtimes | xargs)"

# ---------------------------------------------------------------- image
phase_begin
if image_present; then
  phase_end "image $IMAGE present"
else
  busybox=/bin/busybox
  [ -x "$busybox" ] || die "$busybox missing; reinstall busybox-static"
  rootfs=$(mktemp -d /tmp/isolab-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,dev,etc,proc,sys,root,var/run}
  install -d -m 1777 "$rootfs/tmp"
  cp "$busybox" "$rootfs/bin/busybox"
  n=0
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] && continue
    ln -sf busybox "$rootfs/bin/$applet"
    n=$((n + 1))
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . |
    docker import --change 'CMD ["sh"]' - "$IMAGE" >/dev/null ||
    die "docker import of $IMAGE failed"
  rm -rf "$rootfs"
  trap - EXIT
  changed "image $IMAGE"
  phase_end "built image $IMAGE locally (busybox $("$busybox" | head -n1 | awk '{print $2}'), $n applets)"
fi

# ---------------------------------------------------------------- verify
phase_begin
# Remove every container of this run, found by label: this also catches one
# whose `docker run -d` was interrupted before its id was known.
cleanup_containers() {
  local ids
  ids=$(docker ps -aq --filter "label=$LABEL" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
}
trap cleanup_containers EXIT
trap 'exit 130' INT TERM

# Leftovers of an earlier run that was killed outright (its PID is gone).
while read -r id run; do
  [ -n "$id" ] || continue
  kill -0 "$run" 2>/dev/null || docker rm -f "$id" >/dev/null 2>&1 || true
done < <(docker ps -a --filter "label=$LABEL_KEY" --format "{{.ID}} {{.Label \"$LABEL_KEY\"}}")

fail() { die "verification failed: $*"; }
retry() {  # retry N cmd...: up to N tries, 0.1 s apart (a fresh container may still be exec'ing)
  local n=$1; shift
  until "$@"; do
    n=$((n - 1)); [ "$n" -gt 0 ] || return 1
    sleep 0.1
  done
}
host_has_ping() { local out; out=$(ps -C ping -o pid= || true); grep -qx " *$1" <<<"$out"; }
sandbox_has_ping() { local out; out=$(docker exec "$1" ps 2>/dev/null || true); grep -qw ping <<<"$out"; }

docker run --rm --label "$LABEL" "$IMAGE" true ||
  fail "docker run --rm $IMAGE true (runc)"
docker run --rm --label "$LABEL" --runtime=runsc "$IMAGE" true ||
  fail "docker run --rm --runtime=runsc $IMAGE true; see $DOCKERD_LOG"

# runc: the container's ping is an ordinary host process with the same PID.
cid=$(docker run -d --label "$LABEL" "$IMAGE" ping 127.0.0.1) || fail "docker run -d (runc)"
pid=$(docker inspect -f '{{.State.Pid}}' "$cid")
retry 10 host_has_ping "$pid" ||
  fail "runc: the container's ping (pid $pid) is not visible in the host's ps -C ping"
cleanup_containers

# runsc: the ping lives inside the sandbox; the host sees no new ping process.
before=$(pgrep -x ping | sort || true)
cid=$(docker run -d --label "$LABEL" --runtime=runsc "$IMAGE" ping 127.0.0.1) || fail "docker run -d --runtime=runsc"
retry 10 sandbox_has_ping "$cid" || fail "runsc: docker exec ps does not show ping"
new=$(comm -13 <(printf '%s\n' "$before") <(pgrep -x ping | sort || true) | grep . || true)
[ -z "$new" ] || fail "runsc: a new ping appeared on the host (pid ${new//$'\n'/ }): not sandboxed"
inner=$(docker exec "$cid" uname -r)
[ "$inner" != "$(uname -r)" ] || fail "runsc: the sandbox reports the host kernel $inner"
cleanup_containers
phase_end "verified: runc (host sees ping) and runsc (host sees no ping, kernel $inner vs host $(uname -r))"

# ---------------------------------------------------------------- utility VM
phase_begin
if bash "$BUILD_UVM" --check >/dev/null; then
  phase_end "utility VM present in $UVM_DIR (kernel $(sed -n 's/^kernel_release=//p' "$UVM_DIR/build.info"), accelerator $(cat "$UVM_DIR/accel"))"
else
  say "building the utility-vm lab's VM (a kernel from Debian's package, a busybox initramfs; about half a minute)"
  bash "$BUILD_UVM" || die "building the utility VM failed (see above); run it alone: sudo $BUILD_UVM"
  changed "utility VM"
  phase_end "utility VM built"
fi
UVM_ACCEL=$(cat "$UVM_DIR/accel" 2>/dev/null || echo '?')

# ---------------------------------------------------------------- PowerShell
phase_begin
PWSH_V=
if PWSH=$(find_pwsh); then
  how="found"
elif ! have dotnet; then
  explain_no_pwsh  # returns only with ISOLAB_PWSH=optional
  how="missing"
else
  say "installing PowerShell $PWSH_VERSION (dotnet global tool into $DOTNET_TOOLS_DIR; this takes a minute)"
  if [ "$DOTNET_TOOLS_DIR" = "$HOME/.dotnet/tools" ]; then where=(--global); else where=(--tool-path "$DOTNET_TOOLS_DIR"); fi
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    dotnet tool install "${where[@]}" PowerShell --version "$PWSH_VERSION" </dev/null >/tmp/isolab-pwsh.log 2>&1 || {
    tail -n 20 /tmp/isolab-pwsh.log >&2
    die "dotnet tool install PowerShell $PWSH_VERSION failed (full log: /tmp/isolab-pwsh.log)"
  }
  PWSH=$(find_pwsh) || die "dotnet tool install succeeded but no pwsh in $DOTNET_TOOLS_DIR"
  how="installed"
  changed "PowerShell $PWSH_VERSION"
fi
if [ "$how" = missing ]; then
  PWSH_V="missing (sh editions only)"
  phase_end "PowerShell not installed: the PowerShell editions will not run"
else
  PWSH_V=$(pwsh_version "$PWSH") && [ -n "$PWSH_V" ] || die "$PWSH does not start (try: $PWSH -NoProfile -Command 1)"
  case "$PWSH_V" in 7.*) ;; *) die "$PWSH is PowerShell $PWSH_V; the labs need PowerShell 7" ;; esac
  phase_end "PowerShell $PWSH_V $how ($PWSH)"
fi

# ---------------------------------------------------------------- summary
if [ "${#CHANGED[@]}" -eq 0 ]; then
  say "ready in $(since "$T0") s; nothing changed. engine $ENGINE_VERSION, runtimes runc+runsc, image $IMAGE, utility VM ($UVM_ACCEL), PowerShell $PWSH_V"
else
  summary=$(printf '%s, ' "${CHANGED[@]}"); summary=${summary%, }
  say "ready in $(since "$T0") s; changed: $summary. engine $ENGINE_VERSION, runtimes runc+runsc, image $IMAGE, utility VM ($UVM_ACCEL), PowerShell $PWSH_V"
fi
