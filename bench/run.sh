#!/usr/bin/env bash
# Benchmark: the same playbook (bench/playbook.yml) run by ansible-playbook and by
# mosip-play against N lab hosts, converged, R interleaved rounds each. Prints a
# markdown table and writes it to bench/results/<timestamp>.md. Not a test: nothing
# is asserted on time, but every run must exit 0 with changed=0, or this fails.
#
# Usage: bash bench/run.sh [--hosts "1 5 20"] [--rounds 5] [--scenarios "plain facts"]
#                          [--tools "ansible mosip-play"] [--keep-lab | --use-running-lab]
#   --hosts      host counts to measure, each brought up with test/lab/up.sh N
#   --rounds     timed rounds per tool, host count and scenario (after one untimed run each)
#   --scenarios  plain = bench/playbook.yml as is (gather_facts: false)
#                facts = the same playbook with gather_facts: true
#   --tools      which tools to run (default "ansible mosip-play"; e.g. only one to try the script out)
#   --keep-lab   leave the lab running at the end (default: test/lab/down.sh, also on failure)
#   --use-running-lab  neither start, resize nor stop the lab: use hosts h01..hN of the lab that
#                is up now (for a lab shared with others; N must not exceed its size)
# Env: BENCH_RUN_TIMEOUT  seconds one playbook run may take before it is stopped (default 600)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
cd "$REPO"

PLAYBOOK=bench/playbook.yml
INVENTORY=inventory/lab/hosts.ini
RUN_TIMEOUT=${BENCH_RUN_TIMEOUT:-600}

HOST_COUNTS="1 5 20"
ROUNDS=5
SCENARIOS="plain facts"
TOOLS="ansible mosip-play"
KEEP_LAB=0
RUNNING_LAB=0

say()  { printf 'bench: %s\n' "$*" >&2; }
die()  { printf 'bench: FAILED: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '7,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while (($#)); do
  case $1 in
    --hosts) HOST_COUNTS=${2:?}; shift 2 ;;
    --hosts=*) HOST_COUNTS=${1#*=}; shift ;;
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    --scenarios) SCENARIOS=${2:?}; shift 2 ;;
    --scenarios=*) SCENARIOS=${1#*=}; shift ;;
    --tools) TOOLS=${2:?}; shift 2 ;;
    --tools=*) TOOLS=${1#*=}; shift ;;
    --keep-lab) KEEP_LAB=1; shift ;;
    --use-running-lab) RUNNING_LAB=1; KEEP_LAB=1; shift ;;
    -h|--help) usage ;;
    *) say "unknown argument '$1'"; usage ;;
  esac
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a whole number >= 1, not '$ROUNDS'"
for n in $HOST_COUNTS; do [[ $n =~ ^[1-9][0-9]?$ ]] || die "--hosts takes numbers 1..50, not '$n'"; done
[[ -n ${HOST_COUNTS// /} ]] || die "--hosts is empty"
for s in $SCENARIOS; do [[ $s == plain || $s == facts ]] || die "unknown scenario '$s' (plain, facts)"; done
[[ -n ${SCENARIOS// /} ]] || die "--scenarios is empty"
for t in $TOOLS; do [[ $t == ansible || $t == mosip-play ]] || die "unknown tool '$t' (ansible, mosip-play)"; done
[[ -n ${TOOLS// /} ]] || die "--tools is empty"
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }
[[ $EUID -eq 0 ]] || die "must run as root (the lab needs it)"

# ---------------------------------------------------------------- tools
apt_install() {
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null ||
    die "apt-get install $* failed"
}
missing=()
if has_tool ansible; then command -v ansible-playbook >/dev/null || missing+=(ansible); fi
[[ -x /usr/bin/time ]] || missing+=(time)
((${#missing[@]} == 0)) || apt_install "${missing[@]}"
/usr/bin/time --version 2>&1 | grep -q GNU || die "/usr/bin/time is not GNU time"

# mosip-play: build if dist is missing or older than any source.
if has_tool mosip-play; then
  if [[ ! -s dist/cli.js ]] ||
     [[ -n $(find src tsconfig.json tsconfig.build.json package.json -newer dist/cli.js -print -quit 2>/dev/null) ]]; then
    say "building mosip-play (dist missing or stale)"
    if ! build_out=$(npm run build 2>&1); then
      tail -n 20 <<<"$build_out" >&2
      die "npm run build failed"
    fi
  fi
  node dist/cli.js --version >/dev/null 2>&1 || die "node dist/cli.js --version does not run; is the build complete?"
fi

# ---------------------------------------------------------------- work dirs, cleanup
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=$BENCH_DIR/results
RESULT_MD=$RESULTS_DIR/$STAMP.md
LOG_DIR=$RESULTS_DIR/$STAMP.logs
mkdir -p "$LOG_DIR"
TMP=$(mktemp -d /tmp/mosip-play-bench.XXXXXX)
CP_DIR=$TMP/cp                 # Ansible's ControlPersist sockets
mkdir -m 700 "$CP_DIR"
ROWS=$TMP/rows                 # markdown rows measured so far
: >"$ROWS"

cleanup() {
  local rc=$? sock
  trap - EXIT INT TERM
  # Close Ansible's ControlPersist masters through their sockets (they are ours; no signals).
  for sock in "$CP_DIR"/*; do
    [[ -S $sock ]] && ssh -o ControlPath="$sock" -O exit bench-host >/dev/null 2>&1 || true
  done
  if ((RUNNING_LAB)); then
    :
  elif ((KEEP_LAB)); then
    say "leaving the lab up (--keep-lab); stop it with: bash test/lab/down.sh"
  else
    say "tearing down the lab"
    bash test/lab/down.sh >"$LOG_DIR/lab-down.log" 2>&1 || say "test/lab/down.sh failed; see $LOG_DIR/lab-down.log"
  fi
  if ((rc != 0)) && [[ -s $ROWS ]]; then
    say "partial results before the failure:"
    table_header >&2; cat "$ROWS" >&2
  fi
  rm -rf "$TMP"
  ((rc == 0)) || say "logs: ${LOG_DIR#"$REPO"/}"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- playbooks
playbook_for() {  # scenario -> playbook path
  case $1 in
    plain) echo "$PLAYBOOK" ;;
    facts) echo "$TMP/playbook-facts.yml" ;;
  esac
}
# The facts scenario is the same file with exactly one line changed.
sed 's/^  gather_facts: false$/  gather_facts: true/' "$PLAYBOOK" >"$TMP/playbook-facts.yml"
# Its templates must sit beside it too.
cp -r "$(dirname "$PLAYBOOK")/templates" "$TMP/"
[[ $(diff "$PLAYBOOK" "$TMP/playbook-facts.yml" | grep -c '^>') == 1 ]] ||
  die "$PLAYBOOK must contain exactly one line '  gather_facts: false'"

# ---------------------------------------------------------------- one run
# run_one TOOL SCENARIO N LABEL -> sets RUN_SECS, RUN_RSS_KB, RUN_RECAP (per-host counters)
run_one() {
  local tool=$1 scenario=$2 n=$3 label=$4 pb log tf rc=0 cmd inv
  inv=$TMP/inventory-n$n.ini
  pb=$(playbook_for "$scenario")
  log=$LOG_DIR/$scenario-n$n-$tool-$label.log
  tf=$TMP/time
  case $tool in
    ansible)
      cmd=(env -u ANSIBLE_FORCE_COLOR ANSIBLE_CONFIG="$BENCH_DIR/ansible.cfg" ANSIBLE_SSH_CONTROL_PATH_DIR="$CP_DIR"
           ANSIBLE_NOCOLOR=1 ANSIBLE_STDOUT_CALLBACK=default
           ansible-playbook -i "$inv" -f "$n" "$pb") ;;
    mosip-play)
      # Run as a user does, through its #! line (which sets node's memory flags).
      cmd=(env -u FORCE_COLOR NO_COLOR=1 CI=1 ./dist/cli.js "$pb" -i "$inv" -f "$n") ;;
  esac
  /usr/bin/time -f '%e %M' -o "$tf" timeout --kill-after=10 "$RUN_TIMEOUT" "${cmd[@]}" \
    </dev/null >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    tail -n 40 "$log" >&2
    ((rc == 124)) && die "$tool timed out after ${RUN_TIMEOUT}s ($scenario, $n hosts, $label); log: $log"
    die "$tool exited $rc ($scenario, $n hosts, $label); log: $log"
  fi
  read -r RUN_SECS RUN_RSS_KB < <(tail -n 1 "$tf")
  [[ $RUN_SECS =~ ^[0-9.]+$ && $RUN_RSS_KB =~ ^[0-9]+$ ]] || die "cannot read /usr/bin/time output: $(cat "$tf")"

  # PLAY RECAP: one line per host; all N hosts, nothing failed or unreachable.
  RUN_RECAP=$(awk '
    /^PLAY RECAP/ { inrecap = 1; next }
    inrecap && $2 == ":" {
      line = ""
      for (i = 3; i <= NF; i++) line = line " " $i
      print $1 line
    }' "$log")
  local hosts_seen bad
  hosts_seen=$(grep -c . <<<"$RUN_RECAP" || true)
  ((hosts_seen == n)) || { tail -n 40 "$log" >&2; die "$tool: PLAY RECAP lists $hosts_seen hosts, expected $n ($scenario, $label); log: $log"; }
  bad=$(grep -Ev ' unreachable=0 +failed=0 ' <<<"$RUN_RECAP" || true)
  [[ -z $bad ]] || { tail -n 40 "$log" >&2; die "$tool: hosts failed or unreachable ($scenario, $n hosts, $label): $bad"; }
  if [[ $label != converge ]]; then
    bad=$(grep -Ev ' changed=0 ' <<<"$RUN_RECAP" || true)
    [[ -z $bad ]] || die "$tool: a converged run changed something ($scenario, $n hosts, $label): $bad; log: $log"
  fi
}

# ---------------------------------------------------------------- statistics
# stats "v1 v2 ..." -> "median min max"
stats() {
  tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '
    { v[NR] = $1 }
    END {
      med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%s %s %s\n", med, v[1], v[NR]
    }'
}
fmt_secs() { awk -v m="$1" -v lo="$2" -v hi="$3" 'BEGIN { printf "%.2f (%.2f–%.2f)", m, lo, hi }'; }
fmt_mib()  { awk -v m="$1" -v lo="$2" -v hi="$3" 'BEGIN { printf "%.0f (%.0f–%.0f)", m / 1024, lo / 1024, hi / 1024 }'; }

table_header() {
  echo "| scenario | hosts | ansible s, median (min–max) | mosip-play s, median (min–max) | ratio | ansible peak RSS MiB¹, median (min–max) | mosip-play peak RSS MiB, median (min–max) |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
}

# ---------------------------------------------------------------- main loop
GIT_REV=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
[[ -z $(git status --porcelain -- src 2>/dev/null) ]] || GIT_REV="$GIT_REV + uncommitted src changes"
ANSIBLE_VER=$( (ansible-playbook --version 2>/dev/null || true) | sed -n 1p)
NODE_VER=$(node --version)
MOSIP_VER=$(node dist/cli.js --version 2>/dev/null || echo '?')
NOTES=$TMP/notes
: >"$NOTES"

say "tools: $TOOLS; hosts: $HOST_COUNTS; scenarios: $SCENARIOS; rounds: $ROUNDS; logs: ${LOG_DIR#"$REPO"/}"
for n in $HOST_COUNTS; do
  if ((RUNNING_LAB)); then
    say "lab: using h01..$(printf 'h%02d' "$n") of the running lab"
  else
    say "lab: bringing up $n host(s)"
    bash test/lab/up.sh "$n" >"$LOG_DIR/lab-up-n$n.log" 2>&1 ||
      { tail -n 20 "$LOG_DIR/lab-up-n$n.log" >&2; die "test/lab/up.sh $n failed; log: $LOG_DIR/lab-up-n$n.log"; }
  fi
  [[ -s $INVENTORY ]] || die "no lab inventory $INVENTORY (test/lab/up.sh writes it)"
  # Both tools read the same copy, cut to h01..hN (the whole lab, unless --use-running-lab).
  awk -v n="$n" '/^h[0-9][0-9]([ \t]|$)/ { if (substr($1, 2) + 0 > n) next } { print }' "$INVENTORY" \
    >"$TMP/inventory-n$n.ini"
  have=$(grep -cE '^h[0-9][0-9]([[:space:]]|$)' "$TMP/inventory-n$n.ini" || true)
  ((have == n)) || die "the lab inventory has $have of the hosts h01..$(printf 'h%02d' "$n")"
  cp "$TMP/inventory-n$n.ini" "$LOG_DIR/inventory-n$n.ini"

  for scenario in $SCENARIOS; do
    # One untimed run each: the first converges the hosts (creates the marker);
    # mosip-play's then checks it sees them converged too.
    say "$scenario, $n host(s): converge (untimed)"
    for tool in $TOOLS; do run_one "$tool" "$scenario" "$n" converge; done
    declare -A secs=() rss=() recap=() med=()
    for ((r = 1; r <= ROUNDS; r++)); do
      line=''
      for tool in $TOOLS; do
        run_one "$tool" "$scenario" "$n" "round$r"
        secs[$tool]+=" $RUN_SECS"; rss[$tool]+=" $RUN_RSS_KB"; recap[$tool]=$RUN_RECAP
        line+=", $tool ${RUN_SECS}s $((RUN_RSS_KB / 1024))MiB"
      done
      say "$scenario, $n host(s), round $r/$ROUNDS${line}"
    done
    # Both tools should have counted the same: same ok/skipped per host.
    if [[ -n ${recap[ansible]:-} && -n ${recap[mosip-play]:-} && ${recap[ansible]} != "${recap[mosip-play]}" ]]; then
      {
        echo "- $scenario, $n host(s): the PLAY RECAPs differ (unequal work?):"
        echo "  - ansible:    $(head -n 1 <<<"${recap[ansible]}")"
        echo "  - mosip-play: $(head -n 1 <<<"${recap[mosip-play]}")"
      } >>"$NOTES"
      say "warning: PLAY RECAPs differ for $scenario, $n host(s); see the notes in the result"
    fi
    cells=()
    for tool in ansible mosip-play; do
      if [[ -n ${secs[$tool]:-} ]]; then
        read -r m lo hi < <(stats "${secs[$tool]}")
        med[$tool]=$m
        cells+=("$(fmt_secs "$m" "$lo" "$hi")")
      else
        cells+=("—")
      fi
    done
    ratio='—'
    if [[ -n ${med[ansible]:-} && -n ${med[mosip-play]:-} ]]; then
      ratio=$(awk -v a="${med[ansible]}" -v m="${med[mosip-play]}" 'BEGIN { if (m > 0) printf "%.1f×", a / m; else print "n/a" }')
    fi
    cells+=("$ratio")
    for tool in ansible mosip-play; do
      if [[ -n ${rss[$tool]:-} ]]; then
        read -r m lo hi < <(stats "${rss[$tool]}")
        cells+=("$(fmt_mib "$m" "$lo" "$hi")")
      else
        cells+=("—")
      fi
    done
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$scenario" "$n" "${cells[@]}" >>"$ROWS"
    unset secs rss recap med
  done
done

# ---------------------------------------------------------------- report
{
  echo "# mosip-play benchmark, $STAMP"
  echo
  echo "Playbook \`$PLAYBOOK\` ($(grep -c '^    - name:' "$PLAYBOOK") tasks), converged (changed=0), $ROUNDS timed rounds per cell after one untimed run,"
  echo "interleaved ($TOOLS). Forks = hosts for both. Wall-clock seconds and peak RSS from GNU \`/usr/bin/time -f '%e %M'\`."
  echo "*plain* = \`gather_facts: false\`; *facts* = the same playbook with \`gather_facts: true\`. Ratio = ansible median / mosip-play median."
  echo
  table_header
  cat "$ROWS"
  echo
  echo "¹ For Ansible, /usr/bin/time reports the largest single process of the ansible-playbook tree"
  echo "(controller, fork workers, ssh clients it waited for), not the sum over the tree; ControlPersist"
  echo "masters run detached and are not counted. mosip-play is one node process."
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); lab hosts share these cores with the controller"
  has_tool ansible && echo "- ${ANSIBLE_VER:-ansible-playbook ?}, settings in \`bench/ansible.cfg\` (pipelining, ControlPersist=60s: Ansible reuses warm connections between rounds)"
  ((RUNNING_LAB)) && echo "- --use-running-lab: measured on a lab that others may have been using at the same time"
  has_tool mosip-play && echo "- mosip-play $MOSIP_VER (commit $GIT_REV), node $NODE_VER; opens fresh SSH connections every run"
  if [[ -s $NOTES ]]; then
    echo
    echo "Notes:"
    cat "$NOTES"
  fi
} >"$RESULT_MD"

echo
cat "$RESULT_MD"
echo
say "written to ${RESULT_MD#"$REPO"/} (logs in ${LOG_DIR#"$REPO"/})"
