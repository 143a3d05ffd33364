// A play, Ansible's linear strategy: each task runs on all remaining hosts at
// once (at most `forks` at a time) before the next task starts. A host that
// fails or becomes unreachable drops out; the others go on.
import PQueue from 'p-queue';
import { HostUnreachableError } from '../connection/errors.js';
import { factVars, gatherFacts } from '../facts/gather.js';
import type { Task } from '../playbook/model.js';
import { hostRunner } from './host-runner.js';
import type { PlayContext } from './play-context.js';
import type { HostTaskResult } from './result.js';
import { runTask } from './run-task.js';

export async function runPlay(ctx: PlayContext): Promise<void> {
  const { reporter } = ctx.options;
  reporter.playStart(ctx.play.name);
  for (const host of ctx.hosts) ctx.stats.touch(host);
  if (ctx.play.gatherFacts) await fanOut(ctx, 'Gathering Facts', (host) => gather(ctx, host));
  for (const task of ctx.play.tasks) {
    if (ctx.activeHosts().length === 0) {
      reporter.warn('no hosts left in this play');
      break;
    }
    await fanOut(ctx, taskName(task), (host) => runTask(ctx, task, host));
  }
}

function taskName(task: Task): string {
  return task.name ?? task.module.name;
}

async function fanOut(ctx: PlayContext, name: string, work: (host: string) => Promise<HostTaskResult>): Promise<void> {
  const hosts = ctx.activeHosts();
  const { reporter } = ctx.options;
  reporter.taskStart(name, hosts.length);
  const queue = new PQueue({ concurrency: ctx.options.forks });
  await Promise.all(
    hosts.map((host) =>
      queue.add(async () => {
        const result = await work(host);
        record(ctx, result);
        reporter.hostResult(result);
      }),
    ),
  );
  reporter.taskEnd();
}

function record(ctx: PlayContext, r: HostTaskResult): void {
  const state = ctx.states.get(r.host)!;
  if (r.outcome === 'unreachable') state.unreachable = true;
  ctx.stats.record(r.host, r.outcome, r.ignored, r.result.changed === true);
}

async function gather(ctx: PlayContext, host: string): Promise<HostTaskResult> {
  const base = { host, ignored: false, noLog: false, alwaysShow: false };
  try {
    const run = hostRunner(ctx, undefined, host, ctx.scope(host));
    const state = ctx.states.get(host)!;
    state.facts = await gatherFacts(run);
    return { ...base, outcome: 'ok', result: { changed: false, ansible_facts: factVars(state.facts).ansible_facts } };
  } catch (err) {
    if (err instanceof HostUnreachableError) {
      return { ...base, outcome: 'unreachable', result: { changed: false, unreachable: true, msg: err.message } };
    }
    ctx.states.get(host)!.failed = true;
    return { ...base, outcome: 'failed', result: { changed: false, failed: true, msg: (err as Error).message } };
  }
}
