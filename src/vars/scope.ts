// The variables a task sees: layers merged by precedence (later wins, whole
// top-level values replaced), with values that hold templates rendered
// lazily on first read against the merged scope itself, as Ansible does.
import { TemplateError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { renderValue } from '../template/render.js';
import { Unsafe } from '../template/unsafe.js';

/** Whether a value needs rendering: a template, or an `!unsafe` string that rendering unwraps. */
function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (value instanceof Unsafe) return true;
  if (Array.isArray(value)) return value.some(holdsTemplate);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsTemplate);
  return false;
}

/** A layer whose values were rendered already (set_fact, register): never templated again. */
export class Rendered {
  constructor(readonly vars: Vars) {}
}

/** `fixed` values (magic variables) win over every layer and are never templated. */
export function buildScope(layers: (Vars | Rendered)[], fixed: Vars = {}): Vars {
  const merged = new Map<string, { value: unknown; literal: boolean }>();
  for (const layer of layers) {
    const literal = layer instanceof Rendered;
    for (const [key, value] of Object.entries(literal ? layer.vars : layer)) merged.set(key, { value, literal });
  }
  const scope: Vars = {};
  for (const [key, { value, literal }] of merged) {
    if (key in fixed) continue;
    if (!literal && holdsTemplate(value)) defineLazy(scope, key, value);
    else scope[key] = value;
  }
  return Object.assign(scope, fixed);
}

/**
 * `values` over `parent` (read through, never copied, so its lazy variables stay unrendered),
 * each rendered on first read against the whole: they may refer to `parent` and to each other.
 */
export function layerOver(parent: Vars, values: Vars): Vars {
  const scope = Object.create(parent) as Vars;
  for (const [key, value] of Object.entries(values)) {
    // defineProperty, not assignment: `parent` may hold a getter of the same name.
    if (holdsTemplate(value)) defineLazy(scope, key, value);
    else Object.defineProperty(scope, key, { value, enumerable: true });
  }
  return scope;
}

function defineLazy(scope: Vars, key: string, raw: unknown): void {
  let state: 'raw' | 'rendering' | 'done' = 'raw';
  let value: unknown;
  Object.defineProperty(scope, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (state === 'done') return value;
      if (state === 'rendering') throw new TemplateError(`variable '${key}' refers to itself through its own template`);
      state = 'rendering';
      try {
        value = renderValue(raw, scope);
        state = 'done';
      } finally {
        if (state === 'rendering') state = 'raw';
      }
      return value;
    },
  });
}

/** An object whose properties are computed only when read (e.g. `hostvars`). */
export function lazyRecord(names: string[], compute: (name: string) => unknown): Vars {
  const record: Vars = {};
  for (const name of names) {
    let cached: unknown;
    Object.defineProperty(record, name, {
      enumerable: true,
      get: () => (cached ??= compute(name)),
    });
  }
  return record;
}
