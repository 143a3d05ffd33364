// Host ranges as Ansible expands them (inventory/expand_hosts.py): ranges are
// inclusive, `node[01:20]` keeps the zero padding, `[01:20:2]` steps, `[a:c]`
// counts letters (a-z then A-Z), and several ranges in one name multiply.
// Unlike Ansible, a range that runs backwards (`[5:1]`) or mixes a letter with
// a number (`[a:3]`) is an error instead of silently declaring no hosts.
import { OffsetError } from './offset-error.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every host name `name` declares; throws OffsetError at a bad range. */
export function expandRanges(name: string): string[] {
  return expandFrom(name, 0);
}

/** The expansions of `name` from offset `from` on. */
function expandFrom(name: string, from: number): string[] {
  const open = name.indexOf('[', from);
  const close = name.indexOf(']', from);
  if (close >= 0 && (open < 0 || close < open)) throw new OffsetError(`unmatched ']' in host name '${name}'`, close);
  if (open < 0) return [name.slice(from)];
  if (close < 0) throw new OffsetError(`unmatched '[' in host name '${name}'`, open);
  const head = name.slice(from, open);
  const values = rangeValues(name.slice(open + 1, close), open);
  const tails = expandFrom(name, close + 1);
  return values.flatMap((value) => tails.map((tail) => head + value + tail));
}

/** The values of one `begin:end[:step]` range; `at` is where its `[` is. */
function rangeValues(body: string, at: number): string[] {
  const fail = (why: string): never => {
    throw new OffsetError(`host range [${body}] ${why}`, at);
  };
  const bounds = body.split(':');
  if (bounds.length < 2 || bounds.length > 3) fail('must be [begin:end] or [begin:end:step]');
  const [begin = '', end = '', stepText = '1'] = bounds;
  if (end === '') fail('has no end');
  if (!/^[1-9]\d*$/.test(stepText)) fail('needs a step that is a whole number above 0');
  const step = Number(stepText);
  if (/^\d*$/.test(begin) && /^\d+$/.test(end)) return numberRange(begin || '0', end, step, fail);
  if (/^[a-zA-Z]$/.test(begin) && /^[a-zA-Z]$/.test(end)) {
    return letterRange(LETTERS.indexOf(begin), LETTERS.indexOf(end), step, fail);
  }
  return fail('must be two numbers or two letters');
}

function numberRange(begin: string, end: string, step: number, fail: (why: string) => never): string[] {
  // A zero-padded begin (`01`) is a width hint, and the end must have that width.
  const width = begin.length > 1 && begin.startsWith('0') ? begin.length : 0;
  if (width && end.length !== width) fail('must give begin and end with the same number of digits');
  const first = Number(begin);
  const last = Number(end);
  if (first > last) fail('ends before it begins');
  const values: string[] = [];
  for (let n = first; n <= last; n += step) values.push(String(n).padStart(width, '0'));
  return values;
}

function letterRange(first: number, last: number, step: number, fail: (why: string) => never): string[] {
  if (first > last) fail('ends before it begins');
  const values: string[] = [];
  for (let i = first; i <= last; i += step) values.push(LETTERS[i]!);
  return values;
}
