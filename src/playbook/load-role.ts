// Roles: found next to the playbook or in the project's roles/ folder, their
// meta dependencies expanded first (with parameters), defaults and vars
// collected for the play, handlers added to the play's handlers.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { loadYaml } from '../vault/run-vault.js';
import { locate } from '../yaml/load.js';
import { inherit } from './inherit.js';
import type { Inherited, Step, Task } from './model.js';
import type { Mapping } from './read.js';
import { isMapping, keyword } from './read.js';
import { INHERITED_KEYWORDS } from './keywords.js';
import { loadSteps } from './load-steps.js';

export interface RoleSpec {
  role: string;
  /** `vars:` of the role entry and its parameters: task-level variables of the role's tasks. */
  vars: Vars;
  tasksFrom?: string;
}

/** A role entry as written in `roles:` or `dependencies:`: a name, or a mapping. */
export function roleSpec(raw: unknown, where: Location): { spec: RoleSpec; keywords: Mapping } {
  if (typeof raw === 'string') return { spec: { role: raw, vars: {} }, keywords: {} };
  if (!isMapping(raw)) throw new PlaybookError('a role entry must be a name or a mapping', where);
  const name = raw.role ?? raw.name;
  if (typeof name !== 'string') throw new PlaybookError("a role entry needs 'role' (or 'name')", where);
  const keywords: Mapping = {};
  const params: Vars = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'role' || k === 'name') continue;
    if (INHERITED_KEYWORDS.includes(k) && k !== 'vars') keywords[k] = v;
    else if (k !== 'vars') params[k] = v;
  }
  const vars = { ...params, ...(keyword(raw, 'vars', z.record(z.string(), z.unknown()).nullable()) ?? {}) };
  return { spec: { role: name, vars }, keywords };
}

function firstExisting(dir: string, name: string): string | undefined {
  return [`${name}.yml`, `${name}.yaml`, name].map((f) => join(dir, f)).find((f) => existsSync(f));
}

export class RoleLoader {
  readonly defaults: Vars = {};
  readonly vars: Vars = {};
  readonly handlers: Task[] = [];
  readonly names: string[] = [];
  private readonly applied = new Set<string>();
  private readonly withHandlers = new Set<string>();

  constructor(private readonly playDir: string) {}

  private find(name: string, where: Location): string {
    // Next to the playbook, then the project's roles/ beside a playbooks/ folder, then the current directory's.
    const candidates = isAbsolute(name)
      ? [name]
      : [...new Set([join(this.playDir, 'roles', name), join(this.playDir, '..', 'roles', name), resolve('roles', name), join(this.playDir, name)])];
    const dir = candidates.find((c) => existsSync(c));
    if (!dir) throw new PlaybookError(`role '${name}' not found; looked in ${candidates.join(', ')}`, where);
    return dir;
  }

  /** The steps a role contributes where it is used: its dependencies' steps, then its own tasks. */
  expand(spec: RoleSpec, where: Location, inherited: Inherited, chain: string[] = [], how: { alwaysApply?: boolean } = {}): Step[] {
    if (chain.includes(spec.role)) {
      throw new PlaybookError(`role dependency cycle: ${[...chain, spec.role].join(' -> ')}`, where);
    }
    const dir = this.find(spec.role, where);
    const meta = this.meta(dir);
    const deps = this.dependencies(meta, dir, inherited, [...chain, spec.role]);
    const key = `${dir}\n${JSON.stringify(spec.vars)}\n${spec.tasksFrom ?? 'main'}`;
    if (this.applied.has(key) && !meta.allowDuplicates && !how.alwaysApply) return deps;
    this.applied.add(key);
    if (!this.names.includes(spec.role)) this.names.push(spec.role);
    this.readVars(dir);
    const role = { name: spec.role, dir, requiredBy: chain };
    const own: Inherited = { ...inherited, role, vars: { ...inherited.vars, ...spec.vars } };
    this.readHandlers(dir, own);
    const file = firstExisting(join(dir, 'tasks'), spec.tasksFrom ?? 'main');
    if (!file && spec.tasksFrom) throw new PlaybookError(`role '${spec.role}' has no tasks file '${spec.tasksFrom}'`, where);
    const tasks = file ? loadSteps(loadYaml(file), { file, line: 1, col: 1 }, { dir: join(dir, 'tasks'), inherited: own, roles: this, stack: [file] }) : [];
    return [...deps, ...tasks];
  }

  private meta(dir: string): { deps: unknown[]; depsWhere: Location; allowDuplicates: boolean } {
    const file = firstExisting(join(dir, 'meta'), 'main');
    const fallback = { file: join(dir, 'meta/main.yml'), line: 1, col: 1 };
    if (!file) return { deps: [], depsWhere: fallback, allowDuplicates: false };
    const meta = loadYaml(file);
    if (meta === null) return { deps: [], depsWhere: fallback, allowDuplicates: false };
    if (!isMapping(meta)) throw new PlaybookError('role meta must be a mapping', { file, line: 1, col: 1 });
    keyword(meta, 'dependencies', z.array(z.unknown()).nullable());
    // The loaded list itself (not a validated copy) keeps the positions of its entries.
    const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
    return { deps, depsWhere: locate(meta, 'dependencies') ?? fallback, allowDuplicates: keyword(meta, 'allow_duplicates', z.boolean()) ?? false };
  }

  private dependencies(meta: ReturnType<RoleLoader['meta']>, _dir: string, inherited: Inherited, chain: string[]): Step[] {
    return meta.deps.flatMap((raw, i) => {
      const where = locate(meta.deps, i) ?? meta.depsWhere;
      const { spec, keywords } = roleSpec(raw, where);
      return this.expand(spec, where, inherit(inherited, keywords, where), chain);
    });
  }

  private readVars(dir: string): void {
    for (const [folder, into] of [['defaults', this.defaults], ['vars', this.vars]] as const) {
      const file = firstExisting(join(dir, folder), 'main');
      if (!file) continue;
      const data = loadYaml(file);
      if (data === null) continue;
      if (!isMapping(data)) throw new PlaybookError(`role ${folder} must be a mapping`, { file, line: 1, col: 1 });
      Object.assign(into, data);
    }
  }

  private readHandlers(dir: string, inherited: Inherited): void {
    if (this.withHandlers.has(dir)) return;
    this.withHandlers.add(dir);
    const file = firstExisting(join(dir, 'handlers'), 'main');
    if (!file) return;
    const steps = loadSteps(loadYaml(file), { file, line: 1, col: 1 }, { dir: join(dir, 'handlers'), inherited: { ...inherited, when: [] }, roles: this, stack: [file] });
    this.handlers.push(...steps.filter((s): s is Task => s.kind === 'task'));
  }
}
