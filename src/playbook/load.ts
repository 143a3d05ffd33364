// Reads a playbook file into plays and tasks, checking everything that can be
// checked without a host: structure, keywords, module names and argument
// names, expression syntax. Every error names file:line:col.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import { checkExpression } from '../expr/evaluate.js';
import type { Vars } from '../inventory/model.js';
import { findModule, moduleNames } from '../modules/index.js';
import type { Module } from '../modules/types.js';
import { loadYamlFile, locate } from '../yaml/load.js';
import { KNOWN_PLAY_KEYWORDS, KNOWN_TASK_KEYWORDS, PLAY_KEYWORDS, TASK_KEYWORDS } from './keywords.js';
import type { Play, Task } from './model.js';
import { moduleArgs } from './module-args.js';
import { didYouMean } from './suggest.js';

type Mapping = Record<string, unknown>;

export function loadPlaybook(file: string): Play[] {
  const path = resolve(file);
  const doc = loadYamlFile(path);
  if (!Array.isArray(doc)) {
    throw new PlaybookError('a playbook must be a list of plays', locate(doc) ?? { file: path, line: 1, col: 1 });
  }
  return doc.map((play, i) => loadPlay(play, locate(doc, i)!));
}

function isMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkKeywords(node: Mapping, supported: Set<string>, known: Set<string>, what: string, skip?: string): void {
  for (const key of Object.keys(node)) {
    if (supported.has(key) || key === skip) continue;
    const where = locate(node, key);
    if (known.has(key)) throw new PlaybookError(`${what} keyword '${key}' is not supported yet`, where);
    throw new PlaybookError(`unknown ${what} keyword '${key}'`, where, didYouMean(key, supported));
  }
}

/** Read one keyword with a zod type, reporting a wrong type at the keyword. */
function keyword<T>(node: Mapping, key: string, type: z.ZodType<T>): T | undefined {
  if (!(key in node)) return undefined;
  const parsed = type.safeParse(node[key]);
  if (!parsed.success) {
    throw new PlaybookError(`'${key}': ${parsed.error.issues[0]?.message ?? 'invalid value'}`, locate(node, key));
  }
  return parsed.data;
}

const varsType = z.record(z.string(), z.unknown());
const conditionType = z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]);

function loadPlay(raw: unknown, where: Location): Play {
  if (!isMapping(raw)) throw new PlaybookError('a play must be a mapping', where);
  checkKeywords(raw, PLAY_KEYWORDS, KNOWN_PLAY_KEYWORDS, 'play');
  const hosts = keyword(raw, 'hosts', z.union([z.string(), z.array(z.string())]));
  if (hosts === undefined) throw new PlaybookError("a play needs 'hosts'", where);
  const tasks = keyword(raw, 'tasks', z.array(z.unknown()).nullable()) ?? [];
  return {
    name: keyword(raw, 'name', z.string()) ?? (Array.isArray(hosts) ? hosts.join(',') : hosts),
    hosts: Array.isArray(hosts) ? hosts.join(':') : hosts,
    vars: (keyword(raw, 'vars', varsType.nullable()) ?? {}) as Vars,
    gatherFacts: keyword(raw, 'gather_facts', z.boolean()) ?? true,
    become: keyword(raw, 'become', z.boolean()),
    becomeUser: keyword(raw, 'become_user', z.string()),
    tasks: tasks.map((t, i) => loadTask(t, locate(raw.tasks, i) ?? where)),
    where,
  };
}

function loadTask(raw: unknown, where: Location): Task {
  if (!isMapping(raw)) throw new PlaybookError('a task must be a mapping', where);
  const moduleKey = findModuleKey(raw, where);
  checkKeywords(raw, TASK_KEYWORDS, KNOWN_TASK_KEYWORDS, 'task', moduleKey);
  const module = findModule(moduleKey)!;
  const moduleWhere = locate(raw, moduleKey) ?? where;
  const extra = keyword(raw, 'args', varsType) ?? {};
  const args = { ...moduleArgs(module, raw[moduleKey], moduleWhere), ...extra };
  checkArgNames(module, args, raw[moduleKey], moduleWhere);
  const task: Task = {
    name: keyword(raw, 'name', z.string()),
    module,
    args,
    when: keyword(raw, 'when', conditionType),
    register: keyword(raw, 'register', z.string().regex(/^[A-Za-z_]\w*$/, 'not a valid variable name')),
    ignoreErrors: keyword(raw, 'ignore_errors', z.boolean()) ?? false,
    become: keyword(raw, 'become', z.boolean()),
    becomeUser: keyword(raw, 'become_user', z.string()),
    changedWhen: keyword(raw, 'changed_when', conditionType),
    failedWhen: keyword(raw, 'failed_when', conditionType),
    vars: (keyword(raw, 'vars', varsType) ?? {}) as Vars,
    checkMode: keyword(raw, 'check_mode', z.boolean()),
    noLog: keyword(raw, 'no_log', z.boolean()) ?? false,
    where,
  };
  for (const key of ['when', 'changed_when', 'failed_when'] as const) checkConditions(raw, key);
  return task;
}

function findModuleKey(raw: Mapping, where: Location): string {
  const candidates = Object.keys(raw).filter((k) => !KNOWN_TASK_KEYWORDS.has(k));
  const modules = candidates.filter((k) => findModule(k));
  if (modules.length > 1) {
    throw new PlaybookError(`conflicting modules in one task: ${modules.join(', ')}`, locate(raw, modules[1]!));
  }
  if (modules.length === 1) return modules[0]!;
  const unknown = candidates[0];
  if (unknown === undefined) {
    const known = Object.keys(raw).find((k) => !TASK_KEYWORDS.has(k));
    if (known) throw new PlaybookError(`task keyword '${known}' is not supported yet`, locate(raw, known));
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
    const at = (isMapping(rawArgs) && locate(rawArgs, key)) || where;
    throw new PlaybookError(`'${module.name}' has no argument '${key}'`, at, didYouMean(key, Object.keys(shape)));
  }
}

function checkConditions(raw: Mapping, key: string): void {
  const value = raw[key];
  for (const cond of Array.isArray(value) ? value : [value]) {
    if (typeof cond === 'string') checkExpression(cond, locate(raw, key));
  }
}
