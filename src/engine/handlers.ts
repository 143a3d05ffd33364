// Handlers: run once per host at the end of each play section (or at
// `meta: flush_handlers`) when a task that notified them changed something,
// in the order they were notified. A handler may notify further handlers.
import type { Task } from '../playbook/model.js';
import type { PlayContext } from './play-context.js';
import { runTaskOnHosts } from './run-task-on-hosts.js';

function answers(handler: Task, name: string): boolean {
  return handler.name === name || handler.listen.includes(name);
}

export async function flushHandlers(ctx: PlayContext, hosts: string[]): Promise<void> {
  const eligible = (h: string) => ctx.state(h).active || (ctx.play.forceHandlers || ctx.options.forceHandlers) && !ctx.state(h).unreachable;
  const ran = new Map<Task, Set<string>>();
  for (;;) {
    const pending = hosts.filter(eligible).flatMap((h) => ctx.state(h).notified);
    const name = pending[0];
    if (name === undefined) return;
    const waiting = hosts.filter((h) => eligible(h) && ctx.state(h).notified.includes(name));
    for (const h of waiting) ctx.state(h).notified.splice(ctx.state(h).notified.indexOf(name), 1);
    for (const handler of ctx.play.handlers.filter((hd) => answers(hd, name))) {
      const done = ran.get(handler) ?? new Set<string>();
      const runOn = waiting.filter((h) => eligible(h) && !done.has(h));
      for (const h of runOn) done.add(h);
      ran.set(handler, done);
      if (runOn.length > 0) await runTaskOnHosts(ctx, handler, runOn, 'RUNNING HANDLER');
    }
  }
}
