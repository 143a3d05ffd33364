// A play: its hosts in serial batches; for each batch facts, then each
// section (pre_tasks, roles and tasks, post_tasks) followed by its handlers.
// A host that fails or becomes unreachable drops out; the others go on unless
// any_errors_fatal or max_fail_percentage stops the play.
import PQueue from 'p-queue';
import { HostUnreachableError } from '../connection/errors.js';
import { factVars, gatherFacts } from '../facts/gather.js';
import { batches, inOrder } from './batches.js';
import { flushHandlers } from './handlers.js';
import { hostRunner } from './host-runner.js';
import type { PlayContext } from './play-context.js';
import type { HostTaskResult } from './result.js';
import { activeHost, runSteps } from './run-steps.js';

export async function runPlay(ctx: PlayContext): Promise<void> {
  const { reporter } = ctx.options;
  reporter.playStart(ctx.play.name);
  for (const host of ctx.hosts) ctx.stats.touch(host);
  for (const batch of batches(inOrder(ctx.hosts, ctx.play.order), ctx.play.serial)) {
    ctx.batch = batch;
    if (ctx.play.gatherFacts) await gatherAll(ctx, batch);
    for (const section of ctx.play.sections) {
      await runSteps(ctx, section.steps, batch, activeHost(ctx));
      await flushHandlers(ctx, batch);
      if (ctx.aborted) break;
    }
    if (tooManyFailed(ctx, batch)) {
      reporter.warn(`more than ${ctx.play.maxFailPercentage}% of the hosts in this batch failed: stopping the run`);
      ctx.aborted = ctx.breakRun = true;
    }
    // As Ansible: a batch whose every host failed ends the run.
    if (batch.every((h) => ctx.state(h).failed || ctx.state(h).unreachable)) ctx.breakRun = true;
    if (ctx.aborted || ctx.breakRun) break;
  }
}

function tooManyFailed(ctx: PlayContext, batch: string[]): boolean {
  const max = ctx.play.maxFailPercentage;
  if (max === undefined) return false;
  const failed = batch.filter((h) => ctx.state(h).failed || ctx.state(h).unreachable).length;
  return (failed / batch.length) * 100 > max;
}

async function gatherAll(ctx: PlayContext, hosts: string[]): Promise<void> {
  const { reporter } = ctx.options;
  const targets = hosts.filter((h) => ctx.state(h).active);
  reporter.taskStart('Gathering Facts', targets.length, 'TASK');
  const queue = new PQueue({ concurrency: ctx.options.forks });
  await Promise.all(
    targets.map((host) =>
      queue.add(async () => {
        const result = await gather(ctx, host);
        if (result.outcome === 'unreachable') ctx.state(host).unreachable = true;
        ctx.stats.record(host, result.outcome);
        reporter.hostResult(result);
      }),
    ),
  );
  reporter.taskEnd();
}

async function gather(ctx: PlayContext, host: string): Promise<HostTaskResult> {
  const base = { host, ignored: false, noLog: false, alwaysShow: false, showDiff: false };
  try {
    const run = hostRunner(ctx, undefined, host, ctx.scope(host));
    const state = ctx.state(host);
    state.facts = await gatherFacts(run);
    return { ...base, outcome: 'ok', result: { changed: false, ansible_facts: factVars(state.facts).ansible_facts } };
  } catch (err) {
    if (err instanceof HostUnreachableError) {
      return { ...base, outcome: 'unreachable', result: { changed: false, unreachable: true, msg: err.message } };
    }
    ctx.state(host).failed = true;
    return { ...base, outcome: 'failed', result: { changed: false, failed: true, msg: (err as Error).message } };
  }
}
