// String helpers with Ansible's filter names, value first:
// `{{ lower x }}` is Jinja's `{{ x | lower }}`.
import { createHash } from 'node:crypto';
import type { HelperTable } from './args.js';
import { ArgError, flag, integer, optText, text } from './args.js';
import { pyFindall, pySearch, pySub } from './pyregex.js';

/** Python's `str.replace(old, new, count)`; count < 0 replaces every occurrence. */
function replace(s: string, old: string, repl: string, limit: number): string {
  let count = limit;
  if (count < 0 && old !== '') return s.split(old).join(repl);
  if (count < 0) count = s.length + 1;
  let out = '';
  let from = 0;
  for (let n = 0; n < count; n++) {
    const at = old === '' ? (from <= s.length ? from : -1) : s.indexOf(old, from);
    if (at < 0) break;
    out += s.slice(from, at) + repl;
    if (old === '') {
      out += s.slice(at, at + 1);
      from = at + 1;
    } else from = at + old.length;
  }
  return out + s.slice(from);
}

/** Python's `str.split(sep, maxsplit)`; no separator splits on runs of whitespace. */
function split(s: string, sep: string | undefined, maxsplit: number): string[] {
  if (sep === '') throw new ArgError('empty separator', 1);
  if (sep !== undefined) {
    const parts = s.split(sep);
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
    return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  }
  const out: string[] = [];
  let rest = s.replace(/^\s+/, '');
  while (rest !== '') {
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(rest);
      break;
    }
    const m = /\s+/.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/** Python's `shlex.quote`: safe words unchanged, anything else in single quotes. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** Jinja's `indent(width=4, first=False, blank=False)`; width may be a string to indent with. */
function indent(s: string, width: unknown, first: boolean, blank: boolean): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(integer(width, 'width', 1));
  const lines = `${s}\n`.split(/\r\n|\r|\n/);
  lines.pop();
  let out: string;
  if (blank) out = lines.join(`\n${pad}`);
  else {
    out = lines[0] ?? '';
    const rest = lines.slice(1);
    if (rest.length) out += `\n${rest.map((l) => (l ? pad + l : l)).join('\n')}`;
  }
  return first ? pad + out : out;
}

/** Python's `str.strip(chars)`. */
function strip(s: string, chars: string | undefined): string {
  if (chars === undefined) return s.trim();
  const set = new Set(chars);
  let a = 0;
  let b = s.length;
  while (a < b && set.has(s[a]!)) a++;
  while (b > a && set.has(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Python's `posixpath.basename`/`dirname`: a trailing slash means an empty basename. */
function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function dirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

const ENCODINGS: Record<string, BufferEncoding> = { 'utf-8': 'utf8', utf8: 'utf8', 'utf-16-le': 'utf16le', 'utf-16le': 'utf16le', latin1: 'latin1' };

function encoding(v: unknown): BufferEncoding {
  if (v === undefined) return 'utf8';
  const enc = typeof v === 'string' ? ENCODINGS[v.toLowerCase()] : undefined;
  if (!enc) throw new ArgError(`unsupported encoding ${JSON.stringify(v)} (use one of: ${Object.keys(ENCODINGS).join(', ')})`);
  return enc;
}

/** Python's `base64.b64decode`: characters outside the alphabet are dropped, padding is required. */
function b64decode(s: string, enc: BufferEncoding): string {
  const clean = s.replace(/[^A-Za-z0-9+/=]/g, '');
  if (clean.length % 4 !== 0 || /=[^=]/.test(clean)) throw new ArgError('invalid base64 input (incorrect padding)', 0);
  const bytes = Buffer.from(clean, 'base64');
  if (enc !== 'utf8') return bytes.toString(enc);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ArgError('the decoded bytes are not UTF-8 text', 0);
  }
}

/** Python hashlib names to OpenSSL's. */
const HASH_NAMES: Record<string, string> = {
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
};

function digest(s: string, algorithm: string): string {
  const name = HASH_NAMES[algorithm] ?? algorithm;
  if (!/^(md5|sha1|sha224|sha256|sha384|sha512)$/.test(name) && !(algorithm in HASH_NAMES)) {
    throw new ArgError(`unsupported hash algorithm ${JSON.stringify(algorithm)}`, 1);
  }
  return createHash(name).update(s, 'utf8').digest('hex');
}

function regexOpts(hash: Record<string, unknown>) {
  return { ignorecase: flag(hash.ignorecase, 'ignorecase'), multiline: flag(hash.multiline, 'multiline') };
}

export const stringHelpers: HelperTable = {
  lower: { min: 1, max: 1, fn: (a) => text(a, 0).toLowerCase() },
  upper: { min: 1, max: 1, fn: (a) => text(a, 0).toUpperCase() },
  trim: { min: 1, max: 2, fn: (a) => strip(text(a, 0), optText(a, 1)) },
  replace: {
    min: 3,
    max: 4,
    fn: (a) => replace(text(a, 0), text(a, 1), text(a, 2), a[3] === undefined ? -1 : integer(a[3], 'count', 3)),
  },
  regex_replace: {
    min: 2,
    max: 3,
    hash: ['ignorecase', 'multiline', 'count'],
    fn: (a, h) => pySub(text(a, 0), text(a, 1), optText(a, 2) ?? '', h.count === undefined ? 0 : integer(h.count, 'count'), regexOpts(h)),
  },
  regex_search: {
    min: 2,
    hash: ['ignorecase', 'multiline'],
    fn: (a, h) => pySearch(text(a, 0), text(a, 1), a.slice(2).map((_, i) => text(a, i + 2)), regexOpts(h)),
  },
  regex_findall: {
    min: 2,
    max: 2,
    hash: ['ignorecase', 'multiline'],
    fn: (a, h) => pyFindall(text(a, 0), text(a, 1), regexOpts(h)),
  },
  split: {
    min: 1,
    max: 3,
    fn: (a) => split(text(a, 0), optText(a, 1), a[2] === undefined ? -1 : integer(a[2], 'maxsplit', 2)),
  },
  quote: { min: 1, max: 1, fn: (a) => shellQuote(text(a, 0)) },
  indent: {
    min: 1,
    max: 4,
    hash: ['width', 'first', 'blank'],
    fn: (a, h) =>
      indent(text(a, 0), a[1] ?? h.width ?? 4, flag(a[2] ?? h.first, 'first'), flag(a[3] ?? h.blank, 'blank')),
  },
  b64encode: { min: 1, max: 1, hash: ['encoding'], fn: (a, h) => Buffer.from(text(a, 0), encoding(h.encoding)).toString('base64') },
  b64decode: { min: 1, max: 1, hash: ['encoding'], fn: (a, h) => b64decode(text(a, 0), encoding(h.encoding)) },
  basename: { min: 1, max: 1, fn: (a) => basename(text(a, 0)) },
  dirname: { min: 1, max: 1, fn: (a) => dirname(text(a, 0)) },
  hash: { min: 1, max: 2, fn: (a) => digest(text(a, 0), optText(a, 1) ?? 'sha1') },
  checksum: { min: 1, max: 1, fn: (a) => digest(text(a, 0), 'sha1') },
};
