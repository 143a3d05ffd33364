// Handlebars for every `{{ }}` in YAML values: strict (an undefined variable
// is an error), no HTML escaping, compiled once per distinct string, with the
// helpers Ansible users reach for (helpers/*.ts; listed in the README).
//
// Literal braces for Helm/Go templates: `\{{ .Values.x }}` prints
// `{{ .Values.x }}`, and `{{{{raw}}}}…{{{{/raw}}}}` prints what it encloses.
import type { Location } from '../errors.js';
import { TemplateError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import type { Program } from './ast.js';
import { prepare } from './ast.js';
import type { CaptureBox } from './engine.js';
import { handlebars } from './engine.js';
import { renderError, syntaxError } from './failure.js';
import { Unsafe } from './unsafe.js';

export interface RenderOptions {
  /**
   * `where` is the position of the text's own first character (not just of
   * the task or key holding it): a syntax error then points at its line and
   * column inside the text.
   */
  whereIsText?: boolean;
}

interface Compiled {
  ast: Program;
  fn: HandlebarsTemplateDelegate;
  /** The whole template is one helper call, whose value is kept with its type. */
  single: boolean;
}

const compiled = new Map<string, Compiled>();
const SINGLE_EXPR = /^\{\{\s*([A-Za-z_][\w.]*|[A-Za-z_][\w]*(?:\[\d+\])*)\s*\}\}$/;

function compile(text: string, where: Location | undefined, opts: RenderOptions): Compiled {
  let c = compiled.get(text);
  if (!c) {
    let ast: Program;
    try {
      ast = handlebars.parse(text);
    } catch (err) {
      throw syntaxError(err, text, where, opts.whereIsText === true);
    }
    const single = prepare(ast);
    c = { ast, single, fn: handlebars.compile(ast, { strict: true, noEscape: true }) };
    compiled.set(text, c);
  }
  return c;
}

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

/**
 * Render one string. A string that is exactly one `{{ path }}` keeps the
 * type of the value it names (a list stays a list), as in Ansible; so does a
 * string that is exactly one helper call (`{{ split csv "," }}` is a list,
 * `{{ int port }}` a number).
 */
export function renderString(text: string, vars: Vars, where?: Location, opts: RenderOptions = {}): unknown {
  if (!hasTemplate(text)) return text;
  const single = SINGLE_EXPR.exec(text);
  if (single && !/^this\b/.test(single[1]!)) return lookupPath(single[1]!, vars, where);
  const c = compile(text, where, opts);
  try {
    if (!c.single) return c.fn(vars);
    const box: CaptureBox = {};
    c.fn(vars, { data: { capture: box } });
    return box.value === undefined ? '' : box.value;
  } catch (err) {
    throw renderError(err, c.ast, text, where);
  }
}

/** Render every string inside a value (objects and arrays are copied), `!unsafe` ones to their text; `where` is reported as given. */
export function renderValue(value: unknown, vars: Vars, where?: Location): unknown {
  if (typeof value === 'string') return renderString(value, vars, where);
  if (value instanceof Unsafe) return value.text;
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
