#!/usr/bin/env bash
# build-utility-vm.sh: the small virtual machine of isolab's utility-vm lab, from Debian's packages only.
#
# Hyper-V isolation runs each container in a utility VM of its own. The utility-vm lab does the same
# by hand with QEMU, and this script prepares what QEMU boots, in $ISOLAB_UVM_DIR
# (default /var/lib/isolab/utility-vm):
#   kernel          Debian's kernel, taken out of its package (apt-get download + dpkg-deb; never
#                   installed, the host's /boot is not touched). Unpacked to its ELF image when it
#                   can be: under software emulation that boots seconds faster than the compressed one.
#   initramfs.img   busybox-static with one link per applet, and an /init that mounts proc, sys and
#                   dev, starts `ping 127.0.0.1`, and answers commands on the VM's second serial port.
#   accel           kvm or tcg: what the probe found. KVM only when a real boot under KVM is faster
#                   than software emulation (tcg): /dev/kvm can exist where guests barely move.
#   build.info      what was built from what; --check compares it with this script.
# Then it boots the VM once and asks it for its processes, to prove it works.
#
# Needs qemu-system-x86, busybox-static and xz-utils (scripts/provision-linux-host.sh installs them
# and calls this script). Idempotent: when everything is there and current, it changes nothing.
#
# Usage: sudo scripts/build-utility-vm.sh [--check] [--force] [--help]

set -euo pipefail
export LC_ALL=C
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

readonly PROG=isolab-utility-vm
readonly DIR="${ISOLAB_UVM_DIR:-/var/lib/isolab/utility-vm}"
readonly FORMAT=1                    # of build.info; raise it when the artifacts change meaning
readonly QEMU=qemu-system-x86_64
readonly BUSYBOX=/bin/busybox        # busybox-static's binary
readonly MEM=256                     # MiB, as the lab starts it
readonly BOOT_DEADLINE=180           # seconds for the verification boot under tcg (a loaded machine is slow)

usage() {
  cat <<EOF
Usage: $0 [--check] [--force] [--help]

Builds the utility VM that isolab's utility-vm lab boots with QEMU, in $DIR
(ISOLAB_UVM_DIR overrides): Debian's kernel taken out of its package (not installed),
a busybox initramfs whose init starts ping and answers commands on the second serial
port, and the accelerator a probe chose (kvm where it really works, otherwise tcg).
Boots it once to prove it works. Idempotent: a second run changes nothing.

Options:
  --check   report whether it is built and current, change nothing;
            exit 0 if ready, 1 otherwise
  --force   build again even if everything is there
  --help    show this help
EOF
}

say()  { printf '%s: %s\n' "$PROG" "$*"; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
now()  { printf '%s' "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# The VM's first process. Kept here, whole, so build.info can say which version an initramfs has.
read -r -d '' INIT <<'EOF' || true
#!/bin/sh
# /init of isolab's utility VM: the first process of the VM's own kernel (built by build-utility-vm.sh).
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
ip link set lo up
# The process the lab looks for: it runs on this kernel and nowhere else.
# isolab.ping=off on the kernel command line leaves it out (the lab's tests use that).
if ! grep -qw isolab.ping=off /proc/cmdline; then
  ping 127.0.0.1 >/dev/null 2>&1 &
fi
# The second serial port (ttyS1) carries commands from the host, one a line. It is opened, and
# stays open, before the VM says it is ready: a port nobody holds open drops what arrives.
exec 3<>/dev/ttyS1
stty raw -echo <&3
accel=tcg
dmesg | grep -q 'Hypervisor detected: KVM' && accel=kvm
echo "isolab-vm: ready: kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime) s, accelerator $accel"
# Each answer starts with a line "-- <the command>" and ends with "-- end": the host finds its
# answer by them, whatever an interrupted reader left in the line before.
while :; do
  while IFS= read -r line; do
    echo "-- $line"
    sh -c "$line" </dev/null 2>&1
    echo "-- end"
  done <&3 >&3
done
EOF
INIT_SHA=$(printf '%s\n' "$INIT" | sha256sum | cut -c1-16)
readonly INIT INIT_SHA

info() {  # info KEY -> the value in build.info, empty if absent
  [ -r "$DIR/build.info" ] || return 0
  sed -n "s/^$1=//p" "$DIR/build.info" | head -n1
}

# Is everything there and built by this version of the script? Prints one line per item, in the
# provisioning script's --check format. Returns 1 when something is missing or out of date.
check() {
  local bad=0
  item() { printf '  %-7s %s\n' "$1" "$2"; [ "$1" = ok ] || bad=1; }
  if have "$QEMU"; then item ok "QEMU ($(command -v "$QEMU"))"; else item MISSING "QEMU (package qemu-system-x86)"; fi
  if [ -r "$DIR/kernel" ] && [ -r "$DIR/initramfs.img" ] && [ -r "$DIR/accel" ] && [ -r "$DIR/build.info" ]; then
    if [ "$(info format)" != "$FORMAT" ] || [ "$(info init_sha256)" != "$INIT_SHA" ]; then
      item MISSING "utility VM in $DIR is out of date (build it again: sudo $0)"
    else
      item ok "utility VM kernel $(info kernel_release) ($(info kernel_form)) in $DIR"
      item ok "utility VM initramfs (busybox $(info busybox)), accelerator $(cat "$DIR/accel") ($(info accel_reason))"
    fi
  else
    item MISSING "utility VM kernel and initramfs in $DIR"
  fi
  return "$bad"
}

CHECK=0
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --check) CHECK=1 ;;
    --force) FORCE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) printf '%s: unknown argument: %s\n\n' "$PROG" "$arg" >&2; usage >&2; exit 2 ;;
  esac
done

if [ "$CHECK" -eq 1 ]; then
  check
  exit
fi

T0=$(now)
if [ "$FORCE" -eq 0 ] && check >/dev/null; then
  say "utility VM present and current in $DIR (kernel $(info kernel_release), accelerator $(cat "$DIR/accel")); nothing to do ($(since "$T0") s)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "must run as root (it writes $DIR and uses apt-get): sudo $0"
have apt-get && have dpkg-deb || die "this script takes the kernel from a Debian/Ubuntu package (apt-get, dpkg-deb)"
[ "$(dpkg --print-architecture)" = amd64 ] || die "the utility VM is an x86_64 guest taken from an amd64 kernel package; this machine is $(dpkg --print-architecture)"
have "$QEMU" || die "$QEMU is missing: apt-get install --no-install-recommends qemu-system-x86"
[ -x "$BUSYBOX" ] && [[ $'\n'"$("$BUSYBOX" --list)"$'\n' == *$'\ncpio\n'* ]] ||
  die "$BUSYBOX (busybox-static, with cpio) is missing: apt-get install busybox-static"
have xz || die "xz is missing: apt-get install xz-utils"

WORK=$(mktemp -d /tmp/isolab-uvm-build.XXXXXX)
cleanup() {
  # A test VM still running (the script was interrupted while it booted) stops with the script. The
  # boots run in subshells, so their pid files are found in the work folder, not in a variable.
  local f
  for f in "$WORK"/boot.*/vm.pid; do
    [ -s "$f" ] && pkill -F "$f" "${QEMU:0:15}" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- kernel
# The versioned package the meta-package depends on (Debian: linux-image-amd64; Ubuntu: -virtual).
kernel_package() {
  local meta
  for meta in linux-image-amd64 linux-image-virtual linux-image-generic; do
    { apt-cache depends "$meta" 2>/dev/null || true; } | awk '/^ *Depends: linux-image-[0-9]/ { print $2; exit }' | grep . && return 0
  done
  return 1
}

t=$(now)
pkg=$(kernel_package) || {
  apt-get -q -o DPkg::Lock::Timeout=120 update >/dev/null || die "apt-get update failed; check the network and /etc/apt/sources.list"
  pkg=$(kernel_package) || die "no kernel package found (linux-image-amd64 on Debian, linux-image-virtual on Ubuntu)"
}
mkdir "$WORK/deb"
(cd "$WORK/deb" && apt-get -q -o APT::Sandbox::User=root download "$pkg" >/dev/null) || die "apt-get download $pkg failed"
deb=$(ls "$WORK"/deb/*.deb)
pkg_version=$(dpkg-deb -f "$deb" Version)
# Only the kernel image: the package's modules are not needed (everything the VM uses is built in).
# /boot comes first in the package, so tar stops early; dpkg-deb's broken pipe is expected.
(set +o pipefail; dpkg-deb --fsys-tarfile "$deb" 2>/dev/null | tar -x -C "$WORK" --wildcards --occurrence=1 './boot/vmlinuz-*')
compgen -G "$WORK/boot/vmlinuz-*" >/dev/null || die "no /boot/vmlinuz-* in $pkg"
rm -rf "$WORK/deb"
bzimage=$(ls "$WORK"/boot/vmlinuz-*)
release=${bzimage##*/vmlinuz-}
# The ELF image inside the compressed one: QEMU boots it directly (PVH entry), without the
# decompression that takes seconds under software emulation. Where it cannot be had, the bzImage.
offset=$({ grep -obUaP '\xfd7zXZ\x00' "$bzimage" || true; } | head -n1 | cut -d: -f1)
form="bzImage, compressed"
# (xz stops after the first stream: tail's broken pipe is expected, hence no pipefail there.)
if [ -n "$offset" ] && (set +o pipefail; tail -c +$((offset + 1)) "$bzimage" | xz -dc --single-stream >"$WORK/vmlinux") 2>/dev/null &&
  [ "$(head -c 4 "$WORK/vmlinux" | od -An -c | tr -d ' \n')" = '177ELF' ]; then
  mv "$WORK/vmlinux" "$WORK/kernel"
  form="ELF vmlinux"
else
  cp "$bzimage" "$WORK/kernel"
fi
say "kernel $release from $pkg $pkg_version ($form, $(since "$t") s)"

# ---------------------------------------------------------------- initramfs
t=$(now)
root="$WORK/root"
mkdir -p "$root"/{bin,dev,etc,proc,root,sys,tmp}
cp "$BUSYBOX" "$root/bin/busybox"
n=0
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] && continue
  ln -s busybox "$root/bin/$applet"
  n=$((n + 1))
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
printf '%s\n' "$INIT" >"$root/init"
chmod 0755 "$root/init"
(cd "$root" && find . | sort | "$BUSYBOX" cpio -o -H newc 2>/dev/null) | gzip -9n >"$WORK/initramfs.img"
busybox_version=$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || "$BUSYBOX" | head -n1 | awk '{print $2}')
say "initramfs: busybox $busybox_version, $n applets, $(($(stat -c %s "$WORK/initramfs.img") / 1024)) KiB ($(since "$t") s)"

# ---------------------------------------------------------------- probe and verification
alive() {  # alive PIDFILE: the process it names is running (an exited one waiting to be reaped is not)
  local pid state
  pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] || return 1
  state=$(ps -o stat= -p "$pid") || return 1
  [[ $state != Z* ]]
}

# boot ACCEL DEADLINE: boots the VM as the lab does, waits for its ready line, asks it for its
# processes. Prints the guest's seconds to ready. Fails if it does not come up within DEADLINE s,
# or if ping is not among its processes.
boot() {
  local accel=$1 deadline=$2 d start line answer
  d=$(mktemp -d "$WORK/boot.XXXXXX")
  mkfifo "$d/vm.in" "$d/vm.out"
  start=$(now)
  "$QEMU" -name isolab-probe -accel "$accel" -m "$MEM" -smp 1 -nodefaults -display none -no-reboot \
    -kernel "$WORK/kernel" -initrd "$WORK/initramfs.img" -append 'console=ttyS0 quiet panic=-1' \
    -serial "file:$d/console" -serial "pipe:$d/vm" -pidfile "$d/vm.pid" -daemonize 2>"$d/err" || {
    sed 's/^/  /' "$d/err" >&2
    return 2
  }
  until line=$(grep -m1 '^isolab-vm: ready' "$d/console"); do
    if ! alive "$d/vm.pid" || [ "$(since "$start" | cut -d. -f1)" -ge "$deadline" ]; then
      pkill -F "$d/vm.pid" "${QEMU:0:15}" 2>/dev/null || true
      return 1
    fi
    sleep 0.1
  done
  echo ps >"$d/vm.in"
  answer=$(timeout 60 sed -n '/^-- ps$/,/^-- end$/{/^-- /!p;/^-- end$/q}' "$d/vm.out" || true)
  pkill -F "$d/vm.pid" "${QEMU:0:15}" 2>/dev/null || true
  grep -q ' ping 127\.0\.0\.1$' <<<"$answer" || { say "the VM booted but ping is not among its processes:" >&2; printf '%s\n' "$answer" >&2; return 1; }
  sed -n 's/.*, up \([0-9.]*\) s,.*/\1/p' <<<"$line"
}

t=$(now)
status=0
tcg_s=$(boot tcg "$BOOT_DEADLINE") || status=$?
if [ "$status" -eq 2 ] && [ "$form" = "ELF vmlinux" ]; then
  # QEMU boots an ELF kernel only through its PVH entry point; without one, the bzImage it is.
  say "QEMU refused the ELF kernel; using the compressed one"
  cp "$bzimage" "$WORK/kernel"
  form="bzImage, compressed"
  status=0
  tcg_s=$(boot tcg "$BOOT_DEADLINE") || status=$?
fi
[ "$status" -eq 0 ] || die "the VM did not come up under software emulation within $BOOT_DEADLINE s, or ping was not in it (see above)"
tcg_wall=$(since "$t")
say "verified: booted under software emulation (tcg) in $tcg_s s (guest clock; $tcg_wall s in all), ping runs inside"

accel=tcg
if [ ! -e /dev/kvm ]; then
  reason="software emulation: /dev/kvm is missing"
elif ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
  reason="software emulation: no permission on /dev/kvm"
else
  # KVM must beat software emulation on a real boot: a device that opens is not enough.
  t=$(now)
  limit=$(awk -v s="$tcg_wall" 'BEGIN { s = int(s + 1); print (s < 5 ? 5 : s) }')
  if kvm_s=$(boot kvm "$limit"); then
    accel=kvm
    reason="hardware virtualization: booted under KVM in $kvm_s s ($(since "$t") s in all), under tcg in $tcg_s s"
  else
    reason="software emulation: /dev/kvm is there, but the VM did not boot under KVM within $limit s (tcg: $tcg_wall s)"
  fi
fi
say "accelerator: $accel ($reason)"

# ---------------------------------------------------------------- install
mkdir -p "$DIR"
chmod 0755 "$DIR" "$(dirname "$DIR")" 2>/dev/null || true
for f in kernel initramfs.img; do
  install -m 0644 "$WORK/$f" "$DIR/.$f.new"
  mv -f "$DIR/.$f.new" "$DIR/$f"
done
printf '%s\n' "$accel" >"$DIR/.accel.new" && chmod 0644 "$DIR/.accel.new" && mv -f "$DIR/.accel.new" "$DIR/accel"
# Written last: its presence says the rest is complete.
cat >"$DIR/.build.info.new" <<EOF
format=$FORMAT
kernel_package=$pkg $pkg_version
kernel_release=$release
kernel_form=$form
busybox=$busybox_version
init_sha256=$INIT_SHA
accel=$accel
accel_reason=$reason
boot_tcg_s=$tcg_s
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
chmod 0644 "$DIR/.build.info.new"
mv -f "$DIR/.build.info.new" "$DIR/build.info"
say "built in $DIR ($(since "$T0") s): kernel $release, initramfs, accelerator $accel"
