// A list of task entries (a play section, a role's tasks, a block, an
// imported file) into steps: module tasks, blocks, and meta instructions.
// import_tasks/include_tasks and import_role/include_role are expanded here,
// at load time, so the whole run is checked before any connection.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import { loadYaml } from '../vault/run-vault.js';
import { locate } from '../yaml/load.js';
import { inherit } from './inherit.js';
import { BLOCK_KEYWORDS, KNOWN_TASK_KEYWORDS, TASK_KEYWORDS } from './keywords.js';
import { findModuleKey, loadTask } from './load-task.js';
import { expandLocalAction } from './local-action.js';
import type { Block, Inherited, Meta, Step } from './model.js';
import type { Mapping } from './read.js';
import { checkKeywords, isMapping, keyword } from './read.js';
import type { RoleLoader } from './load-role.js';

export interface StepContext {
  /** Folder relative task files are found in. */
  dir: string;
  inherited: Inherited;
  roles: RoleLoader;
  /** Task files being imported, to report an import cycle instead of recursing forever. */
  stack: string[];
}

const META_ACTIONS = ['flush_handlers', 'noop', 'end_play', 'end_host', 'clear_host_errors'] as const;

export function loadSteps(list: unknown, where: Location, ctx: StepContext): Step[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw new PlaybookError('expected a list of tasks', where);
  return list.flatMap((raw, i) => loadStep(raw, locate(list, i) ?? where, ctx));
}

function loadStep(raw: unknown, where: Location, ctx: StepContext): Step[] {
  if (!isMapping(raw)) throw new PlaybookError('a task must be a mapping', where);
  if ('block' in raw) return [loadBlock(raw, where, ctx)];
  for (const key of ['import_tasks', 'include_tasks'] as const) if (key in raw) return importTasks(raw, key, where, ctx);
  for (const key of ['import_role', 'include_role'] as const) if (key in raw) return importRole(raw, key, where, ctx);
  if ('meta' in raw) return [loadMeta(raw, where, ctx)];
  if ('local_action' in raw) {
    const local = expandLocalAction(raw, where);
    return [loadTask(local.raw, local.moduleKey, ctx.inherited, where)];
  }
  return [loadTask(raw, findModuleKey(raw, where), ctx.inherited, where)];
}

function loadBlock(raw: Mapping, where: Location, ctx: StepContext): Block {
  checkKeywords(raw, BLOCK_KEYWORDS, KNOWN_TASK_KEYWORDS, 'block');
  const inner = { ...ctx, inherited: inherit(ctx.inherited, raw, where) };
  return {
    ...inner.inherited,
    kind: 'block',
    name: keyword(raw, 'name', z.string()),
    block: loadSteps(raw.block, locate(raw, 'block') ?? where, inner),
    rescue: loadSteps(raw.rescue, locate(raw, 'rescue') ?? where, inner),
    always: loadSteps(raw.always, locate(raw, 'always') ?? where, inner),
    where,
  };
}

/** Keywords an import carries apply to every task it brings in. */
function importTasks(raw: Mapping, key: string, where: Location, ctx: StepContext): Step[] {
  checkKeywords(raw, TASK_KEYWORDS, KNOWN_TASK_KEYWORDS, 'task', key);
  const name = keyword(raw, key, z.string().min(1));
  const file = resolve(ctx.dir, name!);
  if (ctx.stack.includes(file)) {
    throw new PlaybookError(`task files import each other in a cycle: ${[...ctx.stack, file].join(' -> ')}`, locate(raw, key));
  }
  if (!existsSync(file)) throw new PlaybookError(`task file ${file} does not exist`, locate(raw, key));
  const inherited = inherit(ctx.inherited, raw, where);
  return loadSteps(loadYaml(file), { file, line: 1, col: 1 }, { ...ctx, inherited, stack: [...ctx.stack, file] });
}

function importRole(raw: Mapping, key: string, where: Location, ctx: StepContext): Step[] {
  checkKeywords(raw, TASK_KEYWORDS, KNOWN_TASK_KEYWORDS, 'task', key);
  const entry = keyword(raw, key, z.strictObject({ name: z.string(), tasks_from: z.string().optional(), vars: z.record(z.string(), z.unknown()).optional() }))!;
  const inherited = inherit(ctx.inherited, raw, where);
  // The importing role is recorded as requiring this one, so --role keeps what it imports.
  const chain = ctx.inherited.role ? [...ctx.inherited.role.requiredBy, ctx.inherited.role.name] : [];
  const spec = { role: entry.name, vars: entry.vars ?? {}, tasksFrom: entry.tasks_from };
  // As in Ansible, import_role/include_role apply the role each time they are written.
  return ctx.roles.expand(spec, locate(raw, key) ?? where, inherited, chain, { alwaysApply: true });
}

function loadMeta(raw: Mapping, where: Location, ctx: StepContext): Meta {
  checkKeywords(raw, new Set(['meta', 'name', 'when', 'tags']), KNOWN_TASK_KEYWORDS, 'meta task');
  const action = keyword(raw, 'meta', z.enum(META_ACTIONS));
  return { ...inherit(ctx.inherited, raw, where), kind: 'meta', action: action!, where };
}
