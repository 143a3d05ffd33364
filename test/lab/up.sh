#!/usr/bin/env bash
# Bring the lab to exactly N running hosts h01..hN (default 3, or $LAB_HOSTS; max 50).
# Idempotent: running hosts are kept, missing ones started, hosts above N stopped.
# Usage: test/lab/up.sh [N]
set -euo pipefail
# shellcheck source=test/lab/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  local n=${1:-${LAB_HOSTS:-3}} t0 name i
  [[ $n =~ ^[0-9]{1,3}$ ]] || die "usage: up.sh [N]  (N = 1..$LAB_MAX_HOSTS, default 3 or \$LAB_HOSTS)"
  n=$((10#$n))
  (( n >= 1 && n <= LAB_MAX_HOSTS )) || die "N must be 1..$LAB_MAX_HOSTS, not $n"
  t0=$(now_ms)
  lab_require_root
  lab_lock
  lab_ensure_packages
  lab_ensure_key
  lab_ensure_base
  lab_net_up
  lab_inotify_raise
  acng_start

  # Hosts beyond N leave the lab: stop them and drop their disks (identity is kept).
  local extra=()
  for name in $(hosts_present); do
    (( $(host_num "$name") > n )) && extra+=("$name")
  done
  if ((${#extra[@]})); then
    log "stopping ${extra[*]}"
    hosts_stop "${extra[@]}"
    for name in "${extra[@]}"; do host_wipe_disk "$name"; done
  fi

  local started=() all=()
  for ((i = 1; i <= n; i++)); do
    name=$(host_name "$i")
    all+=("$name")
    if host_running "$name"; then
      host_authorize "$name"          # cheap; keeps working if .lab was recreated
    else
      hosts_stop "$name"              # leftovers of a crashed host, if any (else a no-op)
      host_start "$name"
      started+=("$name")
    fi
  done
  ((${#started[@]})) && log "started ${started[*]}"

  lab_write_outputs "$n"
  if ! lab_wait_ssh "${all[@]}"; then
    die "some hosts did not come up (logs in $LAB_RUN/hNN.log); test/lab/down.sh cleans up"
  fi
  log "$n host(s) up in $(secs_since "$t0"): h01..$(host_name "$n") = $(host_ip h01)..$(host_ip "$(host_name "$n")")"
  log "try: ssh -F ${LAB_SSH_CONFIG#"$PWD"/} h01   inventory: ${LAB_INVENTORY#"$PWD"/}"
}

main "$@"
