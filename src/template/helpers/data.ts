// Helpers on values, lists and mappings, with Ansible's filter names and
// Jinja's semantics unless the helper list in the README says otherwise.
import type { HelperTable } from './args.js';
import {
  ArgError,
  compare,
  deepEqual,
  defined,
  describe,
  flag,
  hashText,
  integer,
  isMapping,
  list,
  mapping,
  optText,
  str,
  text,
  truthy,
} from './args.js';

/** `a.b.c` of a mapping, for the `attribute=` options of join and sort. */
function attr(item: unknown, path: string): unknown {
  let cur = item;
  for (const part of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isMapping(cur) && Object.hasOwn(cur, part)) cur = cur[part];
    else throw new ArgError(`an item has no attribute '${path}'`);
  }
  return cur;
}

/** What join, length, first and last iterate: a list, or a string's characters. */
function sequence(args: unknown[], i: number): unknown[] {
  const v = args[i];
  if (typeof v === 'string') return [...v];
  if (Array.isArray(v)) return v;
  throw new ArgError(`expected a list, got ${describe(v)}`, i);
}

const INT_DIGITS: Record<number, string> = { 2: '01', 8: '0-7', 10: '0-9', 16: '0-9a-fA-F' };
const INT_PREFIX: Record<number, string> = { 2: '(?:0[bB])?', 8: '(?:0[oO])?', 10: '', 16: '(?:0[xX])?' };

/** Jinja's `int(default=0, base=10)`: "42" and "42.9" give 42, anything unreadable gives the default. */
function toInt(v: unknown, fallback: unknown, base: number): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : fallback;
  if (typeof v !== 'string') return fallback;
  const s = v.trim();
  const d = INT_DIGITS[base]!;
  const whole = new RegExp(`^([+-]?)${INT_PREFIX[base]}_?([${d}]+(?:_[${d}]+)*)$`).exec(s);
  if (whole) return Number(whole[1] === '-' ? -1 : 1) * parseInt(whole[2]!.replace(/_/g, ''), base);
  if (/^[+-]?(?:\d+(?:_\d+)*)?(?:\.\d*)?(?:[eE][+-]?\d+)?$/.test(s) && /\d/.test(s)) {
    const f = Number(s.replace(/_/g, ''));
    if (Number.isFinite(f)) return Math.trunc(f);
  }
  return fallback;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y', 't', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', 'n', 'f', '0', '']);

/** Ansible's `bool`, but an unrecognised word is an error instead of a silent false. */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
  }
  throw new ArgError(`cannot read ${describe(v)} as a boolean (use yes/no, true/false, on/off or 1/0)`, 0);
}

const LIST_MERGE = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'] as const;
type ListMerge = (typeof LIST_MERGE)[number];

/** Ansible's `merge_hash(x, y)`: y wins; nested mappings merge only when recursive. */
function mergeHash(x: Record<string, unknown>, y: Record<string, unknown>, recursive: boolean, lists: ListMerge): Record<string, unknown> {
  const out: Record<string, unknown> = { ...x };
  for (const [key, yv] of Object.entries(y)) {
    if (!Object.hasOwn(out, key)) {
      out[key] = yv;
      continue;
    }
    const xv = out[key];
    if (isMapping(xv) && isMapping(yv)) out[key] = recursive ? mergeHash(xv, yv, recursive, lists) : yv;
    else if (Array.isArray(xv) && Array.isArray(yv)) out[key] = mergeLists(xv, yv, lists);
    else out[key] = yv;
  }
  return out;
}

function mergeLists(x: unknown[], y: unknown[], how: ListMerge): unknown[] {
  const notInY = () => x.filter((v) => !y.some((w) => deepEqual(v, w)));
  switch (how) {
    case 'replace':
      return y;
    case 'keep':
      return x;
    case 'append':
      return [...x, ...y];
    case 'prepend':
      return [...y, ...x];
    case 'append_rp':
      return [...notInY(), ...y];
    case 'prepend_rp':
      return [...y, ...notInY()];
  }
}

function combine(args: unknown[], hash: Record<string, unknown>): Record<string, unknown> {
  const lists = hash.list_merge ?? 'replace';
  if (!LIST_MERGE.includes(lists as ListMerge)) {
    throw new ArgError(`list_merge must be one of ${LIST_MERGE.join(', ')}, got ${describe(lists)}`);
  }
  const recursive = flag(hash.recursive, 'recursive');
  const dicts = args.flatMap((a, i) => (Array.isArray(a) ? a : [a]).map((d) => ({ d, i })));
  let out: Record<string, unknown> = {};
  for (const { d, i } of dicts) {
    if (!isMapping(d)) throw new ArgError(`expected mappings, got ${describe(d)}`, i);
    out = mergeHash(out, d, recursive, lists as ListMerge);
  }
  return out;
}

function uniq(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of items) if (!out.some((w) => deepEqual(v, w))) out.push(v);
  return out;
}

function sortList(items: unknown[], reverse: boolean, caseSensitive: boolean, attribute: string | undefined): unknown[] {
  const key = (v: unknown) => (attribute === undefined ? v : attr(v, attribute));
  const sorted = [...items].sort((a, b) => compare(key(a), key(b), !caseSensitive));
  return reverse ? sorted.reverse() : sorted;
}

function itemsToDict(items: unknown[], keyName: string, valueName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (!isMapping(item) || !Object.hasOwn(item, keyName) || !Object.hasOwn(item, valueName)) {
      throw new ArgError(`each item must be a mapping with '${keyName}' and '${valueName}', got ${describe(item)}`, 0);
    }
    out[str(item[keyName])] = item[valueName];
  }
  return out;
}

const defaultHelper = {
  min: 1,
  max: 3,
  fn: (a: unknown[]) => {
    const [value, fallback = '', boolean = false] = a;
    return value === undefined || (boolean === true && !truthy(value)) ? fallback : value;
  },
};

export const dataHelpers: HelperTable = {
  default: defaultHelper,
  d: defaultHelper,
  join: {
    min: 1,
    max: 2,
    hash: ['attribute'],
    fn: (a, h) => {
      const items = sequence(a, 0);
      const at = hashText(h, 'attribute');
      return items.map((v) => str(at === undefined ? v : attr(v, at))).join(optText(a, 1) ?? '');
    },
  },
  length: {
    min: 1,
    max: 1,
    fn: (a) => {
      const v = a[0];
      if (isMapping(v)) return Object.keys(v).length;
      return sequence(a, 0).length;
    },
  },
  first: { min: 1, max: 1, fn: (a) => sequence(a, 0)[0] },
  last: { min: 1, max: 1, fn: (a) => sequence(a, 0).at(-1) },
  unique: { min: 1, max: 1, fn: (a) => uniq(list(a, 0)) },
  sort: {
    min: 1,
    max: 4,
    hash: ['reverse', 'case_sensitive', 'attribute'],
    fn: (a, h) =>
      sortList(
        list(a, 0),
        flag(a[1] ?? h.reverse, 'reverse'),
        flag(a[2] ?? h.case_sensitive, 'case_sensitive'),
        a[3] === undefined ? hashText(h, 'attribute') : text(a, 3, 'an attribute name'),
      ),
  },
  combine: { min: 1, hash: ['recursive', 'list_merge'], fn: (a, h) => combine(a, h) },
  dict2items: {
    min: 1,
    max: 1,
    hash: ['key_name', 'value_name'],
    fn: (a, h) => {
      const k = hashText(h, 'key_name') ?? 'key';
      const v = hashText(h, 'value_name') ?? 'value';
      return Object.entries(mapping(a, 0)).map(([key, value]) => ({ [k]: key, [v]: value }));
    },
  },
  items2dict: {
    min: 1,
    max: 1,
    hash: ['key_name', 'value_name'],
    fn: (a, h) => itemsToDict(list(a, 0), hashText(h, 'key_name') ?? 'key', hashText(h, 'value_name') ?? 'value'),
  },
  int: {
    min: 1,
    max: 3,
    fn: (a) => {
      const base = a[2] === undefined ? 10 : integer(a[2], 'base', 2);
      if (!(base in INT_DIGITS)) throw new ArgError(`base must be 2, 8, 10 or 16, got ${base}`, 2);
      return toInt(defined(a, 0), a[1] ?? 0, base);
    },
  },
  bool: { min: 1, max: 1, fn: (a) => toBool(defined(a, 0)) },
  string: { min: 1, max: 1, fn: (a) => str(defined(a, 0)) },
};
