// What `systemd` and `service` share: read a unit in one round trip
// (`systemctl show` + `is-enabled`, after daemon-reload when asked), work out
// the systemctl actions in Ansible's order (mask, enable, state), run them in
// one round trip and read the unit again in the same trip.
//
// The condition trap: `systemctl start` of a unit whose Condition*= is not
// met (multipathd in a container: ConditionVirtualization=!container) exits 0
// and the unit stays inactive. Ansible reports `changed: true`. Here the
// state after the start is read back: such a start is reported `changed:
// false` with a warning (in `warnings` and `msg`) naming the unmet condition,
// and the task does not fail, so roles run unchanged on hosts where the
// service cannot run. `status` is the unit after the task (Ansible: before).
import { parseProbes, probeAll, probeScript } from '../facts/probe.js';
import { ModuleError } from '../errors.js';
import { step } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import type { FileDiff, ModuleContext, ModuleResult } from './types.js';

export interface UnitArgs {
  name?: string;
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean;
  masked?: boolean;
  daemon_reload: boolean;
  daemon_reexec: boolean;
  no_block: boolean;
  force: boolean;
}

interface UnitState {
  status: Record<string, string>;
  /** `systemctl is-enabled` output (`enabled`, `disabled`, `static`, `masked`...). */
  enabledText: string;
  enabled: boolean;
}

const RUNNING = ['active', 'activating', 'reloading'];

function parseShow(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** Ansible's reading of is-enabled: exit 0 means enabled, except a lone `indirect` or `alias`. */
function unitState(show: string, isEnabled: { rc: number; out: string }): UnitState {
  const text = isEnabled.out.trim();
  return { status: parseShow(show), enabledText: text || 'unknown', enabled: isEnabled.rc === 0 && text !== 'indirect' && text !== 'alias' };
}

function unitProbes(name: string): Record<'show' | 'enabled', string> {
  return { show: `systemctl show -- ${shQuote(name)}`, enabled: `systemctl is-enabled -- ${shQuote(name)} 2>/dev/null` };
}

async function readUnit(a: UnitArgs, ctx: ModuleContext): Promise<UnitState | undefined> {
  const reload = ctx.check ? [] : [...(a.daemon_reexec ? ['daemon-reexec'] : []), ...(a.daemon_reload ? ['daemon-reload'] : [])];
  const p = await probeAll(ctx.run, {
    systemd: '[ -d /run/systemd/system ]',
    reload: reload.map((r) => `systemctl ${r} 2>&1`).join(' && ') || 'true',
    ...(a.name ? unitProbes(a.name) : { show: 'true', enabled: 'true' }),
  });
  if (p.systemd.rc !== 0) throw new ModuleError('the host is not running systemd (no /run/systemd/system); only systemd is supported');
  if (p.reload.rc !== 0) throw new ModuleError(`systemctl ${reload.join(' / ')} failed: ${p.reload.out.trim()}`);
  return a.name ? unitState(p.show.out, p.enabled) : undefined;
}

/** The systemctl verbs to run, in Ansible's order. */
function plan(a: UnitArgs, u: UnitState): string[] {
  const actions: string[] = [];
  const masked = u.status.LoadState === 'masked' || (u.status.UnitFileState ?? '').startsWith('masked');
  if (a.masked === true && !masked) actions.push('mask');
  if (a.masked === false && masked) actions.push('unmask');
  if (a.enabled !== undefined && a.enabled !== u.enabled) actions.push(a.enabled ? 'enable' : 'disable');
  const active = u.status.ActiveState ?? '';
  const running = RUNNING.includes(active);
  if (a.state === 'started' && !running) actions.push('start');
  if (a.state === 'stopped' && (running || active === 'deactivating')) actions.push('stop');
  if (a.state === 'restarted') actions.push(running ? 'restart' : 'start');
  if (a.state === 'reloaded') actions.push(running ? 'reload' : 'start');
  return actions;
}

function checkFound(a: UnitArgs, u: UnitState): void {
  const needsUnit = a.state !== undefined || a.enabled !== undefined || a.masked === false;
  if (needsUnit && u.status.LoadState === 'not-found') {
    throw new ModuleError(`Could not find the requested service ${a.name}: host`);
  }
}

function flags(a: UnitArgs, verb: string): string {
  const f = [...(a.no_block && !['mask', 'unmask', 'enable', 'disable'].includes(verb) ? ['--no-block'] : []), ...(a.force && ['mask', 'enable'].includes(verb) ? ['--force'] : [])];
  return f.map((x) => `${x} `).join('');
}

interface Applied {
  after: UnitState;
  /** The journal's "skipped because of an unmet condition check (...)" line, if the start was skipped. */
  skipped?: string;
}

/** The unit after the actions, or the failing step's message. */
async function apply(a: UnitArgs, actions: string[], ctx: ModuleContext): Promise<Applied | string> {
  const name = shQuote(a.name!);
  const steps = actions.map((v) => step(`systemctl ${v} ${a.name}`, `systemctl ${flags(a, v)}${v} -- ${name}`));
  const post = probeScript({
    ...unitProbes(a.name!),
    skip: `journalctl -q -u ${name} -n 20 -o cat --no-pager 2>/dev/null | grep 'unmet condition' | tail -n 1`,
  });
  const res = await ctx.run(['LC_ALL=C; export LC_ALL', ...steps, post].join('\n'));
  if (res.rc !== 0) return res.stderr.trim() || `rc=${res.rc}`;
  const p = parseProbes(res.stdout);
  const after = unitState(p.get('show')?.out ?? '', p.get('enabled') ?? { rc: 1, out: '' });
  const st = after.status;
  const started = actions.some((v) => ['start', 'restart', 'reload'].includes(v));
  const skipped = started && !a.no_block && st.ActiveState === 'inactive' && st.ConditionResult === 'no';
  return { after, ...(skipped ? { skipped: p.get('skip')?.out.trim() || 'a Condition*= setting of the unit was not met' } : {}) };
}

function unitDiff(name: string, before: UnitState, after: { active: string; enabled: string; mainPid?: string }): FileDiff {
  const attributes: FileDiff['attributes'] = {};
  const active = before.status.ActiveState ?? 'unknown';
  if (active !== after.active) attributes.state = [active, after.active];
  if (before.enabledText !== after.enabled) attributes.enabled = [before.enabledText, after.enabled];
  // A restart leaves state and enablement as they were: the new main process shows it happened.
  if (after.mainPid !== undefined && before.status.MainPID !== after.mainPid) attributes.MainPID = [before.status.MainPID, after.mainPid];
  return { path: `systemd unit ${name}`, attributes };
}

/** What check mode expects the unit to look like after the actions. */
function expected(u: UnitState, actions: string[]): { active: string; enabled: string } {
  let active = u.status.ActiveState ?? 'unknown';
  let enabled = u.enabledText;
  for (const v of actions) {
    if (v === 'mask') enabled = 'masked';
    if (v === 'unmask' || v === 'disable') enabled = 'disabled';
    if (v === 'enable') enabled = 'enabled';
    if (['start', 'restart', 'reload'].includes(v)) active = 'active';
    if (v === 'stop') active = 'inactive';
  }
  return { active, enabled };
}

/** Ansible echoes the requested name, state and enabled; warnings also go to msg, as nothing else shows them yet. */
function echo(a: UnitArgs, warnings: string[]): Record<string, unknown> {
  return {
    name: a.name,
    ...(a.state ? { state: a.state } : {}),
    ...(a.enabled !== undefined ? { enabled: a.enabled } : {}),
    ...(warnings.length ? { warnings, msg: warnings.join('; ') } : {}),
  };
}

const STATE_VERBS = ['start', 'stop', 'restart', 'reload'];

/** A unit whose last start was skipped by a condition would be skipped again: check mode says so instead of "changed". */
function checkMode(a: UnitArgs, u: UnitState, actions: string[], warnings: string[], withDiff: boolean): ModuleResult {
  const skip = u.status.ConditionResult === 'no' && u.status.ActiveState === 'inactive' && actions.includes('start');
  const effective = skip ? actions.filter((v) => v !== 'start') : actions;
  if (skip) warnings.push(`${a.name} would most likely not start: its last start was skipped because a Condition*= setting was not met`);
  const changed = effective.length > 0;
  const diff = withDiff && changed ? { diff: unitDiff(a.name!, u, expected(u, effective)) } : {};
  return { ...echo(a, warnings), changed, status: u.status, ...diff };
}

export async function runSystemd(a: UnitArgs, ctx: ModuleContext, inherited: string[] = []): Promise<ModuleResult> {
  const warnings = [...inherited];
  const u = await readUnit(a, ctx);
  if (!u) return { changed: false, ...echo(a, warnings) };
  checkFound(a, u);
  if (u.status.NeedDaemonReload === 'yes' && !a.daemon_reload) {
    warnings.push(`the unit file of ${a.name} changed on disk; add daemon_reload: true to load it`);
  }
  const actions = plan(a, u);
  if (actions.length === 0) return { ...echo(a, warnings), changed: false, status: u.status };
  if (ctx.check) return checkMode(a, u, actions, warnings, ctx.diff);
  const applied = await apply(a, actions, ctx);
  if (typeof applied === 'string') return { ...echo(a, warnings), changed: false, failed: true, msg: applied, status: u.status };
  const { after, skipped } = applied;
  if (skipped) warnings.push(`${a.name} did not start: ${skipped}`);
  // A start skipped by a condition changed nothing, unless it first stopped a running unit (restart).
  const wasRunning = RUNNING.includes(u.status.ActiveState ?? '');
  const changed = actions.some((v) => !STATE_VERBS.includes(v)) || (actions.some((v) => STATE_VERBS.includes(v)) && !(skipped && !wasRunning));
  const diff = unitDiff(a.name!, u, { active: after.status.ActiveState ?? 'unknown', enabled: after.enabledText, mainPid: after.status.MainPID });
  const shown = ctx.diff && Object.keys(diff.attributes ?? {}).length > 0;
  return { ...echo(a, warnings), changed, status: after.status, ...(shown ? { diff } : {}) };
}
