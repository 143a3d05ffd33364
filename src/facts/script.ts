// One POSIX sh script that reads everything the facts need in a single round
// trip. It prints `key=value` lines; nothing in it needs more than coreutils,
// /proc and (when present) iproute2.
export const FACTS_SCRIPT = String.raw`
[ -r /etc/os-release ] && . /etc/os-release
echo "os_id=$ID"
echo "os_like=$ID_LIKE"
echo "os_version=$VERSION_ID"
echo "os_codename=$VERSION_CODENAME"
echo "os_pretty=$PRETTY_NAME"
echo "hostname=$(hostname 2>/dev/null || cat /etc/hostname)"
echo "fqdn=$(hostname -f 2>/dev/null)"
echo "system=$(uname -s)"
echo "kernel=$(uname -r)"
echo "arch=$(uname -m)"
echo "vcpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
awk '/^MemTotal:/ {print "mem_kb=" $2} /^MemAvailable:/ {print "memavail_kb=" $2} /^SwapTotal:/ {print "swap_kb=" $2}' /proc/meminfo
echo "init=$(cat /proc/1/comm 2>/dev/null)"
echo "virt=$(systemd-detect-virt 2>/dev/null)"
for m in apt-get dnf yum zypper apk pacman; do command -v $m >/dev/null 2>&1 && { echo "pkg=$m"; break; }; done
if command -v ip >/dev/null 2>&1; then
  set -- $(ip -4 route show default 2>/dev/null | head -n 1)
  gw=; dev=
  while [ $# -gt 0 ]; do case "$1" in via) gw=$2;; dev) dev=$2;; esac; shift; done
  [ -n "$dev" ] || dev=$(ip -4 -o addr show scope global 2>/dev/null | awk '{print $2; exit}')
  echo "gw=$gw"
  echo "iface=$dev"
  [ -n "$dev" ] && ip -4 -o addr show dev "$dev" scope global 2>/dev/null | awk '{print "addr=" $4; exit}'
  ip -4 -o addr show scope global 2>/dev/null | awk '{print "all_addr=" $4}'
fi
echo "user=$(id -un)"
echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
exit 0
`;
