// How a task reaches its host: the host's connection from the pool, with the
// task's become settings applied to every command it runs.
import { connectionSettings } from '../connection/index.js';
import type { Become, ExecOptions, ExecResult } from '../connection/types.js';
import type { Vars } from '../inventory/model.js';
import type { Task } from '../playbook/model.js';
import type { PlayContext } from './play-context.js';

type Run = (script: string, options?: Omit<ExecOptions, 'become'>) => Promise<ExecResult>;

export function hostRunner(ctx: PlayContext, task: Task | undefined, host: string, scope: Vars): Run {
  const settings = connectionSettings(host, scope, ctx.options.connection);
  const become = becomeFor(ctx, task, scope, settings.user);
  return async (script, options) => {
    const conn = ctx.pool.get(host, settings);
    return conn.exec(script, { ...options, become });
  };
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(?:true|yes|1)$/i.test(v));
}

/** Task, then play, then the host's `ansible_become*` vars, then the CLI; none when already that user. */
function becomeFor(ctx: PlayContext, task: Task | undefined, scope: Vars, loginUser: string): Become | undefined {
  const wanted = task?.become ?? ctx.play.become ?? (scope.ansible_become !== undefined ? truthy(scope.ansible_become) : ctx.options.become);
  if (!wanted) return undefined;
  const user =
    task?.becomeUser ?? ctx.play.becomeUser ?? (scope.ansible_become_user as string | undefined) ?? ctx.options.becomeUser ?? 'root';
  return user === loginUser ? undefined : { user };
}
