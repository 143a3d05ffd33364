// How a task reaches its host: the host's connection from the pool (or the
// `delegate_to` host's), with the task's become and environment applied to
// every command it runs.
import { connectionSettings } from '../connection/index.js';
import type { Become, ExecOptions, ExecResult } from '../connection/types.js';
import type { Vars } from '../inventory/model.js';
import { shQuote } from '../modules/shell-quote.js';
import type { Reach, Task } from '../playbook/model.js';
import { renderValue } from '../template/render.js';
import type { PlayContext } from './play-context.js';

type Run = (script: string, options?: Omit<ExecOptions, 'become'>) => Promise<ExecResult>;

export function hostRunner(ctx: PlayContext, task: Task | undefined, host: string, scope: Vars): Run {
  const target = task?.delegateTo === undefined ? host : String(renderValue(task.delegateTo, scope, task.where));
  const targetVars = target === host ? scope : (ctx.options.inventory.host(target)?.vars ?? implicitHost(target));
  const settings = connectionSettings(target, withReach(targetVars, task ? task.reach : ctx.play.reach), ctx.options.connection);
  const become = becomeFor(ctx, task, scope, settings.user);
  const env = environment(task, scope);
  return async (script, options) => ctx.pool.get(target, settings).exec(env + script, { ...options, become });
}

/**
 * The `connection`, `remote_user` and `port` keywords fill in what the host's variables leave
 * unsaid: as in Ansible, `ansible_connection`/`ansible_user`/`ansible_port` beat them, and they
 * beat `-u`. (A layer over the scope: its lazy variables stay unrendered.)
 */
function withReach(vars: Vars, reach: Reach | undefined): Vars {
  if (!reach) return vars;
  const layer = Object.create(vars) as Vars;
  const fill = (name: string, value: unknown): void => {
    if (value !== undefined && vars[name] === undefined) Object.defineProperty(layer, name, { value, enumerable: true });
  };
  fill('ansible_connection', reach.connection);
  fill('ansible_user', reach.remoteUser);
  fill('ansible_port', reach.port);
  return layer;
}

/** A delegate that is not in the inventory is reached by its name, as Ansible does. */
function implicitHost(name: string): Vars {
  return { ansible_host: name };
}

/** `environment:` becomes exports in front of the script (values never reach a command line's argv). */
function environment(task: Task | undefined, scope: Vars): string {
  const env = task?.environment;
  if (!env || Object.keys(env).length === 0) return '';
  const rendered = renderValue(env, scope, task.where) as Vars;
  return Object.entries(rendered)
    .map(([k, v]) => `export ${k}=${shQuote(String(v))}\n`)
    .join('');
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(?:true|yes|1)$/i.test(v));
}

/** Task, then play, then the host's `ansible_become*` vars, then the CLI; none when already that user. */
function becomeFor(ctx: PlayContext, task: Task | undefined, scope: Vars, loginUser: string): Become | undefined {
  const fromVars = scope.ansible_become !== undefined ? truthy(scope.ansible_become) : undefined;
  const wanted = task?.become ?? ctx.play.become ?? fromVars ?? ctx.options.become;
  if (!wanted) return undefined;
  const user = task?.becomeUser ?? ctx.play.becomeUser ?? (scope.ansible_become_user as string | undefined) ?? ctx.options.becomeUser ?? 'root';
  return user === loginUser ? undefined : { user };
}
