// One task on one host: conditions → (per loop item) arguments rendered and
// validated → the module (in check mode if asked), retried `until` it holds →
// changed_when/failed_when → register and notify.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecResult } from '../connection/types.js';
import { HostUnreachableError } from '../connection/errors.js';
import { MosipPlayError, formatLocation } from '../errors.js';
import { holds } from '../expr/evaluate.js';
import type { Vars } from '../inventory/model.js';
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/model.js';
import { secrets } from '../secrets/registry.js';
import { renderString, renderValue } from '../template/render.js';
import { findFile } from './find-file.js';
import { hostRunner } from './host-runner.js';
import { loopItems } from './loop-items.js';
import { pyStr } from './py-repr.js';
import { taskLimit, withTimeLimit } from './time-limit.js';
import type { PlayContext } from './play-context.js';
import type { HostTaskResult } from './result.js';
import { validateArgs } from './validate-args.js';

type Base = Omit<HostTaskResult, 'outcome' | 'result'>;
type Report = (r: HostTaskResult) => void;

export async function runTask(ctx: PlayContext, task: Task, host: string, report: Report): Promise<HostTaskResult> {
  const base: Base = {
    host,
    ignored: false,
    noLog: task.noLog ?? false,
    alwaysShow: task.module.name === 'debug',
    showDiff: diffWanted(ctx, task),
  };
  try {
    if (!task.loop) {
      const scope = ctx.scope(host, task);
      if (!holds(task.when, scope, task.where)) return skipped(ctx, task, host, base);
      return settle(ctx, task, host, base, await attempt(ctx, task, host, scope));
    }
    return await runLoop(ctx, task, host, base, report);
  } catch (err) {
    return failure(ctx, task, host, base, err);
  }
}

function failure(ctx: PlayContext, task: Task, host: string, base: Base, err: unknown): HostTaskResult {
  if (err instanceof HostUnreachableError) {
    const result = { changed: false, unreachable: true, msg: err.message };
    // ignore_unreachable: the host stays in the play, and the result can be looked at.
    if (task.ignoreUnreachable) register(ctx, task, host, result);
    return { ...base, outcome: 'unreachable', result, ignored: task.ignoreUnreachable ?? false };
  }
  if (err instanceof MosipPlayError) {
    const unknown = checkUnknown(ctx, task, host);
    if (unknown) return { ...base, outcome: 'unknown', result: { changed: false, msg: unknown } };
    return failed(ctx, task, host, base, { changed: false, msg: errorMessage(err, task) });
  }
  throw err;
}

/** -D, unless the task's `diff` keyword says otherwise. */
function diffWanted(ctx: PlayContext, task: Task): boolean {
  return task.diff ?? ctx.options.diff;
}

/** An error met while running a task, where it was written, with its did-you-mean. */
function errorMessage(err: MosipPlayError, task: Task): string {
  const hint = err.hint ? ` (${err.hint})` : '';
  return `${formatLocation(err.location ?? task.where)}: ${err.message}${hint}`;
}

/**
 * In check mode, a task that depends on a result that check mode skipped
 * cannot be judged: it is reported as unknown with the reason, not failed.
 */
function checkUnknown(ctx: PlayContext, task: Task, host: string): string | undefined {
  if (!ctx.options.check) return undefined;
  const text = JSON.stringify([task.when, task.args, task.loop?.value]);
  const name = [...ctx.state(host).checkSkipped].find((n) => new RegExp(`\\b${n}\\b`).test(text));
  return name && `unknown in check mode: depends on '${name}', whose task was skipped in check mode`;
}

function skipped(ctx: PlayContext, task: Task, host: string, base: Base): HostTaskResult {
  const result = { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
  register(ctx, task, host, result);
  return { ...base, outcome: 'skipped', result, alwaysShow: false };
}

/** Run the module, again and again while `until` does not hold (retries, delay). */
async function attempt(ctx: PlayContext, task: Task, host: string, scope: Vars): Promise<ModuleResult> {
  for (let n = 1; ; n++) {
    const result = judge(task, scope, await runModule(ctx, task, host, scope));
    if (task.until === undefined) return result;
    result.attempts = n;
    if (!result.failed && holds(task.until, seen(task, scope, result), task.where)) return result;
    if (n > task.retries) return { ...result, failed: true, msg: result.msg ?? `condition not met after ${n} attempts` };
    await sleep(task.delay * 1000);
  }
}

async function runModule(ctx: PlayContext, task: Task, host: string, scope: Vars): Promise<ModuleResult> {
  const args = validateArgs(task, renderValue(task.args, scope, task.where));
  // What a no_log task is given (a password, a token) stays masked in every later output too.
  if (task.noLog) registerLeaves([secretArgs(args), Object.keys(task.vars).map((k) => scope[k])]);
  const run = hostRunner(ctx, task, host, scope);
  return withTimeLimit(taskLimit(task), (timeLimit) =>
    task.module.run(args, {
      hostname: host,
      check: task.checkMode ?? ctx.options.check,
      diff: diffWanted(ctx, task),
      vars: scope,
      where: task.where,
      findFile: (kind, name) => findFile(task.role?.dir ?? ctx.play.dir, kind, name, task.where),
      run: (script, o): Promise<ExecResult> => run(script, { ...o, ...timeLimit() }),
    }),
  );
}

/** The register name also refers to the fresh result inside changed_when/failed_when/until. */
function seen(task: Task, scope: Vars, result: ModuleResult): Vars {
  if (!task.register) return scope;
  // defineProperty, not assignment: the scope may hold a getter of the same name (a lazy variable).
  return Object.defineProperty(Object.create(scope) as Vars, task.register, { value: result, enumerable: true });
}

function judge(task: Task, scope: Vars, raw: ModuleResult): ModuleResult {
  const result = { ...raw };
  const view = seen(task, scope, result);
  if (task.changedWhen !== undefined) result.changed = holds(task.changedWhen, view, task.where);
  if (task.failedWhen !== undefined) result.failed = holds(task.failedWhen, view, task.where);
  return result;
}

function settle(ctx: PlayContext, task: Task, host: string, base: Base, raw: ModuleResult): HostTaskResult {
  const { setVars, ...result } = raw;
  if (setVars) Object.assign(ctx.state(host).runVars, setVars);
  if (result.failed) return failed(ctx, task, host, base, result);
  register(ctx, task, host, result);
  if (result.changed) ctx.state(host).notify(task.notify);
  if (result.skipped) return { ...base, outcome: 'skipped', result };
  if (result.unknown) return { ...base, outcome: 'unknown', result };
  return { ...base, outcome: result.changed ? 'changed' : 'ok', result };
}

function failed(ctx: PlayContext, task: Task, host: string, base: Base, result: ModuleResult): HostTaskResult {
  result.failed = true;
  register(ctx, task, host, result);
  if (!task.ignoreErrors) ctx.state(host).failed = true;
  return { ...base, outcome: 'failed', result, ignored: task.ignoreErrors ?? false };
}

function register(ctx: PlayContext, task: Task, host: string, result: ModuleResult): void {
  if (!task.register) return;
  // A module that skips itself in check mode says why in msg; a false `when` sets skip_reason.
  const skippedByCheck = ctx.options.check && result.skipped === true && !('skip_reason' in result);
  if (skippedByCheck) ctx.state(host).checkSkipped.add(task.register);
  else ctx.state(host).checkSkipped.delete(task.register);
  ctx.state(host).runVars[task.register] = { failed: false, skipped: false, ...result };
}

/** Items run one after another; `when` is checked for each item, as in Ansible. */
async function runLoop(ctx: PlayContext, task: Task, host: string, base: Base, report: Report): Promise<HostTaskResult> {
  const { loopVar, indexVar, label, pause, extended } = task.loopControl;
  const items = loopItems(task, ctx.scope(host, task), ctx.play.dir);
  const results: ModuleResult[] = [];
  for (const [index, item] of items.entries()) {
    if (index > 0 && pause > 0) await sleep(pause * 1000);
    const scope = ctx.scope(host, task, {
      [loopVar]: item,
      ...(indexVar ? { [indexVar]: index, ansible_index_var: indexVar } : {}),
      ...(extended ? { ansible_loop: loopState(items, index, extended.allItems) } : {}),
      ansible_loop_var: loopVar,
    });
    // Shown as Ansible shows it: `(item=['a', 1])`, `(item=None)`.
    const shown = base.noLog ? 'None' : pyStr(label === undefined ? item : renderString(label, scope, task.where));
    let result: ModuleResult;
    try {
      result = holds(task.when, scope, task.where)
        ? await attempt(ctx, task, host, scope)
        : { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
    } catch (err) {
      if (err instanceof HostUnreachableError) throw err;
      if (!(err instanceof MosipPlayError)) throw err;
      result = { changed: false, failed: true, msg: errorMessage(err, task) };
    }
    const { setVars, ...shownResult } = { ...result, [loopVar]: item, ansible_loop_var: loopVar };
    if (setVars) Object.assign(ctx.state(host).runVars, setVars);
    results.push(shownResult);
    const outcome = result.failed ? 'failed' : result.skipped ? 'skipped' : result.changed ? 'changed' : 'ok';
    report({ ...base, outcome, result: shownResult, item: shown });
  }
  return settle(ctx, task, host, { ...base, looped: true }, summary(results));
}

/** `ansible_loop` of loop_control `extended`, as Ansible fills it. */
function loopState(items: unknown[], i: number, allItems: boolean): Vars {
  const length = items.length;
  return {
    ...(allItems ? { allitems: items } : {}),
    index: i + 1,
    index0: i,
    revindex: length - i,
    revindex0: length - i - 1,
    first: i === 0,
    last: i === length - 1,
    length,
    ...(i > 0 ? { previtem: items[i - 1] } : {}),
    ...(i < length - 1 ? { nextitem: items[i + 1] } : {}),
  };
}

function summary(results: ModuleResult[]): ModuleResult {
  const failed = results.some((r) => r.failed);
  return {
    changed: results.some((r) => r.changed),
    ...(failed ? { failed: true, msg: 'One or more items failed' } : { msg: 'All items completed' }),
    ...(results.length > 0 && results.every((r) => r.skipped) ? { skipped: true } : {}),
    results,
  };
}

/** The arguments of a no_log task that carry what it hides (a password, a key, a token, content). */
const SECRET_ARGS = /pass|secret|token|key|content|data|body|stdin|line|block|value|cmd/i;

function secretArgs(args: Record<string, unknown>): unknown[] {
  return Object.entries(args)
    .filter(([k]) => SECRET_ARGS.test(k))
    .map(([, v]) => v);
}

function registerLeaves(value: unknown): void {
  if (typeof value === 'string') secrets.add(value);
  else if (Array.isArray(value)) value.forEach(registerLeaves);
  else if (value !== null && typeof value === 'object') Object.values(value).forEach(registerLeaves);
}

