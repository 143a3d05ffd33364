// Handlebars for every `{{ }}` in YAML values: strict (an undefined variable
// is an error), no HTML escaping, compiled once per distinct string.
import Handlebars from 'handlebars';
import type { Location } from '../errors.js';
import { TemplateError } from '../errors.js';
import type { Vars } from '../inventory/model.js';

const hbs = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();
const SINGLE_EXPR = /^\{\{\s*([A-Za-z_][\w.]*|[A-Za-z_][\w]*(?:\[\d+\])*)\s*\}\}$/;

function compile(text: string): HandlebarsTemplateDelegate {
  let fn = compiled.get(text);
  if (!fn) {
    fn = hbs.compile(text, { strict: true, noEscape: true });
    compiled.set(text, fn);
  }
  return fn;
}

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

/**
 * Render one string. A string that is exactly one `{{ path }}` keeps the
 * type of the value it names (a list stays a list), as in Ansible.
 */
export function renderString(text: string, vars: Vars, where?: Location): unknown {
  if (!hasTemplate(text)) return text;
  const single = SINGLE_EXPR.exec(text);
  if (single) return lookupPath(single[1]!, vars, where);
  try {
    return compile(text)(vars);
  } catch (err) {
    throw new TemplateError(templateMessage(err), where);
  }
}

/** Render every string inside a value (objects and arrays are copied). */
export function renderValue(value: unknown, vars: Vars, where?: Location): unknown {
  if (typeof value === 'string') return renderString(value, vars, where);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, vars, where));
  if (value !== null && typeof value === 'object') {
    const out: Vars = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, vars, where);
    return out;
  }
  return value;
}

function lookupPath(path: string, vars: Vars, where?: Location): unknown {
  let cur: unknown = vars;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    if (cur === null || typeof cur !== 'object' || !(part in cur)) {
      throw new TemplateError(`undefined variable '${path}'`, where);
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function templateMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const undef = /^"([^"]+)" not defined in/.exec(text);
  if (undef) return `undefined variable '${undef[1]}'`;
  return `template error: ${text.split('\n')[0]}`;
}
