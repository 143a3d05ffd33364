// One task entry that runs a module: its module and arguments, and the
// task-only keywords (register, loops, retries, notify...).
import { z } from 'zod';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import { checkExpression } from '../expr/evaluate.js';
import { findModule, moduleNames } from '../modules/index.js';
import type { Module } from '../modules/types.js';
import { Unsafe } from '../template/unsafe.js';
import { locate } from '../yaml/load.js';
import { inherit } from './inherit.js';
import { KNOWN_TASK_KEYWORDS, TASK_KEYWORDS } from './keywords.js';
import type { Inherited, Task } from './model.js';
import { moduleArgs } from './module-args.js';
import type { Mapping } from './read.js';
import { checkKeywords, conditionType, identifier, isMapping, keyword, namesType, varsType } from './read.js';
import { didYouMean } from './suggest.js';

const LOOPS = {
  loop: 'list',
  with_list: 'list',
  with_items: 'items',
  with_dict: 'dict',
  with_fileglob: 'fileglob',
  with_nested: 'nested',
  with_together: 'together',
  with_subelements: 'subelements',
  with_sequence: 'sequence',
  with_indexed_items: 'indexed_items',
} as const;

export function loadTask(raw: Mapping, moduleKey: string, parent: Inherited, where: Location): Task {
  checkKeywords(raw, TASK_KEYWORDS, KNOWN_TASK_KEYWORDS, 'task', moduleKey);
  const module = findModule(moduleKey)!;
  const moduleWhere = locate(raw, moduleKey) ?? where;
  const args = { ...moduleArgs(module, raw[moduleKey], moduleWhere), ...(keyword(raw, 'args', varsType) ?? {}) };
  checkArgNames(module, args, raw[moduleKey], moduleWhere);
  for (const key of ['changed_when', 'failed_when', 'until'] as const) checkConditions(raw, key);
  const until = keyword(raw, 'until', conditionType);
  return {
    ...inherit(parent, raw, where),
    kind: 'task',
    ...taskName(raw),
    module,
    args,
    register: keyword(raw, 'register', identifier),
    loop: loopOf(raw),
    loopControl: loopControl(raw),
    until,
    retries: keyword(raw, 'retries', z.number().int().min(0)) ?? (until === undefined ? 0 : 3),
    delay: keyword(raw, 'delay', z.number().min(0)) ?? 5,
    changedWhen: keyword(raw, 'changed_when', conditionType),
    failedWhen: keyword(raw, 'failed_when', conditionType),
    asyncLimit: asyncLimit(raw),
    notify: keyword(raw, 'notify', namesType) ?? [],
    listen: keyword(raw, 'listen', namesType) ?? [],
    where,
  };
}

function taskName(raw: Mapping): Pick<Task, 'name' | 'literalName'> {
  const name = keyword(raw, 'name', z.union([z.string(), z.instanceof(Unsafe)]));
  return name instanceof Unsafe ? { name: name.text, literalName: true } : { name };
}

function loopOf(raw: Mapping): Task['loop'] {
  const keys = Object.keys(LOOPS).filter((k) => k in raw) as (keyof typeof LOOPS)[];
  if (keys.length > 1) throw new PlaybookError(`a task can have only one loop, found ${keys.join(', ')}`, locate(raw, keys[1]!));
  const key = keys[0];
  return key === undefined ? undefined : { kind: LOOPS[key], value: raw[key] };
}

/**
 * `async: N` with `poll` above 0 (Ansible's default is 15) waits for the task as any other, up
 * to N seconds. Fire-and-forget (`poll: 0`, then `async_status`) is refused: a run leaves nothing
 * behind on a host that it does not wait for.
 */
function asyncLimit(raw: Mapping): number | undefined {
  const seconds = keyword(raw, 'async', z.number().int().min(1));
  const poll = keyword(raw, 'poll', z.number().int().min(0));
  if (poll === 0) {
    throw new PlaybookError("'poll: 0' (fire and forget) is not supported: leave 'poll' out to wait for the task, with 'async' as its time limit", locate(raw, 'poll'));
  }
  if (poll !== undefined && seconds === undefined) throw new PlaybookError("'poll' needs 'async'", locate(raw, 'poll'));
  return seconds;
}

function loopControl(raw: Mapping): Task['loopControl'] {
  const lc = keyword(
    raw,
    'loop_control',
    z.strictObject({
      loop_var: identifier.optional(),
      index_var: identifier.optional(),
      label: z.string().optional(),
      pause: z.number().min(0).optional(),
      extended: z.boolean().optional(),
      extended_allitems: z.boolean().optional(),
    }),
  );
  return {
    loopVar: lc?.loop_var ?? 'item',
    indexVar: lc?.index_var,
    label: lc?.label,
    pause: lc?.pause ?? 0,
    extended: lc?.extended ? { allItems: lc.extended_allitems ?? true } : undefined,
  };
}

/** Which key of a task entry names its module; errors say what was probably meant. */
export function findModuleKey(raw: Mapping, where: Location): string {
  const candidates = Object.keys(raw).filter((k) => !KNOWN_TASK_KEYWORDS.has(k));
  const modules = candidates.filter((k) => findModule(k));
  if (modules.length > 1) {
    throw new PlaybookError(`conflicting modules in one task: ${modules.join(', ')}`, locate(raw, modules[1]!));
  }
  if (modules.length === 1) return modules[0]!;
  const unknown = candidates[0];
  if (unknown === undefined) {
    const unsupported = Object.keys(raw).find((k) => !TASK_KEYWORDS.has(k));
    if (unsupported) throw new PlaybookError(`task keyword '${unsupported}' is not supported`, locate(raw, unsupported));
    throw new PlaybookError('no module in this task', where);
  }
  const hint = didYouMean(unknown, [...moduleNames(), ...TASK_KEYWORDS]);
  throw new PlaybookError(`unknown module or keyword '${unknown}'`, locate(raw, unknown), hint);
}

/** Unknown argument names are caught before connecting; types are checked per host after templating. */
function checkArgNames(module: Module, args: Mapping, rawArgs: unknown, where: Location): void {
  const shape = (module.args as unknown as { shape?: Mapping }).shape;
  if (!shape) return;
  for (const key of Object.keys(args)) {
    if (key in shape) continue;
    const found = isMapping(rawArgs) ? locate(rawArgs, key) : undefined;
    throw new PlaybookError(`'${module.name}' has no argument '${key}'`, found ?? where, didYouMean(key, Object.keys(shape)));
  }
}

function checkConditions(raw: Mapping, key: string): void {
  const value = raw[key];
  for (const cond of Array.isArray(value) ? value : [value]) {
    if (typeof cond === 'string') checkExpression(cond, locate(raw, key));
  }
}
