// with_nested, with_together, with_subelements and with_indexed_items, as
// Ansible 2.14's lookup plugins of those names build their items (quirks
// included: Ansible users' playbooks depend on them). Values arrive templated.
import type { Location } from '../errors.js';
import { TemplateError } from '../errors.js';
import { toBool } from '../template/helpers/data.js';
import { pyRepr, pyStr } from './py-repr.js';

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Ansible's listify_lookup_plugin_terms on a templated value: a list as is, a mapping's keys (Python iterates those), anything else alone. */
export function listify(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isDict(value)) return Object.keys(value);
  return [typeof value === 'string' ? value.trim() : value];
}

/** LookupBase._flatten: the elements of a list element take its place, one level deep. */
function flatten(terms: unknown[]): unknown[] {
  return terms.flatMap((t) => (Array.isArray(t) ? t : [t]));
}

/** Cartesian product of the lists: `[[a, b], [1, 2]]` → `[a, 1], [a, 2], [b, 1], [b, 2]`. */
export function nested(value: unknown, where: Location): unknown[] {
  const [first, ...rest] = listify(value).map(listify);
  if (first === undefined) throw new TemplateError('with_nested requires at least one element in the nested list', where);
  const product = rest.reduce((acc, next) => acc.flatMap((x) => next.map((y) => flatten([x, y]))), first);
  // Ansible iterates each combination once more: with a single list, a string item becomes its characters.
  return product.map((x) => flatten(iterate(x, where)));
}

function iterate(x: unknown, where: Location): unknown[] {
  if (Array.isArray(x)) return x;
  if (typeof x === 'string') return [...x];
  if (isDict(x)) return Object.keys(x);
  throw new TemplateError(`with_nested with a single list needs lists as its elements, got ${pyRepr(x)}`, where);
}

/** The lists side by side, the shorter ones padded with null: `[[a, b], [1]]` → `[a, 1], [b, null]`. */
export function together(value: unknown, where: Location): unknown[] {
  const lists = listify(value).map(listify);
  if (lists.length === 0) throw new TemplateError('with_together requires at least one element in each list', where);
  const length = Math.max(...lists.map((l) => l.length));
  return Array.from({ length }, (_, i) => flatten(lists.map((l) => (i < l.length ? l[i] : null))));
}

/** `[index, element]` for each element of the list, flattened one level as with_items is. */
export function indexedItems(value: unknown, where: Location): unknown[] {
  if (isDict(value)) throw new TemplateError('with_indexed_items expects a list', where);
  return flatten(listify(value)).map((item, i) => [i, item]);
}

/**
 * `[element, subelement]` for each element of a list of mappings and each entry of the list at
 * a key path inside it (`mysql.hosts`); the element is given without that key, as in Ansible.
 */
export function subelements(value: unknown, where: Location): unknown[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) throw termsError('', where);
  const [list, path, flags = {}] = value as unknown[];
  if (typeof path !== 'string') throw termsError('first a dict or a list, second a string pointing to the subkey', where);
  // Stricter than Ansible, which ignores flags it does not know.
  if (!isDict(flags) || Object.keys(flags).some((k) => k !== 'skip_missing')) {
    throw termsError('the optional third item must be a dict with flags skip_missing', where);
  }
  const skipMissing = skipFlag(flags.skip_missing, where);
  const keys = path.split('.');
  return elementsOf(list).flatMap((element) => {
    if (!isDict(element)) throw new TemplateError(`subelements lookup expects a dictionary, got '${pyStr(element)}'`, where);
    if (isSkipped(element)) return [];
    const [without, sublist] = extract(element, keys, skipMissing, where);
    return sublist.map((sub) => [without, sub]);
  });
}

function termsError(detail: string, where: Location): TemplateError {
  return new TemplateError(`subelements lookup expects a list of two or three items${detail && `, ${detail}`}`, where);
}

/** A registered result, or one item of it, that was skipped (any `skipped` but false) gives nothing. */
function isSkipped(result: Dict): boolean {
  return 'skipped' in result && result.skipped !== false;
}

/** A mapping stands for its values (a registered result's, say). */
function elementsOf(list: unknown): unknown[] {
  if (!isDict(list)) return listify(list);
  return isSkipped(list) ? [] : Object.values(list);
}

function skipFlag(value: unknown, where: Location): boolean {
  try {
    return value === undefined ? false : toBool(value);
  } catch (err) {
    throw new TemplateError(`subelements: skip_missing: ${(err as Error).message}`, where);
  }
}

/**
 * Walks the key path as Ansible's plugin does: a missing key (or, before the last key, one that
 * is not a mapping) is an error or, with skip_missing, passed over to try the next key on the
 * same level. The list found is removed from a copy of the element.
 */
function extract(element: Dict, keys: string[], skipMissing: boolean, where: Location): [Dict, unknown[]] {
  const copy = { ...element };
  let level = copy;
  let last = false;
  let sublist: unknown[] = [];
  for (const key of keys) {
    // Compared by name, as Ansible does: in `a.a` the first `a` already counts as the last key.
    if (key === keys[keys.length - 1]) last = true;
    if (!Object.hasOwn(level, key)) {
      if (skipMissing) continue;
      throw new TemplateError(`could not find '${key}' key in iterated item '${pyStr(level)}'`, where);
    }
    const found = level[key];
    if (!last) {
      if (!isDict(found)) {
        if (skipMissing) continue;
        throw new TemplateError(`the key ${key} should point to a dictionary, got '${pyStr(found)}'`, where);
      }
      level = level[key] = { ...found };
    } else {
      if (!Array.isArray(found)) throw new TemplateError(`the key ${key} should point to a list, got '${pyStr(found)}'`, where);
      sublist = found;
      delete level[key];
    }
  }
  return [copy, sublist];
}
