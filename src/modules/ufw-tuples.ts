// ufw's own record of its rules: every rule in /etc/ufw/user.rules (IPv4) and
// user6.rules (IPv6) is preceded by a `### tuple ###` line that states it
// exactly, already normalised by ufw. Comparing these lines is how the ufw
// module knows whether a rule is there, with no guessing at ufw's syntax.
//
//   ### tuple ### ACTION PROTO DPORT DST SPORT SRC [DAPP SAPP] DIR[_IF[!out_IF]] [comment=HEX]
//   ### tuple ### allow tcp 22 0.0.0.0/0 any 10.213.0.1 in comment=737368
//   ### tuple ### route:allow tcp 443 10.0.0.0/8 any 0.0.0.0/0 in_eth0!out_eth1

const PREFIX = '### tuple ### ';

export interface Tuple {
  /** allow, deny, reject, limit, with `_log`/`_log-all` and a `route:` prefix when so written. */
  action: string;
  proto: string;
  dport: string;
  dst: string;
  sport: string;
  src: string;
  /** `in` or `out`; `in_eth0` is split into direction and interface. */
  direction: string;
  iface?: string;
  comment?: string;
}

export interface RuleSets {
  v4: string[];
  v6: string[];
}

/** The tuple lines of a rules file (or of `ufw --dry-run` output), without their prefix. */
export function tupleLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(PREFIX))
    .map((l) => l.slice(PREFIX.length).trim());
}

export function parseTuple(line: string): Tuple | undefined {
  const words = line.split(' ');
  const comment = words[words.length - 1]?.startsWith('comment=') ? words.pop()!.slice('comment='.length) : undefined;
  // Seven words, or nine when the rule names application profiles (DAPP SAPP).
  if (words.length !== 7 && words.length !== 9) return undefined;
  const [action, proto, dport, dst, sport, src] = words as [string, string, string, string, string, string];
  const [direction = '', iface] = words[words.length - 1]!.split('!')[0]!.split(/_(.*)/);
  return { action, proto, dport, dst, sport, src, direction, iface, comment: comment && decodeHex(comment) };
}

/** A tuple as shown in --diff: the comment readable instead of hex. */
export function showTuple(line: string): string {
  return line.replace(/ comment=([0-9a-f]*)$/, (_m, hex: string) => ` comment=${JSON.stringify(decodeHex(hex))}`);
}

function decodeHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

/**
 * `ufw --dry-run RULE` prints the rules files it would write, each as a
 * `*filter … COMMIT` block, and only those it would change; an existing rule
 * prints "Skipping adding existing rule" and no block. The IPv6 block is the
 * one with `ufw6-` chains.
 */
export function dryRunRules(output: string): Partial<RuleSets> {
  const result: Partial<RuleSets> = {};
  for (const block of output.split(/^\*filter$/m).slice(1)) {
    result[/^:ufw6-/m.test(block) ? 'v6' : 'v4'] = tupleLines(block);
  }
  return result;
}
