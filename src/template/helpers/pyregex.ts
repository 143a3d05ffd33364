// Python `re` patterns and `re.sub` replacement templates, run on JavaScript
// RegExp, with the translation the file-editing modules use (leading inline
// flags, `(?P<name>…)`, `(?P=name)`; `\1`, `\g<name>` in replacements).
import { compileRegex, expandTemplate } from '../../regex/python-regex.js';
import { ArgError } from './args.js';

export interface RegexOptions {
  ignorecase?: boolean;
  multiline?: boolean;
}

/** `\A` and `\Z` would silently match the letters A and Z in JavaScript. */
const PYTHON_ONLY_ANCHOR = /(?:^|[^\\])(?:\\\\)*\\([AZ])/;

function pyRegex(pattern: string, opts: RegexOptions, global: boolean): RegExp {
  const anchor = PYTHON_ONLY_ANCHOR.exec(pattern);
  if (anchor) throw new ArgError(`\\${anchor[1]} is not supported; use ${anchor[1] === 'A' ? '^' : '$'} (without multiline=true)`, 1);
  const flags = `${opts.ignorecase ? 'i' : ''}${opts.multiline ? 'm' : ''}${global ? 'g' : ''}`;
  try {
    return compileRegex(pattern, flags);
  } catch (err) {
    throw new ArgError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`, 1);
  }
}

function expand(repl: string, m: RegExpMatchArray): string {
  try {
    return expandTemplate(repl, m);
  } catch (err) {
    throw new ArgError((err as Error).message, 2);
  }
}

/** Python's `re.sub(pattern, repl, value, count)`; count 0 replaces every match. */
export function pySub(value: string, pattern: string, repl: string, count: number, opts: RegexOptions): string {
  const re = pyRegex(pattern, opts, true);
  let out = '';
  let last = 0;
  let done = 0;
  for (const m of value.matchAll(re)) {
    if (count > 0 && done === count) break;
    out += value.slice(last, m.index);
    out += expand(repl, m);
    last = m.index + m[0].length;
    done++;
  }
  return out + value.slice(last);
}

/** Python's `re.search`: the match, or for group arguments (`\1`, `\g<name>`) the list of those groups. */
export function pySearch(value: string, pattern: string, groups: string[], opts: RegexOptions): string | string[] | undefined {
  const m = pyRegex(pattern, opts, false).exec(value);
  if (!m) return undefined;
  if (groups.length === 0) return m[0];
  return groups.map((g, i) => {
    if (!/^\\(\d+|g<[^>]+>)$/.test(g)) throw new ArgError(`group arguments are written \\1 or \\g<name>, got ${JSON.stringify(g)}`, i + 2);
    return expand(g, m);
  });
}

/** Python's `re.findall`: whole matches, or the group when there is one, or tuples of groups. */
export function pyFindall(value: string, pattern: string, opts: RegexOptions): unknown[] {
  const re = pyRegex(pattern, opts, true);
  return [...value.matchAll(re)].map((m) => {
    if (m.length === 1) return m[0];
    if (m.length === 2) return m[1] ?? '';
    return m.slice(1).map((g) => g ?? '');
  });
}
