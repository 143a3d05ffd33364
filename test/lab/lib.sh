# shellcheck shell=bash
# Shared functions of the mosip-play test lab (sourced by up.sh, down.sh, host.sh).
#
# A lab host is a systemd-nspawn container booting Debian bookworm from an overlayfs root
# (lower = one cached debootstrapped base, upper = per host), attached to the bridge mplab0.
# The facts behind the choices (flags, cgroups, kill order) are measured on this machine
# type; see test/lab/README.md.

# ---------------------------------------------------------------- constants
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LAB_DIR/../.." && pwd)

LAB_STATE=/var/lib/mosip-play-lab          # base image + per-host identity and disks (persistent)
LAB_BASE=$LAB_STATE/base
LAB_HOSTS_DIR=$LAB_STATE/hosts
LAB_RUN=/run/mosip-play-lab                # pid files, logs, overlay mount points (volatile)
LAB_CACHE=/var/cache/mosip-play-lab        # apt-cacher-ng cache
LAB_ACNG_CACHE=$LAB_CACHE/acng
LAB_ACNG_RUN=$LAB_RUN/acng
LAB_ACNG_PORT=3142
LAB_CG_NAME=mosip-play-lab                 # cgroup subtree name in the named hierarchies

LAB_BRIDGE=mplab0
LAB_NET=10.213.0.0/24
LAB_GW=10.213.0.1
LAB_GUARD_METRIC=4000                      # metric of the "unreachable" guard route
LAB_MAX_HOSTS=50
LAB_SUITE=bookworm
# Bump when the base recipe below changes: a cached base with another version is reported.
LAB_BASE_VERSION=1
LAB_BASE_PACKAGES=systemd,systemd-sysv,dbus,libpam-systemd,openssh-server,iproute2,procps,python3,sudo
LAB_HOST_PACKAGES=(systemd-container debootstrap apt-cacher-ng iproute2 openssh-client)

# Outputs for tests and benchmarks, in the repo (gitignored).
LAB_OUT=$REPO_ROOT/.lab
LAB_KEY=$LAB_OUT/id_ed25519
LAB_KNOWN_HOSTS=$LAB_OUT/known_hosts
LAB_SSH_CONFIG=$LAB_OUT/ssh_config
LAB_INVENTORY=$REPO_ROOT/inventory/lab/hosts.ini

LAB_BOOT_TIMEOUT=${LAB_BOOT_TIMEOUT:-90}   # seconds until every host must answer SSH
LAB_STOP_TIMEOUT=${LAB_STOP_TIMEOUT:-10}   # seconds a host gets to halt after SIGTERM

# ---------------------------------------------------------------- messages
log()  { printf 'lab: %s\n' "$*"; }
warn() { printf 'lab: warning: %s\n' "$*" >&2; }
die()  { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

now_ms() { local s; s=$(date +%s%N); echo $(( s / 1000000 )); }
# secs_since START_MS -> "1.23s"
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%02ds' $(( d / 1000 )) $(( d % 1000 / 10 )); }

lab_require_root() { [[ $EUID -eq 0 ]] || die "must run as root (nspawn, mounts, bridge)"; }

# Serialise lab commands: two up.sh runs at once would race on mounts and PID files.
# fd 9 holds the lock; every daemon we start closes it (9>&-) so it never outlives us.
lab_lock() {
  mkdir -p "$LAB_RUN"
  exec 9>"$LAB_RUN/lock"
  if ! flock -n 9; then
    log "waiting for another lab command to finish"
    flock -w 600 9 || die "could not take $LAB_RUN/lock"
  fi
}

# ---------------------------------------------------------------- host names
host_name() { printf 'h%02d' "$1"; }
host_num()  { local n=${1#h}; echo $(( 10#$n )); }
host_ip()   { echo "10.213.0.$(( 10 + $(host_num "$1") ))"; }
valid_host_name() {
  [[ $1 =~ ^h[0-9][0-9]$ ]] && (( $(host_num "$1") >= 1 && $(host_num "$1") <= LAB_MAX_HOSTS ))
}

# ---------------------------------------------------------------- packages
pkg_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

# Install what the lab needs on a fresh machine. A temporary policy-rc.d (only if the
# machine has none) keeps apt-cacher-ng's packaged service from starting on 0.0.0.0:3142.
lab_ensure_packages() {
  local missing=() p
  for p in "${LAB_HOST_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  } >"$LAB_RUN/apt-install.log" 2>&1 || rc=$?
  ((made_policy)) && rm -f "$policy"
  if ((rc)); then
    tail -n 20 "$LAB_RUN/apt-install.log" >&2
    die "apt-get install ${missing[*]} failed (log: $LAB_RUN/apt-install.log)"
  fi
}

# ---------------------------------------------------------------- mirror
# Print the first URI of an enabled "deb" source whose Suites list SUITE, from the
# deb822 files and then the one-line files. Empty output if none.
sources_uri_for_suite() {
  local suite=$1 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk -v want="$suite" '
      function flush() {
        if (uris != "" && enabled != "no" && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ")) {
          split(uris, u, " "); print u[1]
        }
        uris = ""; suites = ""; types = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "uris:"    { $1 = ""; uris = $0 }
      tolower($1) == "suites:"  { $1 = ""; suites = $0 }
      tolower($1) == "types:"   { $1 = ""; types = $0 }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    # deb [options] URI suite components...
    sed -E 's/\[[^]]*\]//' "$f" | awk -v want="$suite" '$1 == "deb" && $3 == want { print $2 }'
  done
}

# The machine's Debian mirror (LAB_MIRROR overrides), without a trailing slash.
lab_mirror() {
  local m=${LAB_MIRROR:-}
  [[ -n $m ]] || m=$(sources_uri_for_suite "$LAB_SUITE" | head -n1)
  [[ -n $m ]] || die "no Debian mirror for $LAB_SUITE in /etc/apt/sources.list*; set LAB_MIRROR=http://HOST/debian"
  echo "${m%/}"
}

# The machine's Debian security mirror; defaults to <mirror>-security (deb.debian.org layout).
lab_security_mirror() {
  local m=${LAB_SECURITY_MIRROR:-}
  [[ -n $m ]] || m=$(sources_uri_for_suite "$LAB_SUITE-security" | head -n1)
  [[ -n $m ]] || m="$(lab_mirror)-security"
  echo "${m%/}"
}

# host/path part of a URL: http://deb.debian.org/debian -> deb.debian.org/debian
url_hostpath() { local u=${1#*://}; echo "${u%/}"; }

# ---------------------------------------------------------------- lab key
lab_ensure_key() {
  mkdir -p "$LAB_OUT" && chmod 700 "$LAB_OUT"
  [[ -s $LAB_KEY && -s $LAB_KEY.pub ]] && return 0
  log "generating lab key $LAB_KEY"
  rm -f "$LAB_KEY" "$LAB_KEY.pub"
  ssh-keygen -q -t ed25519 -N '' -C mosip-play-lab -f "$LAB_KEY"
}

# ---------------------------------------------------------------- mounts and removal
# Mount points at or below DIR, deepest first (from mountinfo, so nothing is guessed).
mounts_under() {
  local dir=${1%/}
  awk -v d="$dir" '{ mp = $5; gsub(/\\040/, " ", mp); if (mp == d || index(mp, d "/") == 1) print mp }' \
    /proc/self/mountinfo | sort -r
}

# Unmount everything at or below DIR. Lazy unmount only as a last resort (with a warning).
umount_under() {
  local mp i
  while IFS= read -r mp; do
    [[ -n $mp ]] || continue
    for i in 1 2 3 4 5 6 7 8 9 10; do
      umount "$mp" 2>/dev/null && break
      sleep 0.1
    done
    if mountpoint -q "$mp"; then
      warn "$mp is busy; detaching it lazily"
      umount -l "$mp"
    fi
  done < <(mounts_under "$1")
}

# rm -rf that never crosses into another filesystem (a leftover /proc mount in an
# interrupted debootstrap target must not be descended into).
safe_rm() {
  local p
  for p; do
    [[ -e $p ]] || continue
    umount_under "$p"
    rm -rf --one-file-system -- "$p"
  done
}

# ---------------------------------------------------------------- base image
base_stamp() { cat "$LAB_BASE/etc/mosip-play-lab-base" 2>/dev/null || true; }
base_id()    { base_stamp | awk -F= '$1 == "id" { print $2 }'; }

# Build the base once (about a minute). Built into a temp dir and renamed, so an
# interrupted build never leaves a half base behind.
lab_ensure_base() {
  if [[ -d $LAB_BASE ]]; then
    local v
    v=$(base_stamp | awk -F= '$1 == "version" { print $2 }')
    [[ $v == "$LAB_BASE_VERSION" ]] ||
      warn "cached base has recipe version '${v:-?}', scripts expect $LAB_BASE_VERSION; run down.sh --purge to rebuild"
    return 0
  fi
  local mirror tmp t0
  mirror=$(lab_mirror)
  t0=$(now_ms)
  mkdir -p "$LAB_STATE"
  # Leftovers of an interrupted build (we hold the lab lock, so nobody else is building).
  local old
  for old in "$LAB_STATE"/base.tmp.*; do [[ -e $old ]] && safe_rm "$old"; done
  tmp=$LAB_STATE/base.tmp.$$
  log "building base image ($LAB_SUITE minbase from $mirror; about a minute, once)"
  if ! debootstrap --variant=minbase --include="$LAB_BASE_PACKAGES" \
      "$LAB_SUITE" "$tmp" "$mirror" >"$LAB_STATE/base-build.log" 2>&1; then
    tail -n 20 "$LAB_STATE/base-build.log" >&2
    safe_rm "$tmp"
    die "debootstrap failed (log: $LAB_STATE/base-build.log)"
  fi
  umount_under "$tmp"     # debootstrap unmounts /proc,/sys itself; make sure
  base_configure "$tmp" "$mirror"
  mv -T "$tmp" "$LAB_BASE"
  log "base image ready in $(secs_since "$t0") ($(du -sh --one-file-system "$LAB_BASE" | cut -f1))"
}

# Lab configuration of the base: no identity, sshd for a runner, a quiet boot.
base_configure() {
  local r=$1 mirror=$2 sec host_mirror host_sec
  sec=$(lab_security_mirror)
  # Hosts reach the archive through the proxy, which only speaks plain http.
  host_mirror="http://$(url_hostpath "$mirror")"
  host_sec="http://$(url_hostpath "$sec")"

  # Identity: injected per host at start (sshd refuses to start without a host key).
  rm -f "$r"/etc/ssh/ssh_host_*
  : >"$r/etc/machine-id"
  rm -f "$r/var/lib/dbus/machine-id"
  ln -s /etc/machine-id "$r/var/lib/dbus/machine-id"
  # debootstrap copies the build machine's files; hosts get their own.
  echo localhost >"$r/etc/hostname"
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
  # No DNS in the lab: an empty resolv.conf makes lookups fail at once instead of timing out.
  rm -f "$r/etc/resolv.conf"
  echo '# mosip-play lab hosts have no DNS; names are in /etc/hosts' >"$r/etc/resolv.conf"

  cat >"$r/etc/apt/sources.list" <<EOF
deb $host_mirror $LAB_SUITE main
deb $host_mirror $LAB_SUITE-updates main
deb $host_sec $LAB_SUITE-security main
EOF
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin
  rm -f "$r"/var/cache/apt/archives/*.deb

  # sshd: key-only root login; limits raised for a runner that opens many connections
  # and channels at once (defaults 10:30:100 and 10 throttle it).
  cat >"$r/etc/ssh/sshd_config.d/10-mosip-play-lab.conf" <<'EOF'
# mosip-play test lab
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
MaxStartups 100:30:200
MaxSessions 64
EOF
  # Containers lack CAP_AUDIT_CONTROL: a required pam_loginuid would refuse logins.
  sed -i -E 's/^(session[[:space:]]+)required([[:space:]]+pam_loginuid\.so)/\1optional\2/' "$r"/etc/pam.d/*

  # Quiet, fast boot: no timers doing apt work behind the tests' back, no gettys,
  # nothing waiting for a network that has no default route.
  local u
  for u in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
           fstrim.timer man-db.timer console-getty.service getty@.service \
           container-getty@.service serial-getty@.service getty-static.service \
           systemd-networkd-wait-online.service; do
    rm -f "$r/etc/systemd/system/$u"
    ln -s /dev/null "$r/etc/systemd/system/$u"
  done
  mkdir -p "$r/etc/systemd/journald.conf.d"
  printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=16M\n' >"$r/etc/systemd/journald.conf.d/10-mosip-play-lab.conf"
  systemctl --root="$r" --quiet enable systemd-networkd.service systemd-networkd.socket

  printf 'version=%s\nid=%s\nsuite=%s\nmirror=%s\nbuilt=%s\n' "$LAB_BASE_VERSION" \
    "$(systemd-id128 new)" "$LAB_SUITE" "$mirror" "$(date -u +%FT%TZ)" >"$r/etc/mosip-play-lab-base"
}

# ---------------------------------------------------------------- network
# Bridge mplab0 with .1, plus the guard: an "unreachable" route for the lab subnet with a
# high metric, so lab addresses fail locally (never go out via the default route) when
# the bridge is missing. No NAT, no forwarding. Other interfaces and routes are not touched.
lab_net_up() {
  local other
  other=$(ip -4 route show "$LAB_NET" | grep -v -e "dev $LAB_BRIDGE" -e "^unreachable $LAB_NET metric $LAB_GUARD_METRIC" || true)
  [[ -z $other ]] || die "$LAB_NET is already routed elsewhere ($other); refusing to touch it"
  if ip link show "$LAB_BRIDGE" >/dev/null 2>&1; then
    ip -d link show "$LAB_BRIDGE" | grep -qw bridge || die "$LAB_BRIDGE exists and is not a bridge"
  else
    ip link add "$LAB_BRIDGE" type bridge
  fi
  # Forwarding off for anything received on the lab bridge, even if the machine forwards.
  echo 0 >"/proc/sys/net/ipv4/conf/$LAB_BRIDGE/forwarding"
  [[ -e /proc/sys/net/ipv6/conf/$LAB_BRIDGE/disable_ipv6 ]] && echo 1 >"/proc/sys/net/ipv6/conf/$LAB_BRIDGE/disable_ipv6"
  ip -4 addr show dev "$LAB_BRIDGE" | grep -q "inet $LAB_GW/24 " ||
    ip addr add "$LAB_GW/24" dev "$LAB_BRIDGE"
  ip link set "$LAB_BRIDGE" up
  guard_route_present || ip route add unreachable "$LAB_NET" metric "$LAB_GUARD_METRIC"
}

guard_route_present() {
  ip -4 route show type unreachable "$LAB_NET" | grep -q "metric $LAB_GUARD_METRIC"
}

lab_net_down() {
  if ip link show "$LAB_BRIDGE" >/dev/null 2>&1; then
    ip link del "$LAB_BRIDGE"
  fi
  while guard_route_present; do
    ip route del unreachable "$LAB_NET" metric "$LAB_GUARD_METRIC"
  done
}

# ---------------------------------------------------------------- inotify budget
# All hosts run as the machine's uid 0 (no user namespace), so they share root's
# fs.inotify.max_user_instances, 128 by default. Each booted host uses about 7, so from
# ~18 hosts on, user@0.service and path units fail with "Too many open files" and hosts
# boot "degraded". Raise it while the lab runs; down.sh restores the value it found.
LAB_INOTIFY=/proc/sys/fs/inotify/max_user_instances
LAB_INOTIFY_WANT=4096

lab_inotify_raise() {
  local cur
  cur=$(cat "$LAB_INOTIFY")
  (( cur < LAB_INOTIFY_WANT )) || return 0
  [[ -e $LAB_RUN/inotify.orig ]] || echo "$cur" >"$LAB_RUN/inotify.orig"
  echo "$LAB_INOTIFY_WANT" >"$LAB_INOTIFY"
  log "raised fs.inotify.max_user_instances $cur -> $LAB_INOTIFY_WANT (restored by down.sh)"
}

# Restore only if nobody changed it since (the value is still ours).
lab_inotify_restore() {
  local orig
  orig=$(read_pidfile "$LAB_RUN/inotify.orig")
  [[ -n $orig ]] || return 0
  if [[ $(cat "$LAB_INOTIFY") == "$LAB_INOTIFY_WANT" ]]; then
    echo "$orig" >"$LAB_INOTIFY"
  fi
  rm -f "$LAB_RUN/inotify.orig"
}

# ---------------------------------------------------------------- process checks
# Our processes are identified by PID files we wrote AND a cmdline that still matches
# (PIDs get reused; this machine's PID 1 reaps late, so kill -0 succeeds on zombies,
# whose cmdline is empty).
cmdline_args() { { tr '\0' '\n' <"/proc/$1/cmdline"; } 2>/dev/null || true; }

read_pidfile() {
  local pid=
  if [[ -r $1 ]]; then read -r pid <"$1" 2>/dev/null || true; fi
  [[ $pid =~ ^[0-9]+$ ]] && echo "$pid"
  return 0
}

# PID of hNN's systemd-nspawn if it is alive, else nothing.
host_nspawn_pid() {
  local name=$1 pid args
  pid=$(read_pidfile "$LAB_RUN/$name.pid")
  [[ -n $pid ]] || return 0
  args=$(cmdline_args "$pid")
  if [[ $(head -n1 <<<"$args") == *systemd-nspawn ]] && grep -qx -- "--machine=$name" <<<"$args"; then
    echo "$pid"
  fi
}

# Is PID the init of hNN? It must sit in hNN's cgroup subtree, which only the lab creates.
is_host_init() {
  local pid=$1 name=$2
  [[ -n $(cmdline_args "$pid") ]] || return 1
  grep -q "^[0-9]*:name=systemd:/$LAB_CG_NAME/$name\(/\|$\)" "/proc/$pid/cgroup" 2>/dev/null ||
    grep -q "^0::/$LAB_CG_NAME/$name\(/\|$\)" "/proc/$pid/cgroup" 2>/dev/null
}

# The container init(s) of hNN: the recorded one and nspawn's current children, checked.
host_init_pids() {
  local name=$1 nspawn pid
  {
    read_pidfile "$LAB_RUN/$name.init.pid"
    nspawn=$(host_nspawn_pid "$name")
    if [[ -n $nspawn ]]; then { tr ' ' '\n' <"/proc/$nspawn/task/$nspawn/children"; } 2>/dev/null || true; fi
  } | sort -u | while read -r pid; do
    if [[ -n $pid ]] && is_host_init "$pid" "$name"; then echo "$pid"; fi
  done
  return 0
}

# ---------------------------------------------------------------- cgroups
# Each host gets its own subtree in the controller-less hierarchies, or systemctl status
# inside every host fails with "Input/output error" (they would share one cgroup).
cg_roots() {
  if [[ -e /sys/fs/cgroup/cgroup.controllers ]]; then
    echo /sys/fs/cgroup                      # pure cgroup v2 machine
    return
  fi
  local h
  for h in systemd unified; do
    [[ -e /sys/fs/cgroup/$h/cgroup.procs ]] && echo "/sys/fs/cgroup/$h"
  done
  return 0
}

cg_create() { local root; for root in $(cg_roots); do mkdir -p "$root/$LAB_CG_NAME/$1"; done; }

cg_procs() { find "$1" -name cgroup.procs -exec cat {} + 2>/dev/null || true; }

# Remove a host's subtrees (deepest first). Refuses, with a warning, while processes remain.
# After a SIGKILLed init the kernel needs a moment to tear down the PID namespace (and this
# machine's PID 1 reaps late), so wait up to 5 s for the subtree to empty.
cg_remove() {
  local root d i
  for root in $(cg_roots); do
    d=$root/$LAB_CG_NAME/$1
    [[ -d $d ]] || continue
    for ((i = 0; i < 50; i++)); do
      [[ -z $(cg_procs "$d") ]] && break
      sleep 0.1
    done
    if [[ -n $(cg_procs "$d") ]]; then
      warn "processes remain in $d; leaving it"
      continue
    fi
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [[ -d $d ]] && warn "could not remove $d"
  done
  return 0
}

cg_remove_parent() {
  local root
  for root in $(cg_roots); do rmdir "$root/$LAB_CG_NAME" 2>/dev/null || true; done
}

# ---------------------------------------------------------------- hosts
host_dir()  { echo "$LAB_HOSTS_DIR/$1"; }
host_root() { echo "$LAB_RUN/hosts/$1/root"; }

# Hosts that exist in any form (PID file, overlay mount, cgroup), sorted.
hosts_present() {
  local f root
  {
    for f in "$LAB_RUN"/h[0-9][0-9].pid; do [[ -e $f ]] && basename "$f" .pid; done
    for f in "$LAB_RUN"/hosts/h[0-9][0-9]; do [[ -e $f ]] && basename "$f"; done
    for root in $(cg_roots); do
      for f in "$root/$LAB_CG_NAME"/h[0-9][0-9]; do [[ -d $f ]] && basename "$f"; done
    done
  } | sort -u
}

host_running() { [[ -n $(host_nspawn_pid "$1") ]]; }

# Identity generated once per host and kept across down/up: host key and machine-id.
host_identity() {
  local d
  d=$(host_dir "$1")
  mkdir -p "$d"
  [[ -s $d/ssh_host_ed25519_key && -s $d/ssh_host_ed25519_key.pub ]] || {
    rm -f "$d"/ssh_host_ed25519_key*
    ssh-keygen -q -t ed25519 -N '' -C "root@$1" -f "$d/ssh_host_ed25519_key"
  }
  [[ -s $d/machine-id ]] || systemd-id128 new >"$d/machine-id"
}

# Drop a host's disk (overlay upper/work): the next start is a fresh host. Keeps identity.
host_wipe_disk() {
  local d
  d=$(host_dir "$1")
  safe_rm "$d/upper" "$d/work"
  rm -f "$d/base-id"
}

# Mount the overlay root (if needed) and write the host's own files into it.
host_prepare() {
  local name=$1 d root ip bid
  d=$(host_dir "$name"); root=$(host_root "$name"); ip=$(host_ip "$name")
  host_identity "$name"
  bid=$(base_id)
  # An upper dir made against another base is not valid on top of this one.
  if [[ -e $d/base-id && $(cat "$d/base-id") != "$bid" ]]; then host_wipe_disk "$name"; fi
  mkdir -p "$d/upper" "$d/work" "$root"
  echo "$bid" >"$d/base-id"
  mountpoint -q "$root" ||
    mount -t overlay "overlay-$name" -o "lowerdir=$LAB_BASE,upperdir=$d/upper,workdir=$d/work" "$root"

  install -m 600 "$d/ssh_host_ed25519_key" "$root/etc/ssh/ssh_host_ed25519_key"
  install -m 644 "$d/ssh_host_ed25519_key.pub" "$root/etc/ssh/ssh_host_ed25519_key.pub"
  install -m 444 "$d/machine-id" "$root/etc/machine-id"
  echo "$name" >"$root/etc/hostname"
  printf '127.0.0.1 localhost\n%s %s\n::1 localhost ip6-localhost ip6-loopback\n' "$ip" "$name" >"$root/etc/hosts"
  cat >"$root/etc/systemd/network/10-mosip-play-lab-host0.network" <<EOF
# mosip-play lab: static address, no default route (hosts never reach the internet)
[Match]
Name=host0

[Network]
Address=$ip/24
LinkLocalAddressing=no
IPv6AcceptRA=no
EOF
  echo "Acquire::http::Proxy \"http://$LAB_GW:$LAB_ACNG_PORT\";" >"$root/etc/apt/apt.conf.d/01mosip-play-lab-proxy"
  host_authorize "$name"
}

# (Re)write root's authorized_keys; also used on running hosts if the lab key changed.
host_authorize() {
  local root
  root=$(host_root "$1")
  install -d -m 700 "$root/root/.ssh"
  install -m 600 "$LAB_KEY.pub" "$root/root/.ssh/authorized_keys"
}

# Start hNN detached, in its own cgroup subtree. The child records its own PID (that PID
# becomes systemd-nspawn through exec), then up.sh waits for SSH.
host_start() {
  local name=$1
  local pidfile=$LAB_RUN/$name.pid log=$LAB_RUN/$name.log roots cg=() root
  host_prepare "$name"
  cg_create "$name"
  mapfile -t roots < <(cg_roots)
  for root in "${roots[@]}"; do cg+=("$root/$LAB_CG_NAME/$name/cgroup.procs"); done
  rm -f "$pidfile" "$LAB_RUN/$name.init.pid"
  : >"$log"
  # shellcheck disable=SC2016  # $$ and $@ are for the inner sh
  setsid sh -c '
      pidfile=$1; shift
      while [ "$1" != -- ]; do echo $$ >"$1" || exit 111; shift; done; shift
      echo $$ >"$pidfile.new" && mv -f "$pidfile.new" "$pidfile" || exit 112
      exec "$@"' mplab-start "$pidfile" "${cg[@]}" -- \
    systemd-nspawn --keep-unit --register=no --boot \
      --directory="$(host_root "$name")" --machine="$name" --hostname="$name" \
      --network-bridge="$LAB_BRIDGE" --console=passive --link-journal=no \
      --resolv-conf=off --timezone=off \
    </dev/null >>"$log" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.05
  done
  cat "$log" >&2
  die "$name: systemd-nspawn did not start (log: $log)"
}

# Remember the container init once it exists: a SIGKILLed nspawn leaves it running and
# it is then no longer nspawn's child.
host_record_init() {
  local name=$1 nspawn pid
  nspawn=$(host_nspawn_pid "$name")
  [[ -n $nspawn ]] || return 0
  for pid in $({ tr ' ' '\n' <"/proc/$nspawn/task/$nspawn/children"; } 2>/dev/null); do
    if is_host_init "$pid" "$name"; then echo "$pid" >"$LAB_RUN/$name.init.pid"; return 0; fi
  done
}

pid_alive() { [[ -n $(cmdline_args "$1") ]]; }

# Stop hosts: SIGTERM every nspawn (it halts the container), wait up to LAB_STOP_TIMEOUT,
# then SIGKILL both nspawn and the container init (a SIGKILLed nspawn alone leaves the
# container running). Then unmount the overlays and remove the cgroup subtrees.
hosts_stop() {
  (($#)) || return 0
  local name pid deadline alive
  declare -A nspawn=() inits=()
  for name; do
    nspawn[$name]=$(host_nspawn_pid "$name")
    inits[$name]=$(host_init_pids "$name" | tr '\n' ' ')
    if [[ -n ${nspawn[$name]} ]]; then
      kill -TERM "${nspawn[$name]}" 2>/dev/null || true
    elif [[ -n ${inits[$name]} ]]; then
      # Orphaned container (its nspawn was SIGKILLed): SIGRTMIN+3 asks systemd to halt,
      # which is what nspawn itself would send.
      warn "$name: container running without its nspawn; halting it"
      for pid in ${inits[$name]}; do kill -s RTMIN+3 "$pid" 2>/dev/null || true; done
    fi
  done
  deadline=$(( $(now_ms) + LAB_STOP_TIMEOUT * 1000 ))
  while (( $(now_ms) < deadline )); do
    alive=0
    for name; do
      for pid in ${nspawn[$name]} ${inits[$name]}; do pid_alive "$pid" && alive=1; done
    done
    ((alive)) || break
    sleep 0.1
  done
  for name; do
    local killed=0
    # Re-check identity right before signalling: only our recorded, still-matching PIDs.
    pid=${nspawn[$name]}
    if [[ -n $pid && $(host_nspawn_pid "$name") == "$pid" ]]; then kill -KILL "$pid" 2>/dev/null || true; killed=1; fi
    for pid in ${inits[$name]}; do
      if is_host_init "$pid" "$name"; then kill -KILL "$pid" 2>/dev/null || true; killed=1; fi
    done
    ((killed)) && warn "$name did not halt in ${LAB_STOP_TIMEOUT}s; killed"
  done
  for name; do
    for pid in ${nspawn[$name]} ${inits[$name]}; do
      local i
      for ((i = 0; i < 30; i++)); do pid_alive "$pid" || break; sleep 0.1; done
    done
    host_cleanup "$name"
  done
}

host_cleanup() {
  local name=$1
  umount_under "$LAB_RUN/hosts/$name"
  rmdir "$(host_root "$name")" "$LAB_RUN/hosts/$name" 2>/dev/null || true
  cg_remove "$name"
  rm -f "$LAB_RUN/$name.pid" "$LAB_RUN/$name.init.pid" "$LAB_RUN/$name.ssh.err"
}

# Wait until every named host accepts an SSH login with strict host-key checking and has
# finished booting. Parallel; fails with the host's nspawn log if one does not come up.
lab_wait_ssh() {
  local deadline name pids=() failed=0 i=0
  deadline=$(( $(now_ms) + LAB_BOOT_TIMEOUT * 1000 ))
  for name; do
    wait_ssh_one "$name" "$deadline" &
    pids+=($!)
  done
  for name; do
    wait "${pids[i]}" || failed=1
    i=$((i + 1))
  done
  return "$failed"
}

# ssh options for lab probes (ignores the user's ~/.ssh/config; strict host-key checking).
LAB_SSH=(ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=2 -o ConnectionAttempts=1
  -o LogLevel=ERROR -i "$LAB_KEY" -o IdentitiesOnly=yes
  -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" -o GlobalKnownHostsFile=/dev/null
  -o StrictHostKeyChecking=yes)

wait_ssh_one() {
  local name=$1 deadline=$2 ip state err left
  ip=$(host_ip "$name")
  while :; do
    if ! host_running "$name"; then
      printf 'lab: error: %s: systemd-nspawn exited; its log:\n' "$name" >&2
      tail -n 20 "$LAB_RUN/$name.log" >&2
      return 1
    fi
    # --wait: return only once boot finished, so tests never see a half-booted host.
    left=$(( (deadline - $(now_ms)) / 1000 + 1 ))
    (( left >= 1 )) || left=1          # "timeout 0" would mean no timeout at all
    if state=$(timeout "$left" "${LAB_SSH[@]}" "root@$ip" 'systemctl is-system-running --wait' \
                 </dev/null 2>"$LAB_RUN/$name.ssh.err"); then
      host_record_init "$name"
      return 0
    elif [[ -n $state ]]; then    # logged in, but boot ended "degraded" (or similar)
      host_record_init "$name"
      warn "$name booted but is '$state': $("${LAB_SSH[@]}" "root@$ip" 'systemctl --failed --plain --no-legend' </dev/null 2>/dev/null | awk '{print $1}' | tr '\n' ' ')"
      return 0
    fi
    if (( $(now_ms) > deadline )); then
      err=$(tail -n 1 "$LAB_RUN/$name.ssh.err" 2>/dev/null)
      printf 'lab: error: %s (%s) does not answer SSH after %ss: %s\n' "$name" "$ip" "$LAB_BOOT_TIMEOUT" "$err" >&2
      return 1
    fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------- apt-cacher-ng
acng_pid() {
  local pid
  pid=$(read_pidfile "$LAB_ACNG_RUN/pid")
  [[ -n $pid ]] || return 0
  if [[ $(head -n1 < <(cmdline_args "$pid")) == *apt-cacher-ng ]] &&
     cmdline_args "$pid" | grep -qx -- "$LAB_ACNG_RUN/conf"; then
    echo "$pid"
  fi
}

# apt-cacher-ng on the bridge address and loopback, with its own config: the packaged
# backend for Debian does not resolve here (503 Host not found), so every Debian mirror
# name is remapped to the machine's own mirror. ForceManaged: proxy Debian archives only.
acng_start() {
  [[ -n $(acng_pid) ]] && return 0
  local mirror sec conf=$LAB_ACNG_RUN/conf log=$LAB_ACNG_RUN/acng.out i
  mirror=$(lab_mirror); sec=$(lab_security_mirror)
  mkdir -p "$conf" "$LAB_ACNG_CACHE"
  chown apt-cacher-ng:apt-cacher-ng "$LAB_ACNG_RUN" "$LAB_ACNG_CACHE"
  cat >"$conf/acng.conf" <<EOF
# generated by test/lab (mosip-play); the packaged /etc/apt-cacher-ng is not used
CacheDir: $LAB_ACNG_CACHE
LogDir: $LAB_ACNG_RUN
SupportDir: /usr/lib/apt-cacher-ng
SocketPath: $LAB_ACNG_RUN/socket
Port: $LAB_ACNG_PORT
BindAddress: 127.0.0.1 $LAB_GW
Remap-debrep: file:deb_mirror*.gz /debian $(url_hostpath "$mirror") ; $mirror/
Remap-secdeb: security.debian.org security.debian.org/debian-security $(url_hostpath "$sec") /debian-security ; $sec/
ForceManaged: 1
ExThreshold: 4
SPfilePatternEx: /dists/[^/]+/InRelease$
ReportPage: acng-report.html
EOF
  : >"$log"; chown apt-cacher-ng:apt-cacher-ng "$log"
  find "$LAB_ACNG_CACHE" -path '*/dists/*' -name 'InRelease*' -delete 2>/dev/null || true
  # shellcheck disable=SC2016
  setsid sh -c 'echo $$ >"$1.new" && mv -f "$1.new" "$1" || exit 112; shift; exec "$@"' mplab-acng "$LAB_ACNG_RUN/pid" \
    setpriv --reuid=apt-cacher-ng --regid=apt-cacher-ng --init-groups \
      apt-cacher-ng -c "$conf" ForeGround=1 \
    </dev/null >>"$log" 2>&1 9>&- &
  for ((i = 0; i < 100; i++)); do
    if [[ -n $(acng_pid) ]] && (exec 3<>"/dev/tcp/$LAB_GW/$LAB_ACNG_PORT") 2>/dev/null; then
      acng_warm
      return 0
    fi
    if ((i > 10)) && [[ -z $(acng_pid) ]]; then break; fi
    sleep 0.05
  done
  cat "$log" "$LAB_ACNG_RUN/apt-cacher.err" >&2 2>/dev/null || true
  acng_stop
  die "apt-cacher-ng did not start on $LAB_GW:$LAB_ACNG_PORT (is port $LAB_ACNG_PORT taken, e.g. by the packaged service?)"
}

# apt-cacher-ng 3.7 races when several hosts refresh one index in the same second
# ("Failure to move file ... InRelease out of the way") and the apt of a host that
# loses can hang for good; it revalidates InRelease on every apt-get update. So the
# lab treats InRelease as static (SPfilePatternEx above), drops the cached copies
# before each start and fetches each suite's once, alone, right after it.
acng_warm() {
  local mirror sec suite url
  mirror="http://$(url_hostpath "$(lab_mirror)")"; sec="http://$(url_hostpath "$(lab_security_mirror)")"
  for url in "$mirror/dists/$LAB_SUITE/InRelease" "$mirror/dists/$LAB_SUITE-updates/InRelease" \
             "$sec/dists/$LAB_SUITE-security/InRelease"; do
    timeout 60 bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "GET %s HTTP/1.0\r\n\r\n" "$3" >&3 && head -n1 <&3 && cat <&3 >/dev/null' \
      mplab-warm "$LAB_GW" "$LAB_ACNG_PORT" "$url" | grep -q ' 200 ' || warn "apt proxy: could not fetch $url"
  done
}

acng_stop() {
  local pid i
  pid=$(acng_pid)
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do pid_alive "$pid" || break; sleep 0.1; done
    [[ $(acng_pid) == "$pid" ]] && { warn "apt-cacher-ng ignored SIGTERM; killing"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$LAB_ACNG_RUN/pid"
}

# ---------------------------------------------------------------- outputs for tests
# Atomic write: readers (tests running in parallel) never see a half file.
write_file() { local f=$1 tmp; tmp=$(mktemp "$f.XXXXXX"); cat >"$tmp"; chmod 644 "$tmp"; mv -f "$tmp" "$f"; }

# known_hosts, ssh_config and the INI inventory for hosts h01..hN.
lab_write_outputs() {
  local n=$1 i name ip
  mkdir -p "$(dirname "$LAB_INVENTORY")"
  {
    for ((i = 1; i <= n; i++)); do
      name=$(host_name "$i"); ip=$(host_ip "$name")
      printf '%s,%s %s\n' "$ip" "$name" "$(cut -d' ' -f1,2 "$(host_dir "$name")/ssh_host_ed25519_key.pub")"
    done
  } | write_file "$LAB_KNOWN_HOSTS"
  {
    echo "# generated by test/lab/up.sh — do not edit"
    for ((i = 1; i <= n; i++)); do
      name=$(host_name "$i")
      printf 'Host %s\n  HostName %s\n' "$name" "$(host_ip "$name")"
    done
    cat <<EOF
Host h?? 10.213.0.*
  User root
  IdentityFile "$LAB_KEY"
  IdentitiesOnly yes
  UserKnownHostsFile "$LAB_KNOWN_HOSTS"
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  LogLevel ERROR
EOF
  } | write_file "$LAB_SSH_CONFIG"
  {
    echo "# generated by test/lab/up.sh — do not edit"
    echo "[lab]"
    for ((i = 1; i <= n; i++)); do
      name=$(host_name "$i")
      echo "$name ansible_host=$(host_ip "$name")"
    done
    cat <<EOF

[all:vars]
ansible_user=root
ansible_ssh_private_key_file=$LAB_KEY
ansible_ssh_common_args='-o UserKnownHostsFile=$LAB_KNOWN_HOSTS -o StrictHostKeyChecking=yes'
ansible_python_interpreter=/usr/bin/python3
EOF
  } | write_file "$LAB_INVENTORY"
}
