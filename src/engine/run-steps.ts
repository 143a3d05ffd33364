// Steps in Ansible's linear order: each task runs on every host still in the
// play before the next one starts. Blocks keep per-host bookkeeping: hosts
// that fail in `block` go to `rescue` (and are counted rescued, not failed);
// `always` runs for every host that entered the block, failed or not.
import type { Block, Meta, Step } from '../playbook/model.js';
import { flushHandlers } from './handlers.js';
import type { PlayContext } from './play-context.js';
import { runTaskOnHosts } from './run-task-on-hosts.js';

/** Hosts a step may run on; inside `always`, hosts that failed in the block are included. */
export type Runnable = (host: string) => boolean;

export const activeHost =
  (ctx: PlayContext): Runnable =>
  (h) =>
    ctx.state(h).active;

export async function runSteps(ctx: PlayContext, steps: Step[], hosts: string[], runnable: Runnable): Promise<void> {
  for (const step of steps) {
    if (ctx.aborted) return;
    const now = hosts.filter(runnable);
    if (now.length === 0) return;
    if (step.kind === 'task') await runTaskOnHosts(ctx, step, now);
    else if (step.kind === 'block') await runBlock(ctx, step, now);
    else await runMeta(ctx, step, now);
  }
}

async function runBlock(ctx: PlayContext, block: Block, hosts: string[]): Promise<void> {
  await runSteps(ctx, block.block, hosts, activeHost(ctx));
  const failedHere = hosts.filter((h) => ctx.state(h).failed && !ctx.state(h).unreachable);
  if (block.rescue.length > 0 && failedHere.length > 0) {
    for (const h of failedHere) {
      ctx.state(h).failed = false;
      ctx.stats.rescue(h);
    }
    await runSteps(ctx, block.rescue, failedHere, activeHost(ctx));
  }
  if (block.always.length > 0) {
    const stillFailed = new Set(hosts.filter((h) => ctx.state(h).failed));
    for (const h of stillFailed) ctx.state(h).failed = false;
    await runSteps(ctx, block.always, hosts, activeHost(ctx));
    for (const h of stillFailed) ctx.state(h).failed = true;
  }
}

async function runMeta(ctx: PlayContext, meta: Meta, hosts: string[]): Promise<void> {
  switch (meta.action) {
    case 'flush_handlers':
      return flushHandlers(ctx, hosts);
    case 'end_play':
      ctx.aborted = true;
      for (const h of ctx.hosts) ctx.state(h).ended = true;
      return;
    case 'end_host':
      for (const h of hosts) ctx.state(h).ended = true;
      return;
    case 'clear_host_errors':
      for (const h of ctx.hosts) ctx.state(h).failed = false;
      return;
    case 'noop':
      return;
  }
}
