#!/usr/bin/env bash
# Stop or start one lab host, e.g. to make it unreachable in the middle of a run.
#   host.sh stop hNN     halt it (its disk is kept, like a powered-off server)
#   host.sh start hNN    boot it again with the same identity and wait for SSH
#   host.sh status hNN   print running|stopped (exit 0 if running, 3 if not)
set -euo pipefail
# shellcheck source=test/lab/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  local cmd=${1:-} name=${2:-} t0
  [[ $# -eq 2 && $cmd =~ ^(stop|start|status)$ ]] || die "usage: host.sh stop|start|status hNN"
  valid_host_name "$name" || die "bad host name '$name' (h01..h$LAB_MAX_HOSTS)"
  t0=$(now_ms)
  case $cmd in
    status)
      if host_running "$name"; then echo running; else echo stopped; exit 3; fi
      ;;
    stop)
      lab_require_root
      lab_lock
      if [[ -z $(hosts_present | grep -x "$name" || true) ]]; then
        log "$name is not running"
        return 0
      fi
      hosts_stop "$name"
      log "$name stopped in $(secs_since "$t0")"
      ;;
    start)
      lab_require_root
      lab_lock
      if ! ip link show "$LAB_BRIDGE" >/dev/null 2>&1 || [[ ! -d $LAB_BASE ]]; then
        die "the lab is not up; run test/lab/up.sh first"
      fi
      grep -q "^$(host_ip "$name")," "$LAB_KNOWN_HOSTS" 2>/dev/null ||
        die "$name is not part of the lab (see $LAB_INVENTORY); use up.sh N to grow it"
      if ! host_running "$name"; then
        hosts_stop "$name"            # leftovers of a crashed host, if any (else a no-op)
        host_start "$name"
      fi
      lab_wait_ssh "$name" || die "$name did not come up (log: $LAB_RUN/$name.log)"
      log "$name up in $(secs_since "$t0")"
      ;;
  esac
}

main "$@"
