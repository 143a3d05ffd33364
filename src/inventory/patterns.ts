// Ansible host patterns, as documented in inventory_guide/intro_patterns.rst
// and implemented in inventory/manager.py:
//
// - Terms are separated by `,`, or by `:` when there is no comma (a pattern
//   that is one IPv6 address is not split). `&term` intersects, `!term`
//   excludes; unions are applied first, then intersections, then exclusions,
//   whatever the order written; with no union the start is `all`.
// - A term is a host name, a group name (all its hosts, children included),
//   an fnmatch wildcard (`web*`, `192.0.*`, `db[a-c]`) matched against group
//   and host names, or `~regex` (a JavaScript RegExp matched from the start of
//   group and host names, like Python's re.match).
// - `term[i]` and `term[i:j]` pick by position, from 0; a slice is inclusive
//   at both ends ("the slice of s from i to j is ... k such that i <= k <= j"),
//   so `web[0:2]` is the first three hosts; `[i:]` runs to the end, `[:j]` starts
//   at 0, and `[-1]` is the last host. As in Ansible, `h0[12]` is therefore
//   index 12 of `h0`, not a wildcard: write `h0[1-2]` or `~h0[12]` for that.
// - `@file` reads one host name a line (a retry file).
// A term that matches nothing adds nothing; a malformed pattern is a UsageError.
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { UsageError } from '../errors.js';
import { globToRegExp } from './glob.js';
import { LOCALHOST_NAMES } from './localhost.js';

export interface HostUniverse {
  /** Every inventory host name and its position in the inventory. */
  order: ReadonlyMap<string, number>;
  /** Group name to its hosts (children included), in inventory order. */
  groups: ReadonlyMap<string, readonly string[]>;
}

type Operation = 'union' | 'intersect' | 'exclude';
type Matcher = (name: string) => boolean;
type Picker = (hosts: string[]) => string[];

interface Term {
  operation: Operation;
  expr: string;
  matches: Matcher;
  /** The subscript (`[0]`, `[1:3]`), applied to the hosts the expression matched. */
  pick?: Picker;
}

const OPERATIONS = new Map<string, Operation>([
  ['&', 'intersect'],
  ['!', 'exclude'],
]);
const SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d*):(\d*))\]$/;
const WILDCARD = /[.?*[]/;

/** Hosts matched by `pattern`, in inventory order (an implicit localhost last). */
export function selectHosts(pattern: string, universe: HostUniverse): string[] {
  const terms = splitPattern(pattern).flatMap((text) => parseTerm(text, pattern));
  const unions = terms.filter((term) => term.operation === 'union');
  const selected = new Set(unions.length ? unions.flatMap((term) => matchTerm(term, universe)) : universe.order.keys());
  for (const term of terms.filter((t) => t.operation === 'intersect')) {
    const keep = new Set(matchTerm(term, universe));
    for (const name of selected) if (!keep.has(name)) selected.delete(name);
  }
  for (const term of terms.filter((t) => t.operation === 'exclude')) {
    for (const name of matchTerm(term, universe)) selected.delete(name);
  }
  return inInventoryOrder(selected, universe);
}

function splitPattern(pattern: string): string[] {
  const text = pattern.trim();
  if (text === '') throw new UsageError('empty host pattern');
  const parts = text.includes(',') ? text.split(',') : isIPv6(text) ? [text] : splitOnColons(text);
  return parts.map((part) => {
    const term = part.trim();
    if (term === '') throw new UsageError(`host pattern '${pattern}' has an empty part`);
    if (/\s/.test(term)) {
      throw new UsageError(`host pattern '${pattern}' has a space in '${term}': separate patterns with ',' or ':'`);
    }
    return term;
  });
}

/** Split at `:` outside brackets, so `web[0:2]:db` is two terms. */
function splitOnColons(text: string): string[] {
  const parts = [''];
  let depth = 0;
  for (const c of text) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    if (c === ':' && depth === 0) parts.push('');
    else parts[parts.length - 1] += c;
  }
  return parts;
}

function parseTerm(text: string, pattern: string): Term[] {
  const operation = OPERATIONS.get(text[0]!) ?? 'union';
  const body = operation === 'union' ? text : text.slice(1);
  if (body === '') throw new UsageError(`host pattern '${pattern}' has nothing after '${text}'`);
  const exprs = body.startsWith('@') ? readLimitFile(body.slice(1)) : [body];
  return exprs.map((expr) => ({ operation, ...parseExpression(expr, pattern) }));
}

function parseExpression(text: string, pattern: string): Omit<Term, 'operation'> {
  if (text.startsWith('~')) return { expr: text, matches: regexMatcher(text.slice(1), pattern) };
  assertBalancedBrackets(text, pattern);
  const m = SUBSCRIPT.exec(text);
  if (!m) return { expr: text, matches: globMatcher(text) };
  const [, expr = '', index, start = '', end = ''] = m;
  return { expr, matches: globMatcher(expr), pick: subscript(index, start, end, pattern) };
}

function subscript(index: string | undefined, start: string, end: string, pattern: string): Picker {
  if (index !== undefined) {
    return (hosts) => {
      const host = hosts.at(Number(index));
      return host === undefined ? [] : [host];
    };
  }
  if (start === '' && end === '') throw new UsageError(`slice [:] in host pattern '${pattern}' needs a start or an end`);
  return (hosts) => hosts.slice(Number(start), end === '' ? undefined : Number(end) + 1);
}

function regexMatcher(source: string, pattern: string): Matcher {
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'y'); // sticky at 0: anchored at the start only, like re.match
  } catch (err) {
    throw new UsageError(`invalid regular expression '~${source}' in host pattern '${pattern}': ${(err as Error).message}`);
  }
  return (name) => {
    regex.lastIndex = 0;
    return regex.test(name);
  };
}

function globMatcher(glob: string): Matcher {
  const regex = globToRegExp(glob);
  return (name) => regex.test(name);
}

function assertBalancedBrackets(text: string, pattern: string): void {
  let depth = 0;
  for (const c of text) {
    if (c === '[') depth++;
    else if (c === ']' && --depth < 0) throw new UsageError(`unmatched ']' in host pattern '${pattern}'`);
  }
  if (depth > 0) throw new UsageError(`unclosed '[' in host pattern '${pattern}'`);
}

function readLimitFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read limit file '${path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function matchTerm(term: Term, universe: HostUniverse): string[] {
  const hosts = matchExpression(term, universe);
  return term.pick ? term.pick(hosts) : hosts;
}

/**
 * A host name matches itself; otherwise the expression selects the hosts of
 * every group it matches, and host names too when no group matched or it is
 * a wildcard or regex (as Ansible's _enumerate_matches does).
 */
function matchExpression(term: Term, universe: HostUniverse): string[] {
  if (universe.order.has(term.expr)) return [term.expr];
  const found = new Set<string>();
  let matchedGroup = false;
  for (const [group, hosts] of universe.groups) {
    if (!term.matches(group)) continue;
    matchedGroup = true;
    for (const host of hosts) found.add(host);
  }
  if (!matchedGroup || term.expr.startsWith('~') || WILDCARD.test(term.expr)) {
    for (const host of universe.order.keys()) if (term.matches(host)) found.add(host);
  }
  if (found.size === 0 && LOCALHOST_NAMES.has(term.expr)) return [term.expr];
  return inInventoryOrder(found, universe);
}

function inInventoryOrder(names: Iterable<string>, universe: HostUniverse): string[] {
  const position = (name: string) => universe.order.get(name) ?? universe.order.size;
  return [...names].sort((a, b) => position(a) - position(b));
}
