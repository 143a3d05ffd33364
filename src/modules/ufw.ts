// `ufw` (community.general.ufw): rules, default policies, logging and the
// firewall's state, idempotent against the rules ufw already has.
//
// How it knows what would change: one read round trip collects `ufw status
// verbose`, ufw.conf, /etc/default/ufw, the `### tuple ###` lines of
// user.rules/user6.rules (ufw's exact record of each rule) and, for a rule,
// `ufw --dry-run <the rule>`, whose output holds the tuple lines ufw WOULD
// write. Rules differ → changed; ufw itself did the normalising (CIDRs,
// port lists, comments), so nothing is guessed. Nothing changes → no second
// round trip; otherwise the commands run in one script.
//
// Never cuts the SSH connection the run uses: see ufw-ssh-guard.ts. A task
// that would turn "new SSH logins accepted" into "dropped" (enable, default
// deny incoming, deleting or shadowing the SSH allow rule) fails, in check
// mode too, with the rule to add first. Nothing is added silently.
//
// Deviations from Ansible:
// - Order within one task: state=reset, rule, default, then
//   enabled/disabled/reloaded, then logging (Ansible: state first), so a task
//   that adds the SSH rule and enables the firewall never has a moment without
//   the rule.
// - insert_relative_to is not supported (insert counts from the first rule,
//   Ansible's default `zero`).
// - direction incoming/outgoing are accepted for rules and in/out for
//   default, as the same thing.
// - reloaded and reset always report changed, as in Ansible; in check mode
//   reset combined with a rule shows no rule diff.
// - Rule arguments (port, from_ip, proto, ...) without `rule` are an error
//   (Ansible ignores them).
// - `msg` is `ufw status verbose` after the task, `commands` the commands that
//   ran (or would run in check mode). A real run reports `changed` and the
//   diff from the state read back after the commands.
// - ufw's dry run skips the IPv6 half of a `limit` rule (it assumes ip6tables
//   cannot rate-limit); a real run therefore always runs a limit rule and
//   judges by the state read back, and check mode says it cannot tell.
// Note (lab quirk): `systemctl is-active ufw` can stay inactive after enable;
// this module looks at `ufw status`, which is the firewall itself.
import { parseProbes, probeAll, probeScript, type Probed } from '../facts/probe.js';
import { step } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type FileDiff, type ModuleContext, type ModuleResult } from './types.js';
import { ruleArgv, ufwArgs, type DefaultDirection, type UfwArgs } from './ufw-args.js';
import { family, lockoutMessage, parseSshConnection, sshAccepted, type Policy, type SshConnection } from './ufw-ssh-guard.js';
import { dryRunRules, showTuple, tupleLines, type RuleSets } from './ufw-tuples.js';

const PATH = 'PATH="$PATH:/usr/sbin:/sbin"; export PATH';
const POLICY_KEYS: Record<DefaultDirection, string> = { incoming: 'INPUT', outgoing: 'OUTPUT', routed: 'FORWARD' };
const POLICY_WORDS: Record<string, Policy> = { ACCEPT: 'allow', DROP: 'deny', REJECT: 'reject' };

/** The SSH connection this command arrived by: SSH_CONNECTION, else from an ancestor (sudo drops it), then its interface. */
const SSH_PROBE = String.raw`c=${'$'}{SSH_CONNECTION:-}; p=$$
while [ -z "$c" ] && [ "${'$'}{p:-1}" -gt 1 ]; do
  c=$(tr '\0' '\n' < /proc/$p/environ 2>/dev/null | sed -n 's/^SSH_CONNECTION=//p')
  p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$p/status 2>/dev/null)
done
echo "$c"
set -- $c
[ -n "$3" ] && command -v ip >/dev/null 2>&1 && ip -o addr show 2>/dev/null | awk -v a="$3" '{split($4, x, "/"); if (x[1] == a) {print $2; exit}}'
true`;

interface UfwState {
  /** `ufw status verbose`, Ansible's `msg`. */
  status: string;
  active: boolean;
  logLevel: string;
  policies: Record<DefaultDirection, Policy>;
  rules: RuleSets;
}

interface Plan {
  commands: string[][];
  /** The state the commands should lead to (what check mode and the SSH guard go by). */
  after: UfwState;
  /** Whether `after` differs from before, or the commands always count as a change (reset, reload). */
  changes: boolean;
  /** What the guard calls each step in its refusal. */
  reasons: string[];
  /** Set when ufw's dry run could not tell (an IPv6 limit rule). */
  unsure?: string;
}

/** What the firewall's state is read from, before the task and again after its commands. */
const STATE_PROBES = {
  status: `${PATH}; ufw status verbose 2>&1`,
  conf: 'cat /etc/ufw/ufw.conf',
  defaults: 'cat /etc/default/ufw',
  v4: 'cat /etc/ufw/user.rules',
  v6: 'cat /etc/ufw/user6.rules',
};

function probes(a: UfwArgs): Record<string, string> {
  const p: Record<string, string> = { ufw: `${PATH}; command -v ufw`, ...STATE_PROBES, ssh: SSH_PROBE };
  if (a.rule && a.state !== 'reset') p.dryrun = `${PATH}; ufw --dry-run ${ruleArgv(a.rule).map(shQuote).join(' ')} 2>&1`;
  return p;
}

function parseState(r: Record<string, Probed | undefined>): UfwState {
  const text = (key: string) => r[key]?.out ?? '';
  const value = (t: string, key: string) => new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(t)?.[1] ?? '';
  const policy = (dir: DefaultDirection) => POLICY_WORDS[value(text('defaults'), `DEFAULT_${POLICY_KEYS[dir]}_POLICY`)] ?? 'deny';
  return {
    status: text('status').trim(),
    active: /^Status: active/m.test(text('status')),
    logLevel: value(text('conf'), 'LOGLEVEL') || 'off',
    policies: { incoming: policy('incoming'), outgoing: policy('outgoing'), routed: policy('routed') },
    rules: { v4: tupleLines(text('v4')), v6: tupleLines(text('v6')) },
  };
}

/** Ansible's rule: `on` is met by any level but off; a level is met only by itself. */
function loggingMet(current: string, wanted: string): boolean {
  if (wanted === 'off') return current === 'off';
  return current !== 'off' && (wanted === 'on' || wanted === current);
}

// ufw's dry run assumes no IPv6 rate limiting (it cannot probe ip6tables), so
// it skips the IPv6 half of a limit rule; the real command does not.
const V6_LIMIT_SKIPPED = "Skipping unsupported IPv6 'limit' rule";

function plan(a: UfwArgs, before: UfwState, dryRun: Probed | undefined): Plan | { failed: string } {
  const after: UfwState = { ...before, policies: { ...before.policies }, rules: { ...before.rules } };
  const commands: string[][] = [];
  const reasons: string[] = [];
  let unsure: string | undefined;
  if (a.state === 'reset') {
    commands.push(['--force', 'reset']);
    Object.assign(after, { active: false, rules: { v4: [], v6: [] } });
  }
  if (a.rule) {
    if (dryRun && dryRun.rc !== 0) return { failed: `ufw refused the rule: ${dryRun.out.trim()}` };
    const wanted = dryRun ? dryRunRules(dryRun.out) : {};
    const differs = (['v4', 'v6'] as const).filter((f) => wanted[f] && wanted[f].join('\n') !== before.rules[f].join('\n'));
    for (const f of differs) after.rules[f] = wanted[f]!;
    if (dryRun?.out.includes(V6_LIMIT_SKIPPED)) unsure = 'the IPv6 part of a limit rule cannot be predicted (ufw --dry-run skips it)';
    if (differs.length > 0 || a.state === 'reset' || unsure) {
      commands.push(ruleArgv(a.rule));
      reasons.push(a.rule.delete ? 'delete this rule' : 'add this rule');
    }
  }
  if (a.default && before.policies[a.defaultDirection] !== a.default) {
    commands.push(['default', a.default, a.defaultDirection]);
    after.policies[a.defaultDirection] = a.default;
    reasons.push(`set the default ${a.defaultDirection} policy to ${a.default}`);
  }
  if ((a.state === 'enabled' && !before.active) || (a.state === 'disabled' && before.active) || a.state === 'reloaded') {
    commands.push(a.state === 'enabled' ? ['--force', 'enable'] : a.state === 'disabled' ? ['disable'] : ['reload']);
    after.active = a.state === 'enabled' || (a.state === 'reloaded' && before.active);
    reasons.push(`${a.state === 'enabled' ? 'enable' : a.state === 'disabled' ? 'disable' : 'reload'} ufw`);
  }
  if (a.logging && !loggingMet(before.logLevel, a.logging)) {
    commands.push(['logging', a.logging]);
    after.logLevel = a.logging === 'on' ? 'low' : a.logging;
  }
  const changes = alwaysChanges(a) || diffOf(before, after).length > 0;
  return { commands, after, changes, reasons, unsure };
}

/** Ansible reports reset and reload as changes whatever they did. */
function alwaysChanges(a: UfwArgs): boolean {
  return a.state === 'reset' || a.state === 'reloaded';
}

/** New SSH logins are accepted in this state (always, when the firewall is off). */
function sshOpen(s: UfwState, ssh: SshConnection): boolean {
  return !s.active || sshAccepted(s.rules[family(ssh)], s.policies.incoming, ssh);
}

function diffOf(before: UfwState, after: UfwState): FileDiff[] {
  const diffs: FileDiff[] = [];
  for (const [f, path] of [['v4', '/etc/ufw/user.rules'], ['v6', '/etc/ufw/user6.rules']] as const) {
    const show = (lines: string[]) => lines.map((l) => `${showTuple(l)}\n`).join('');
    if (before.rules[f].join('\n') !== after.rules[f].join('\n')) diffs.push({ path, before: show(before.rules[f]), after: show(after.rules[f]) });
  }
  const attributes: FileDiff['attributes'] = {};
  const status = (s: UfwState) => (s.active ? 'active' : 'inactive');
  if (status(before) !== status(after)) attributes.status = [status(before), status(after)];
  for (const dir of ['incoming', 'outgoing', 'routed'] as const) {
    if (before.policies[dir] !== after.policies[dir]) attributes[`default ${dir}`] = [before.policies[dir], after.policies[dir]];
  }
  if (before.logLevel !== after.logLevel) attributes.logging = [before.logLevel, after.logLevel];
  if (Object.keys(attributes).length > 0) diffs.push({ path: 'ufw', attributes });
  return diffs;
}

/** A ufw command as a shell line: how it runs, and how `commands` shows it. */
function line(argv: string[]): string {
  return `ufw ${argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : shQuote(w))).join(' ')}`;
}

/** Run the commands, then read the state again: what changed is what the host says, not what was predicted. */
async function apply(ctx: ModuleContext, commands: string[][]): Promise<{ after: UfwState } | { failed: ModuleResult }> {
  const script = [PATH, ...commands.map((c) => step(line(c), line(c))), probeScript(STATE_PROBES)];
  const res = await ctx.run(script.join('\n'));
  if (res.rc !== 0) return { failed: { changed: true, failed: true, msg: res.stderr.trim() || `rc=${res.rc}`, commands: commands.map(line) } };
  return { after: parseState(Object.fromEntries(parseProbes(res.stdout))) };
}

export default defineModule({
  name: 'ufw',
  args: ufwArgs,
  async run(a, ctx) {
    const read = await probeAll(ctx.run, probes(a));
    if (read.ufw!.rc !== 0) return { changed: false, failed: true, msg: `ufw is not installed on ${ctx.hostname} (install the ufw package first)` };
    if (read.status!.rc !== 0) return { changed: false, failed: true, msg: `ufw status failed: ${read.status!.out.trim()}` };
    const before = parseState(read);
    const p = plan(a, before, read.dryrun);
    if ('failed' in p) return { changed: false, failed: true, msg: p.failed };
    const [conn = '', iface] = read.ssh!.out.split('\n');
    const ssh = parseSshConnection(conn, iface);
    if (ssh && sshOpen(before, ssh) && !sshOpen(p.after, ssh)) {
      return { changed: false, failed: true, msg: lockoutMessage(ssh, p.reasons.join(' and ')) };
    }
    const commands = p.commands.map(line);
    if (p.commands.length === 0) return { changed: false, commands, msg: before.status };
    if (ctx.check) {
      return { changed: p.changes, commands, diff: diffOf(before, p.after), msg: before.status, ...(p.unsure ? { warnings: [`check mode: ${p.unsure}`] } : {}) };
    }
    const applied = await apply(ctx, p.commands);
    if ('failed' in applied) return applied.failed;
    const diff = diffOf(before, applied.after);
    return { changed: alwaysChanges(a) || diff.length > 0, commands, diff, msg: applied.after.status };
  },
});
