// Comparison and boolean helpers for `{{#if (and (eq a 1) (gt b 2))}}`, with
// Python's equality and truthiness; an undefined operand is an error, as it
// is in Ansible, so a misspelt variable is not silently false.
import type { CallOptions, HelperSpec, HelperTable } from './args.js';
import { ArgError, compare, deepEqual, defined, describe, isMapping, truthy } from './args.js';

function operands(args: unknown[]): unknown[] {
  return args.map((_, i) => defined(args, i));
}

function ordering(test: (c: number) => boolean): HelperSpec {
  return {
    min: 2,
    max: 2,
    fn: (a) => {
      const [x, y] = operands(a);
      return test(compare(x, y));
    },
  };
}

/** The first operand whose truthiness is `stop`, else the last: Python's `and` (false) and `or` (true). */
function deciding(ops: unknown[], stop: boolean): unknown {
  const i = ops.findIndex((v) => truthy(v) === stop);
  return i < 0 ? ops.at(-1) : ops[i];
}

/** Python's `needle in haystack`: list membership, substring, or mapping key. */
function contains(needle: unknown, haystack: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((v) => deepEqual(needle, v));
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new ArgError(`'in <string>' needs a string on the left, got ${describe(needle)}`, 0);
    return haystack.includes(needle);
  }
  if (isMapping(haystack)) return typeof needle === 'string' && Object.hasOwn(haystack, needle);
  throw new ArgError(`expected a list, mapping or string to look in, got ${describe(haystack)}`, 1);
}

function test(cond: unknown, hash: Record<string, unknown>): boolean {
  return (hash.includeZero === true && cond === 0) || truthy(cond);
}

function branch(yes: boolean, options: CallOptions, self: unknown): string {
  return (yes ? options.fn : options.inverse)?.(self) ?? '';
}

export const logicHelpers: HelperTable = {
  eq: { min: 2, max: 2, fn: (a) => deepEqual(...(operands(a) as [unknown, unknown])) },
  ne: { min: 2, max: 2, fn: (a) => !deepEqual(...(operands(a) as [unknown, unknown])) },
  gt: ordering((c) => c > 0),
  gte: ordering((c) => c >= 0),
  lt: ordering((c) => c < 0),
  lte: ordering((c) => c <= 0),
  // Like Python, `and`/`or` return the deciding operand, not just true/false.
  and: { min: 2, fn: (a) => deciding(operands(a), false) },
  or: { min: 2, fn: (a) => deciding(operands(a), true) },
  not: { min: 1, max: 1, fn: (a) => !truthy(defined(a, 0)) },
  in: { min: 2, max: 2, fn: (a) => contains(defined(a, 0), defined(a, 1)) },
  ternary: {
    min: 3,
    max: 4,
    fn: (a) => {
      const cond = defined(a, 0, 'a condition');
      if (cond === null && a[3] !== undefined) return a[3];
      return truthy(cond) ? a[1] : a[2];
    },
  },
  // Blocks: `#if`/`#unless` with Python truthiness (an empty mapping is false);
  // an undefined condition is simply false, as Handlebars has it.
  if: { min: 1, max: 1, hash: ['includeZero'], fn: (a, h, o, self) => branch(test(a[0], h), o, self) },
  unless: { min: 1, max: 1, hash: ['includeZero'], fn: (a, h, o, self) => branch(!test(a[0], h), o, self) },
  /** `{{{{raw}}}}…{{{{/raw}}}}` outputs what it encloses without rendering it. */
  raw: { min: 0, max: 0, fn: (_a, _h, o, self) => o.fn?.(self) ?? '' },
};
