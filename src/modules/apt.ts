// `apt`: Debian packages, as ansible.builtin.apt, without Python on the host.
// One read (dpkg-query for every named package at once + the cache age) and,
// when something must change, one write (`apt-get update` and/or one apt-get
// command). Check mode adds one read-only `apt-get -s` to learn what would be
// installed; it never runs `apt-get update`.
//
// Deviations from Ansible, on purpose:
// - `changed` and --diff come from dpkg's own status before and after the
//   command (installed/upgraded/removed packages, dependencies included).
// - After a successful update the stamp /var/lib/apt/periodic/update-success-
//   stamp is touched (Ubuntu's apt hook does the same): apt leaves the lists'
//   mtime alone when nothing changed upstream, so Ansible's cache_valid_time
//   keeps updating on Debian.
// - `apt-get update --error-on=any`: a source that cannot be fetched fails the
//   task (Ansible fails too, through python-apt).
// - `deb`: an absolute path is on the host (as in Ansible); a relative name is
//   a controller file under `files/`, uploaded for the install. URLs are not
//   supported. Dependencies are resolved by `apt-get install ./file.deb`.
// - Not supported: state=build-dep, package globs (`name: 'nginx*'`),
//   `clean`, `autoclean`, `policy_rc_d`, `fail_on_autoremove`, update retries.
// - Another apt/dpkg holding the lock: retried every second for lock_timeout
//   seconds (Ansible's argument, default 60), then a clear failure.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { aptArgs, splitPin, type AptArgs } from './apt-args.js';
import { planApt, type AptPlan } from './apt-plan.js';
import { runAptWrite, snapshotDiff, type AptRun } from './apt-run.js';
import { simulateApt } from './apt-simulate.js';
import { readAptState, type AptState } from './apt-state.js';
import { defineModule, type FileDiff, type ModuleContext, type ModuleResult } from './types.js';

interface Deb {
  hostPath?: string;
  upload?: Buffer;
}

function resolveDeb(a: AptArgs, ctx: ModuleContext): Deb | undefined {
  if (!a.deb) return undefined;
  return isAbsolute(a.deb) ? { hostPath: a.deb } : { upload: readFileSync(ctx.findFile('files', a.deb)) };
}

/** Whether the task asks for anything besides the cache update. */
function hasPackageWork(a: AptArgs): boolean {
  return a.names.length > 0 || a.deb !== undefined || a.upgrade !== 'no' || a.autoremove || a.state === 'fixed';
}

function lines(s: string): string[] {
  return s === '' ? [] : s.split('\n');
}

function packageDiff(d: { before: string; after: string }): FileDiff {
  return { path: 'dpkg: packages', before: d.before, after: d.after };
}

interface Prediction {
  d: { before: string; after: string; changed: boolean };
  stdout: string;
}

/** What the command would change: from the .deb's fields, or from `apt-get -s`; undefined when it cannot be simulated yet. */
async function predict(s: AptState, plan: AptPlan, ctx: ModuleContext): Promise<Prediction | undefined> {
  if (!plan.command) return { d: { before: '', after: '', changed: false }, stdout: '' };
  if (s.deb) {
    const current = s.dpkg.get(s.deb.package)?.[0];
    return { d: { before: current ? `${s.deb.package} ${current.version}\n` : '', after: `${s.deb.package} ${s.deb.version}\n`, changed: true }, stdout: '' };
  }
  try {
    const sim = await simulateApt(ctx, plan.command);
    return { d: snapshotDiff(sim.before, sim.after), stdout: sim.stdout };
  } catch (err) {
    // The cache the update would bring (or an earlier task's update, on a host with no
    // package lists yet) may know packages the current one does not.
    if (plan.update || s.cacheTime === 0) return undefined;
    throw err;
  }
}

async function checkMode(a: AptArgs, s: AptState, plan: AptPlan, ctx: ModuleContext): Promise<ModuleResult> {
  const p = await predict(s, plan, ctx);
  const base = { cache_updated: false, cache_update_time: s.cacheTime };
  if (!p && !plan.update) {
    const msg = `unknown in check mode: this host has no package lists yet (an earlier task would fetch them), so 'apt-get ${plan.command!.join(' ')}' cannot be simulated`;
    return { ...base, changed: false, unknown: true, msg };
  }
  if (!p) {
    const msg = `check mode: the apt cache would be updated, then 'apt-get ${plan.command!.join(' ')}' run (not simulated: the current cache does not know every package)`;
    return { ...base, changed: true, msg };
  }
  return {
    ...base,
    changed: p.d.changed || (plan.update && !hasPackageWork(a)),
    ...(plan.update ? { msg: 'check mode: the apt cache would be updated (apt-get update is not run in check mode)' } : {}),
    stdout: p.stdout,
    stdout_lines: lines(p.stdout),
    ...(ctx.diff && p.d.changed ? { diff: packageDiff(p.d) } : {}),
  };
}

function failure(run: AptRun, command: string[] | undefined, a: AptArgs): string {
  if (run.lockTimeout) return `another apt/dpkg process still held the lock after ${a.lock_timeout} s (lock_timeout): ${run.stderr}`;
  if (run.updateFailed) return `Failed to update apt cache: ${run.stderr}`;
  return `'apt-get ${(command ?? []).join(' ')}' failed: ${run.stderr || `rc=${run.rc}`}`;
}

async function applyPlan(a: AptArgs, s: AptState, plan: AptPlan, deb: Deb | undefined, ctx: ModuleContext): Promise<ModuleResult> {
  const run = await runAptWrite(ctx, { update: plan.update, command: plan.command, debPath: deb?.hostPath, upload: deb?.upload, lockTimeout: a.lock_timeout });
  const d = snapshotDiff(run.before, run.after);
  const cacheUpdated = run.updated !== undefined;
  const result: ModuleResult = {
    changed: d.changed || (cacheUpdated && !hasPackageWork(a)),
    cache_updated: cacheUpdated,
    cache_update_time: run.updated ?? s.cacheTime,
    stdout: run.stdout,
    stderr: run.stderr,
    stdout_lines: lines(run.stdout),
    stderr_lines: lines(run.stderr),
    ...(ctx.diff && d.changed ? { diff: packageDiff(d) } : {}),
  };
  if (run.rc !== 0) return { ...result, failed: true, rc: run.rc, msg: failure(run, plan.command, a) };
  return result;
}

export async function runApt(a: AptArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const deb = resolveDeb(a, ctx);
  const debSource = deb ? (deb.hostPath ?? '/dev/stdin') : undefined;
  const state = await readAptState(ctx.run, a.names.map((n) => splitPin(n)[0]), debSource, deb?.upload);
  const plan = planApt(a, state);
  if (!plan.update && !plan.command) return { changed: false, cache_updated: false, cache_update_time: state.cacheTime };
  if (ctx.check) return checkMode(a, state, plan, ctx);
  return applyPlan(a, state, plan, deb, ctx);
}

export default defineModule({ name: 'apt', args: aptArgs, run: runApt });
