#!/usr/bin/env bash
# Stop every lab host, the apt proxy, the bridge and the guard route. Safe to run twice.
# Hosts' disks (overlay upper dirs) are dropped; their identity (host key, machine-id) is kept.
# Usage: test/lab/down.sh [--purge]   --purge also deletes the cached base, host identities
#                                     and the apt cache.
set -euo pipefail
# shellcheck source=test/lab/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  local purge=0 t0 hosts name
  case ${1:-} in
    '') ;;
    --purge) purge=1 ;;
    *) die "usage: down.sh [--purge]" ;;
  esac
  t0=$(now_ms)
  lab_require_root
  lab_lock

  mapfile -t hosts < <(hosts_present)
  if ((${#hosts[@]})); then
    log "stopping ${hosts[*]}"
    hosts_stop "${hosts[@]}"
  fi
  for name in "$LAB_HOSTS_DIR"/h[0-9][0-9]; do
    [[ -d $name ]] && host_wipe_disk "$(basename "$name")"
  done
  cg_remove_parent
  rmdir "$LAB_RUN/hosts" 2>/dev/null || true

  acng_stop
  lab_net_down
  lab_inotify_restore

  if ((purge)); then
    log "purging $LAB_STATE and $LAB_CACHE"
    safe_rm "$LAB_STATE" "$LAB_CACHE" "$LAB_ACNG_RUN"
  fi
  log "lab down in $(secs_since "$t0")"
}

main "$@"
