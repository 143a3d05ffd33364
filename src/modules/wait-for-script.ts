// The sh script `wait_for` runs on the host: the whole wait is one loop there,
// so it costs one round trip however many times it polls. The script prints
// `ok ELAPSED` or `timeout ELAPSED`, then (when search_regex matched) the
// matching line; exit 3 means the host lacks what the check needs.
//
// TCP checks: bash's /dev/tcp when bash exists, else `nc -z`; each attempt is
// bounded by coreutils `timeout` (connect_timeout, or less when the deadline
// is nearer), so the wait never outlasts `timeout`. A regex on a port needs
// bash (it reads the banner line by line with `read -t`). Regexes are PCRE
// (`grep -P`, close to Python's) when the host's grep has it, else ERE.
import { shQuote } from './shell-quote.js';

export interface WaitSpec {
  host: string;
  port?: number;
  path?: string;
  /** started/stopped/drained for ports and for nothing; present/absent for paths. */
  state: 'started' | 'stopped' | 'present' | 'absent' | 'drained';
  searchRegex?: string;
  delay: number;
  timeout: number;
  sleep: number;
  connectTimeout: number;
  excludeHosts: string[];
  activeStates: string[];
}

const TCP_STATES: Record<string, string> = {
  ESTABLISHED: '01', SYN_SENT: '02', SYN_RECV: '03', FIN_WAIT1: '04', FIN_WAIT2: '05', TIME_WAIT: '06',
  CLOSE: '07', CLOSE_WAIT: '08', LAST_ACK: '09', LISTEN: '0A', CLOSING: '0B',
};
export const TCP_STATE_NAMES = Object.keys(TCP_STATES) as [string, ...string[]];

/** Connect, then read what the server sends until the regex matches (prints the line) or it closes. */
const BANNER = String.raw`exec 3<>"/dev/tcp/$1/$2" || exit 1
buf=; part=
while :; do
  IFS= read -r -t 1 line <&3; r=$?
  if [ $r -eq 0 ]; then buf="$buf$part$line
"; part=; elif [ $r -gt 128 ]; then part="$part$line"; else buf="$buf$part$line"; fi
  printf '%s' "$buf$part" | grep $4 -m1 -- "$3" && exit 0
  [ $r -eq 0 ] || [ $r -gt 128 ] || exit 1
done`;

/** Connections on local port $port in an active state, from /proc/net/tcp{,6} (IPv4 addresses decoded). */
const DRAINED = String.raw`active() {
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v port="$port" -v states="$states" -v host="$host" -v excl="$exclude" '
    function hex(s,  i, n) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", toupper(substr(s, i, 1))) - 1; return n }
    function ip(h) { h = substr(h, length(h) - 7); return hex(substr(h, 7, 2)) "." hex(substr(h, 5, 2)) "." hex(substr(h, 3, 2)) "." hex(substr(h, 1, 2)) }
    $1 ~ /^[0-9]+:$/ {
      split($2, l, ":"); split($3, r, ":")
      if (hex(l[2]) != port || index(" " states " ", " " $4 " ") == 0) next
      if (host != "0.0.0.0" && host != "::" && ip(l[1]) != host) next
      if (index(" " excl " ", " " ip(r[1]) " ")) next
      n++
    }
    END { print n + 0 }'
}`;

function check(s: WaitSpec): string {
  if (s.path !== undefined) {
    if (s.state === 'absent') return '[ ! -e "$path" ] && [ ! -L "$path" ]';
    if (s.searchRegex !== undefined) return '[ -r "$path" ] && grep $G -m1 -- "$re" "$path"';
    return '[ -e "$path" ]';
  }
  if (s.state === 'drained') return '[ "$(active)" -eq 0 ]';
  if (s.state === 'stopped') return '! tcp "$t"';
  // The banner may come late: this attempt may use all the time left.
  if (s.searchRegex !== undefined) return 'timeout "$left" bash -c "$banner" _ "$host" "$port" "$re" "$G"';
  return 'tcp "$t"';
}

/** What the host must have for this wait; checked once, before the loop. */
function prerequisites(s: WaitSpec): string {
  if (s.port === undefined || s.state === 'drained') return '';
  if (s.searchRegex !== undefined) return `command -v bash >/dev/null 2>&1 || { echo 'wait_for: search_regex on a port needs bash on the host' >&2; exit 3; }`;
  return `if command -v bash >/dev/null 2>&1; then tcp() { timeout "$1" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null; }
elif command -v nc >/dev/null 2>&1; then tcp() { nc -z -w "$1" "$host" "$port" 2>/dev/null; }
else echo 'wait_for: a port check needs bash or nc on the host' >&2; exit 3; fi`;
}

export function waitScript(s: WaitSpec): string {
  const vars = {
    host: s.host, port: String(s.port ?? ''), path: s.path ?? '', re: s.searchRegex ?? '', banner: BANNER,
    exclude: s.excludeHosts.join(' '), states: s.activeStates.map((n) => TCP_STATES[n]).join(' '),
  };
  const head = [
    ...Object.entries(vars).map(([k, v]) => `${k}=${shQuote(v)}`),
    `start=$(date +%s); end=$((start + ${s.timeout}))`,
    `d=${s.delay}; [ $d -gt ${s.timeout} ] && d=${s.timeout}; [ $d -gt 0 ] && sleep $d`,
  ];
  // With neither port nor path, Ansible's wait_for just waits out the timeout.
  if (s.port === undefined && s.path === undefined) return [...head, 'sleep $((end - $(date +%s))) 2>/dev/null', 'echo "ok $(($(date +%s) - start))"'].join('\n');
  return [
    'if echo x | grep -qP x 2>/dev/null; then G=-P; else G=-E; fi',
    prerequisites(s),
    s.state === 'drained' ? DRAINED : '',
    ...head,
    'while :; do',
    '  now=$(date +%s); left=$((end - now))',
    '  [ $left -gt 0 ] || break',
    `  t=${s.connectTimeout}; [ $t -gt $left ] && t=$left`,
    `  if m=$(${check(s)}); then echo "ok $(($(date +%s) - start))"; printf '%s' "$m"; exit 0; fi`,
    `  left=$((end - $(date +%s))); z=${s.sleep}; [ $z -gt $left ] && z=$left; [ $z -gt 0 ] && sleep $z`,
    'done',
    'echo "timeout $(($(date +%s) - start))"',
  ].filter((l) => l !== '').join('\n');
}
