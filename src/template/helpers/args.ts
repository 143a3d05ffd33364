// What every helper shares: how it is registered (positional arguments value
// first, then Handlebars' options object), how it checks its arguments, and
// the Python/Jinja notions (truthiness, equality, str()) the helpers follow.
import type Handlebars from 'handlebars';

/** The options object Handlebars passes last; `loc` is where the call is in the template. */
export interface CallOptions {
  hash: Record<string, unknown>;
  data?: Record<string, unknown> & { root?: unknown };
  loc?: { start: { line: number; column: number } };
  fn?: (context: unknown) => string;
  inverse?: (context: unknown) => string;
}

/**
 * A helper rejected its input. `arg` is the index of the positional argument
 * at fault, so the renderer can name the expression that produced it.
 */
export class HelperFailure extends Error {
  constructor(
    readonly helper: string,
    readonly reason: string,
    readonly arg?: number,
    readonly loc?: { line: number; column: number },
  ) {
    super(`${helper}: ${reason}`);
  }
}

/** `{{ a.b.c }}` where some part of the path is missing. */
export class UndefinedPath extends Error {
  constructor(
    readonly path: string,
    readonly loc?: { line: number; column: number },
  ) {
    super(`undefined variable '${path}'`);
  }
}

/** Thrown inside a helper body; the registration wrapper adds the helper's name and call site. */
export class ArgError extends Error {
  constructor(
    message: string,
    readonly arg?: number,
  ) {
    super(message);
  }
}

export interface HelperSpec {
  /** Fewest and most positional arguments (options not counted). */
  min: number;
  max?: number;
  /** Names accepted as `key=value` hash arguments. */
  hash?: readonly string[];
  /** `self` is the context the helper was called in (`this` in Handlebars). */
  fn: (args: unknown[], hash: Record<string, unknown>, options: CallOptions, self: unknown) => unknown;
}

export type HelperTable = Record<string, HelperSpec>;

/** Register helpers on an isolated Handlebars instance, with argument-count and hash checks. */
export function registerAll(hbs: typeof Handlebars, table: HelperTable): void {
  for (const [name, spec] of Object.entries(table)) {
    hbs.registerHelper(name, function (this: unknown, ...raw: unknown[]) {
      const options = raw.pop() as CallOptions;
      const loc = options.loc?.start;
      const fail = (reason: string, arg?: number) => new HelperFailure(name, reason, arg, loc);
      if (raw.length < spec.min) {
        throw fail(`expected at least ${plural(spec.min, 'argument')}, got ${raw.length}`);
      }
      if (spec.max !== undefined && raw.length > spec.max) {
        throw fail(`expected at most ${plural(spec.max, 'argument')}, got ${raw.length}`);
      }
      for (const key of Object.keys(options.hash)) {
        if (!spec.hash?.includes(key)) {
          const known = spec.hash?.length ? ` (known: ${spec.hash.join(', ')})` : '';
          throw fail(`unknown option '${key}='${known}`);
        }
      }
      try {
        return spec.fn(raw, options.hash, options, this);
      } catch (err) {
        if (err instanceof ArgError) throw fail(err.message, err.arg);
        throw err;
      }
    });
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How a value is named in an error message. */
export function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}

/** The argument at `i`, which must not be undefined. */
export function defined(args: unknown[], i: number, what = 'a value'): unknown {
  const v = args[i];
  if (v === undefined) throw new ArgError(`expected ${what}, got undefined`, i);
  return v;
}

export function list(args: unknown[], i: number): unknown[] {
  const v = args[i];
  if (!Array.isArray(v)) throw new ArgError(`expected a list, got ${describe(v)}`, i);
  return v;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function mapping(args: unknown[], i: number): Record<string, unknown> {
  const v = args[i];
  if (!isMapping(v)) throw new ArgError(`expected a mapping, got ${describe(v)}`, i);
  return v;
}

/** A string argument; numbers and booleans are accepted and converted, as Jinja filters do. */
export function text(args: unknown[], i: number, what = 'a string'): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  throw new ArgError(`expected ${what}, got ${describe(v)}`, i);
}

/** An optional string argument: undefined stays undefined. */
export function optText(args: unknown[], i: number, what = 'a string'): string | undefined {
  return args[i] === undefined ? undefined : text(args, i, what);
}

export function integer(v: unknown, what: string, arg?: number): number {
  const n = typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ArgError(`${what} must be an integer, got ${describe(v)}`, arg);
  return n;
}

export function flag(v: unknown, what: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new ArgError(`${what} must be true or false, got ${describe(v)}`);
  return v;
}

/** Python truthiness: empty strings, lists and mappings, 0, null and false are false. */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isMapping(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Structural equality, as Python's `==` on lists and dicts. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** How a value reads inside text: like Handlebars output, but lists and mappings as JSON. */
export function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Python's ordering: numbers (and booleans) with numbers, strings with
 * strings, lists element by element; anything else cannot be compared.
 */
export function compare(a: unknown, b: unknown, foldCase = false): number {
  const num = (v: unknown) => typeof v === 'number' || typeof v === 'boolean';
  if (num(a) && num(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = foldCase ? a.toLowerCase() : a;
    const y = foldCase ? b.toLowerCase() : b;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i], foldCase);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  throw new ArgError(`cannot compare ${describe(a)} with ${describe(b)}`);
}

/** A `key=value` option that must be a string when given. */
export function hashText(hash: Record<string, unknown>, key: string): string | undefined {
  const v = hash[key];
  if (v === undefined || typeof v === 'string') return v;
  throw new ArgError(`${key}= must be a string, got ${describe(v)}`);
}
