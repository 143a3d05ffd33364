// Reads a playbook into plays, checking everything that can be checked
// without a host: structure, keywords, roles and their dependencies, module
// names and argument names, expression syntax. Every error names
// file:line:col.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { renderString } from '../template/render.js';
import { Rendered, buildScope } from '../vars/scope.js';
import { loadYaml } from '../vault/run-vault.js';
import { keepPositions, locate } from '../yaml/load.js';
import { NOTHING_INHERITED, inherit } from './inherit.js';
import { KNOWN_PLAY_KEYWORDS, PLAY_KEYWORDS } from './keywords.js';
import { RoleLoader, roleSpec } from './load-role.js';
import { loadSteps } from './load-steps.js';
import type { Play, Section, Step, Task } from './model.js';
import { HOST_ORDERS } from './model.js';
import { templatedHosts } from './play-hosts.js';
import type { Mapping } from './read.js';
import { checkKeywords, isMapping, keyword, tagsType, varsType } from './read.js';
import { didYouMean } from './suggest.js';
import { promptVars } from './vars-prompt.js';

export interface LoadOptions {
  /** Extra vars, for templated vars_files paths and the vars_prompt entries they answer. */
  extraVars?: Vars;
  /** The inventory's groups, as `groups` in a templated `hosts`. */
  groups?: Record<string, string[]>;
  /** --syntax-check and --list-*: a vars_prompt entry without a value is no error. */
  listing?: boolean;
  /** What an `import_playbook` entry gives every play it imports: tags, and vars below the play's own. */
  imported?: { tags: string[]; vars: Vars };
}

export function loadPlaybook(file: string, options: LoadOptions = {}, stack: string[] = []): Play[] {
  const path = resolve(file);
  if (stack.includes(path)) throw new PlaybookError(`playbooks import each other in a cycle: ${[...stack, path].join(' -> ')}`);
  const doc = loadYaml(path);
  if (!Array.isArray(doc)) {
    throw new PlaybookError('a playbook must be a list of plays', locate(doc) ?? { file: path, line: 1, col: 1 });
  }
  return doc.flatMap((entry, i) => {
    const where = locate(doc, i) ?? { file: path, line: 1, col: 1 };
    if (isMapping(entry) && 'import_playbook' in entry) return importPlaybook(entry, where, options, [...stack, path]);
    return [loadPlay(entry, where, dirname(path), options)];
  });
}

function importPlaybook(entry: Mapping, where: Location, options: LoadOptions, stack: string[]): Play[] {
  checkKeywords(entry, new Set(['import_playbook', 'name', 'tags', 'vars']), KNOWN_PLAY_KEYWORDS, 'import_playbook');
  const target = keyword(entry, 'import_playbook', z.string().min(1))!;
  const file = resolve(dirname(where.file), target);
  if (!existsSync(file)) throw new PlaybookError(`imported playbook ${file} does not exist`, locate(entry, 'import_playbook'));
  const outer = options.imported ?? { tags: [], vars: {} };
  const imported = {
    tags: [...outer.tags, ...(keyword(entry, 'tags', tagsType) ?? [])],
    vars: { ...outer.vars, ...(keyword(entry, 'vars', varsType.nullable()) ?? {}) },
  };
  return loadPlaybook(file, { ...options, imported }, stack);
}

/** Play keywords that pass down to tasks; the play's `vars` are a precedence level of their own. */
function taskKeywords(raw: Mapping): Mapping {
  const { vars: _ownLevel, ...rest } = raw;
  return keepPositions(raw, rest);
}

function loadPlay(raw: unknown, where: Location, dir: string, options: LoadOptions): Play {
  if (!isMapping(raw)) throw new PlaybookError('a play must be a mapping', where);
  checkKeywords(raw, PLAY_KEYWORDS, KNOWN_PLAY_KEYWORDS, 'play');
  const hosts = keyword(raw, 'hosts', z.union([z.string(), z.array(z.string())]));
  if (hosts === undefined) throw new PlaybookError("a play needs 'hosts'", where);
  keyword(raw, 'strategy', z.literal('linear', { message: "only the 'linear' strategy is supported" }));
  // Checked only: one round trip reads every fact mosip-play has, so a subset would save nothing.
  keyword(raw, 'gather_subset', z.union([z.string(), z.array(z.string())]));
  const vars = { ...options.imported?.vars, ...(keyword(raw, 'vars', varsType.nullable()) ?? {}) } as Vars;
  const inherited = inherit({ ...NOTHING_INHERITED, tags: options.imported?.tags ?? [] }, taskKeywords(raw), where);
  const roles = new RoleLoader(dir);
  const ctx = { dir, inherited, roles, stack: [] as string[] };
  const section = (key: string) => loadSteps(raw[key], locate(raw, key) ?? where, ctx);
  const roleSteps = (keyword(raw, 'roles', z.array(z.unknown()).nullable()) ?? []).flatMap((entry, i) => {
    const at = locate(raw.roles, i) ?? where;
    const { spec, keywords } = roleSpec(entry, at);
    return roles.expand(spec, at, inherit(inherited, keywords, at));
  });
  const sections: Section[] = [
    { name: 'pre_tasks', steps: section('pre_tasks') },
    { name: 'tasks', steps: [...roleSteps, ...section('tasks')] },
    { name: 'post_tasks', steps: section('post_tasks') },
  ];
  const handlers = [...roles.handlers, ...section('handlers').filter((s): s is Task => s.kind === 'task')];
  checkNotified(sections, handlers);
  // Last: a mistake in the play is worth reporting before a missing vars_prompt value.
  const extraVars = options.extraVars ?? {};
  const prompted = promptVars(raw, where, { vars, extraVars, listing: options.listing });
  const filesVars = varsFiles(raw, where, dir, { ...vars, ...prompted, ...extraVars });
  // The play's levels of docs/variables.md, without a host's.
  const playLevels = [roles.defaults, vars, new Rendered(prompted), filesVars, roles.vars, extraVars];
  const playScope = buildScope(playLevels, { groups: options.groups, playbook_dir: dir });
  const patterns = templatedHosts(raw, hosts, playScope);
  const name = keyword(raw, 'name', z.string());
  return {
    // Templated as Ansible does, with what `hosts` sees.
    name: name === undefined ? patterns.join(',') : String(renderString(name, playScope, locate(raw, 'name'))),
    hosts: patterns.join(':'),
    order: keyword(raw, 'order', z.enum(HOST_ORDERS)) ?? 'inventory',
    vars,
    promptVars: prompted,
    filesVars,
    roleDefaults: roles.defaults,
    roleVars: roles.vars,
    gatherFacts: keyword(raw, 'gather_facts', z.boolean()) ?? true,
    become: inherited.become,
    reach: inherited.reach,
    becomeUser: inherited.becomeUser,
    serial: serial(raw),
    maxFailPercentage: keyword(raw, 'max_fail_percentage', z.number().min(0).max(100)),
    anyErrorsFatal: inherited.anyErrorsFatal ?? false,
    forceHandlers: keyword(raw, 'force_handlers', z.boolean()) ?? false,
    sections,
    handlers,
    roles: roles.names,
    dir,
    where,
  };
}

function serial(raw: Mapping): (number | string)[] {
  const item = z.union([z.number().int().min(1), z.string().regex(/^\d+(\.\d+)?%$/, 'a number or a percentage like 30%')]);
  const value = keyword(raw, 'serial', z.union([item, z.array(item).min(1)]));
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** vars_files entries: a path, or a list of alternatives of which the first that exists is read. */
function varsFiles(raw: Mapping, where: Location, dir: string, vars: Vars): Vars {
  const entries = keyword(raw, 'vars_files', z.array(z.union([z.string(), z.array(z.string())])).nullable()) ?? [];
  const out: Vars = {};
  entries.forEach((entry, i) => {
    const at = locate(raw.vars_files, i) ?? where;
    const candidates = (Array.isArray(entry) ? entry : [entry]).map((p) => resolve(dir, String(renderString(p, vars, at))));
    const file = candidates.find((c) => existsSync(c));
    if (!file) throw new PlaybookError(`vars file not found: ${candidates.join(' or ')}`, at);
    const data = loadYaml(file);
    if (data !== null && !isMapping(data)) throw new PlaybookError('a vars file must be a mapping', { file, line: 1, col: 1 });
    Object.assign(out, data);
  });
  return out;
}

function allTasks(steps: Step[]): Task[] {
  return steps.flatMap((s) => (s.kind === 'task' ? [s] : s.kind === 'block' ? allTasks([...s.block, ...s.rescue, ...s.always]) : []));
}

/** Notifying a handler that does not exist is a mistake caught before the run, as in Ansible. */
function checkNotified(sections: Section[], handlers: Task[]): void {
  const names = new Set(handlers.flatMap((h) => [h.name ?? '', ...h.listen]));
  for (const task of [...sections.flatMap((s) => allTasks(s.steps)), ...handlers]) {
    for (const name of task.notify) {
      if (!names.has(name)) {
        throw new PlaybookError(`the handler '${name}' is notified but not defined`, task.where, didYouMean(name, names));
      }
    }
  }
}
