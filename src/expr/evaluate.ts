// Conditions (`when`, `failed_when`, `changed_when`, `assert: that`) are CEL
// expressions, evaluated by a maintained CEL library: no eval, no side effects.
// Ansible's spellings `and`, `or`, `not`, `is defined` and `'part' in text` are accepted too.
import { Environment } from '@marcbachmann/cel-js';
import type { Location } from '../errors.js';
import { TemplateError } from '../errors.js';
import type { Vars } from '../inventory/model.js';

/**
 * CEL as the library's default environment has it, plus Jinja's substring test
 * (`'ok' in result.stdout`), which Ansible conditions use everywhere.
 */
const cel = new Environment({ unlistedVariablesAreDyn: true }).registerOperator('string in string', (part: string, whole: string) =>
  whole.includes(part),
);

type Compiled = ReturnType<typeof cel.parse>;
const cache = new Map<string, Compiled>();

/** Rewrite the Jinja spellings Ansible users write into CEL, outside string literals. */
export function toCel(expr: string): string {
  return negations(expr)
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/)
    .map((part, i) => (i % 2 === 1 ? part : translateCode(part)))
    .join('')
    .trim();
}

const STRING = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;
const OPERAND = String.raw`(?:${STRING}|\[[^\]]*\]|[\w.]+(?:\[[^\]]*\])*)`;
/**
 * `a not in b` and `not a <op> b`, where Jinja's `not` covers the whole comparison and CEL's
 * `!` would bind to `a` alone. String literals are matched whole so their text is left alone.
 */
const NEGATIONS = new RegExp(
  String.raw`(${OPERAND})\s+not\s+in\s+(${OPERAND})|\bnot\s+(${OPERAND}\s*(?:==|!=|<=|>=|<|>|\bin\b)\s*${OPERAND})|${STRING}`,
  'g',
);

function negations(expr: string): string {
  return expr.replace(NEGATIONS, (whole, item?: string, list?: string, comparison?: string) =>
    item !== undefined ? `!(${item} in ${list})` : comparison !== undefined ? `!(${comparison})` : whole,
  );
}

function translateCode(code: string): string {
  return code
    .replace(/\{\{\s*|\s*\}\}/g, '')
    .replace(/([A-Za-z_][\w.]*)\s+is\s+not\s+defined\b/g, (_m, path: string) => `!${definedTest(path)}`)
    .replace(/([A-Za-z_][\w.]*)\s+is\s+defined\b/g, (_m, path: string) => definedTest(path))
    .replace(/\band\b/g, '&&')
    .replace(/\bor\b/g, '||')
    .replace(/\bnot\s+(?=\S)/g, '!')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false');
}

/** `a.b is defined` → `(has(vars.a) && has(vars.a.b))`: CEL's has() needs a field selection. */
function definedTest(path: string): string {
  const parts = path.split('.');
  const steps = parts.map((_, i) => `has(${SCOPE}.${parts.slice(0, i + 1).join('.')})`);
  return `(${steps.join(' && ')})`;
}

/** The whole scope is also reachable as `vars`, so has() can test top-level names. */
const SCOPE = 'vars';

function withScope(vars: Vars): Vars {
  return new Proxy(vars, {
    get: (target, key) => (key === SCOPE ? target : target[key as string]),
    has: (target, key) => key === SCOPE || key in target,
  });
}

function compile(expr: string, where?: Location): Compiled {
  let fn = cache.get(expr);
  if (!fn) {
    try {
      fn = cel.parse(toCel(expr));
    } catch (err) {
      throw new TemplateError(`bad expression '${expr}': ${firstLine(err)}`, where);
    }
    cache.set(expr, fn);
  }
  return fn;
}

/** Parse without evaluating, so bad expressions are reported before any connection. */
export function checkExpression(expr: string, where?: Location): void {
  compile(expr, where);
}

export function evaluate(expr: unknown, vars: Vars, where?: Location): unknown {
  if (typeof expr === 'boolean') return expr;
  if (typeof expr !== 'string') {
    throw new TemplateError(`expected an expression string, got ${JSON.stringify(expr)}`, where);
  }
  try {
    return compile(expr, where)(withScope(vars));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(`cannot evaluate '${expr}': ${firstLine(err)}`, where);
  }
}

/** Every condition of a list (or the single one) must hold. */
export function holds(conditions: unknown, vars: Vars, where?: Location): boolean {
  const list = Array.isArray(conditions) ? conditions : [conditions];
  return list.every((c) => truthy(evaluate(c, vars, where)));
}

function truthy(v: unknown): boolean {
  if (typeof v === 'bigint') return v !== 0n;
  return Boolean(v);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
