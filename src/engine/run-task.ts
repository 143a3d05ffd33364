// One task on one host: condition → arguments rendered and validated → the
// module (in check mode if asked) → changed_when/failed_when → register.
import type { ExecResult } from '../connection/types.js';
import { HostUnreachableError } from '../connection/errors.js';
import { MosipPlayError, formatLocation } from '../errors.js';
import { holds } from '../expr/evaluate.js';
import type { Vars } from '../inventory/model.js';
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/model.js';
import { renderValue } from '../template/render.js';
import type { PlayContext } from './play-context.js';
import type { HostTaskResult } from './result.js';
import { validateArgs } from './validate-args.js';
import { findFile } from './find-file.js';
import { hostRunner } from './host-runner.js';

export async function runTask(ctx: PlayContext, task: Task, host: string): Promise<HostTaskResult> {
  const base = { host, ignored: false, noLog: task.noLog, alwaysShow: task.module.name === 'debug' };
  try {
    const scope = ctx.scope(host, task);
    if (task.when !== undefined && !holds(task.when, scope, task.where)) {
      const result = { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
      register(ctx, task, host, result);
      return { ...base, outcome: 'skipped', result, alwaysShow: false };
    }
    const result = await runModule(ctx, task, host, scope);
    return finish(ctx, task, host, scope, result, base);
  } catch (err) {
    if (err instanceof HostUnreachableError) {
      return { ...base, outcome: 'unreachable', result: { changed: false, unreachable: true, msg: err.message } };
    }
    if (err instanceof MosipPlayError) {
      const at = err.location ?? task.where;
      return failed(ctx, task, host, base, { changed: false, msg: `${formatLocation(at)}: ${err.message}` });
    }
    throw err;
  }
}

async function runModule(ctx: PlayContext, task: Task, host: string, scope: Vars): Promise<ModuleResult> {
  const args = validateArgs(task, renderValue(task.args, scope, task.where));
  const run = hostRunner(ctx, task, host, scope);
  return task.module.run(args, {
    hostname: host,
    check: task.checkMode ?? ctx.options.check,
    diff: ctx.options.diff,
    vars: scope,
    where: task.where,
    findFile: (kind, name) => findFile(ctx.playbookDir, kind, name, task.where),
    run: (script, o): Promise<ExecResult> => run(script, o),
  });
}

type Base = Omit<HostTaskResult, 'outcome' | 'result'>;

function finish(ctx: PlayContext, task: Task, host: string, scope: Vars, raw: ModuleResult, base: Base): HostTaskResult {
  const { setVars, ...result } = raw;
  const seen = task.register ? { ...scope, [task.register]: result } : scope;
  if (task.changedWhen !== undefined) result.changed = holds(task.changedWhen, seen, task.where);
  if (task.failedWhen !== undefined) result.failed = holds(task.failedWhen, seen, task.where);
  if (setVars) Object.assign(ctx.states.get(host)!.runVars, setVars);
  register(ctx, task, host, result);
  if (result.failed) return failed(ctx, task, host, base, result);
  if (result.skipped) return { ...base, outcome: 'skipped', result };
  return { ...base, outcome: result.changed ? 'changed' : 'ok', result };
}

function failed(ctx: PlayContext, task: Task, host: string, base: Base, result: ModuleResult): HostTaskResult {
  result.failed = true;
  register(ctx, task, host, result);
  if (!task.ignoreErrors) ctx.states.get(host)!.failed = true;
  return { ...base, outcome: 'failed', result, ignored: task.ignoreErrors };
}

function register(ctx: PlayContext, task: Task, host: string, result: ModuleResult): void {
  if (!task.register) return;
  ctx.states.get(host)!.runVars[task.register] = { failed: false, skipped: false, ...result };
}
