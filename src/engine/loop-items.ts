// Turns a task's loop (`loop`, `with_items`, `with_dict`, `with_fileglob`,
// `with_nested`, `with_together`, `with_subelements`, `with_sequence`,
// `with_indexed_items`) into the list of items it runs over.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { globToRegExp } from '../inventory/glob.js';
import { TemplateError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import type { Task } from '../playbook/model.js';
import { renderValue } from '../template/render.js';
import { indexedItems, nested, subelements, together } from './loop-lookups.js';
import { sequence } from './loop-sequence.js';

export function loopItems(task: Task, scope: Vars, playDir: string): unknown[] {
  const { kind, value } = task.loop!;
  const rendered = renderValue(value, scope, task.where);
  switch (kind) {
    case 'list':
      return asList(rendered, task);
    case 'items':
      // Ansible's items lookup takes a lone value as a list of one.
      return (Array.isArray(rendered) || rendered === null ? asList(rendered, task) : [rendered]).flatMap((v) => (Array.isArray(v) ? v : [v]));
    case 'dict':
      if (rendered === null || typeof rendered !== 'object' || Array.isArray(rendered)) {
        throw new TemplateError(`with_dict needs a mapping, got ${describe(rendered)}`, task.where);
      }
      return Object.entries(rendered).map(([key, v]) => ({ key, value: v }));
    case 'fileglob':
      return asList(rendered, task).flatMap((pattern) => fileglob(String(pattern), playDir));
    case 'nested':
      return nested(rendered, task.where);
    case 'together':
      return together(rendered, task.where);
    case 'subelements':
      return subelements(rendered, task.where);
    case 'sequence':
      return sequence(rendered, task.where);
    case 'indexed_items':
      return indexedItems(rendered, task.where);
  }
}

function asList(value: unknown, task: Task): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [value];
  throw new TemplateError(`a loop needs a list, got ${describe(value)}`, task.where);
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}

/** Ansible's fileglob: files (not directories) in one folder whose names match; relative to files/. */
function fileglob(pattern: string, playDir: string): string[] {
  const full = isAbsolute(pattern) ? pattern : join(playDir, 'files', pattern);
  const dir = dirname(full);
  if (!existsSync(dir)) return [];
  const match = globToRegExp(basename(full));
  return readdirSync(dir)
    .filter((name) => match.test(name) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => join(dir, name));
}
