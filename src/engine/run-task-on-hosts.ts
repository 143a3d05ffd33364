// One task across hosts: selection (tags, --role, --start-at-task), then the
// hosts at most `forks` (or `throttle`) at a time; `run_once` runs on the first
// host and gives every host its result.
import PQueue from 'p-queue';
import type { Task } from '../playbook/model.js';
import { renderString } from '../template/render.js';
import type { PlayContext } from './play-context.js';
import type { HostTaskResult } from './result.js';
import { runTask } from './run-task.js';
import { displayName, roleSelected, tagDecision } from './select.js';

export function selected(ctx: PlayContext, task: Task): boolean {
  const sel = ctx.options.selection;
  return roleSelected(sel, task) && tagDecision(sel, task.tags).run && ctx.startAt.passes(task);
}

export async function runTaskOnHosts(ctx: PlayContext, task: Task, hosts: string[], banner = 'TASK'): Promise<void> {
  if (banner === 'TASK' && !selected(ctx, task)) return;
  const { reporter } = ctx.options;
  const targets = task.runOnce ? hosts.slice(0, 1) : hosts;
  reporter.taskStart(shownName(ctx, task, targets), targets.length, banner);
  const queue = new PQueue({ concurrency: Math.min(ctx.options.forks, task.throttle ?? Infinity) });
  const report = (r: HostTaskResult) => reporter.hostResult(r);
  await Promise.all(
    targets.map((host) =>
      queue.add(async () => {
        const result = await runTask(ctx, task, host, report);
        record(ctx, result);
        if (!result.looped || result.outcome === 'failed' || result.outcome === 'unreachable') report(result);
        if (task.runOnce) shareResult(ctx, task, host, hosts);
        if (result.outcome === 'failed' && !result.ignored && task.anyErrorsFatal) ctx.aborted = ctx.breakRun = true;
      }),
    ),
  );
  reporter.taskEnd();
}

/** A templated task name is shown rendered with the first host's variables; left as written if it cannot be. */
function shownName(ctx: PlayContext, task: Task, hosts: string[]): string {
  const name = displayName(task);
  if (task.literalName || !name.includes('{{') || hosts.length === 0) return name;
  try {
    return String(renderString(name, ctx.scope(hosts[0]!, task), task.where));
  } catch {
    return name;
  }
}

function record(ctx: PlayContext, r: HostTaskResult): void {
  if (r.outcome === 'unreachable' && !r.ignored) ctx.state(r.host).unreachable = true;
  ctx.stats.record(r.host, r.outcome, r.ignored, r.result.changed === true);
}

/** run_once: the other hosts get the registered result, set facts and notifications too. */
function shareResult(ctx: PlayContext, task: Task, from: string, hosts: string[]): void {
  const source = ctx.state(from);
  for (const h of hosts) {
    if (h === from) continue;
    const state = ctx.state(h);
    if (task.register) state.runVars[task.register] = source.runVars[task.register];
    Object.assign(state.runVars, source.runVars);
    state.notify(source.notified);
  }
}
