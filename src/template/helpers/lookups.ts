// Ansible's common lookups, run on the controller while rendering:
// `file`/`lookup_file` (a file's content), `env` (an environment variable)
// and `password` (generated once, then the same on every run).
import { secrets } from '../../secrets/registry.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { badStateKey, readOrCreate, stateDir } from '../state-dir.js';
import type { CallOptions, HelperSpec, HelperTable } from './args.js';
import { ArgError, flag, integer, isMapping, text } from './args.js';

/**
 * Where relative lookup paths start: the role's directory (`role_path`) when
 * the scope has one, then `playbook_dir` (both are looked in under `files/`
 * and directly, as Ansible does), else the current directory.
 */
function searchDirs(options: CallOptions): string[] {
  const root = options.data?.root;
  const dirs: string[] = [];
  for (const key of ['role_path', 'playbook_dir']) {
    const dir = isMapping(root) ? root[key] : undefined;
    if (typeof dir === 'string' && dir !== '') dirs.push(dir);
  }
  return dirs.length ? dirs : [process.cwd()];
}

function readControllerFile(name: string, options: CallOptions): string {
  const candidates = isAbsolute(name) ? [name] : searchDirs(options).flatMap((d) => [join(d, 'files', name), join(d, name)]);
  for (const file of candidates) {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new ArgError(`cannot read ${file}: ${code ?? String(err)}`, 0);
    }
  }
  throw new ArgError(`could not find '${name}'; looked in ${candidates.map((c) => resolve(c)).join(', ')}`, 0);
}

const fileLookup: HelperSpec = {
  min: 1,
  max: 1,
  hash: ['rstrip', 'lstrip'],
  fn: (a, h, options) => {
    let content = readControllerFile(text(a, 0, 'a file path'), options);
    if (h.rstrip === undefined || flag(h.rstrip, 'rstrip')) content = content.trimEnd();
    if (flag(h.lstrip, 'lstrip')) content = content.trimStart();
    return content;
  },
};

/** Python's `string` module constants, which `chars=` may name. */
const CHAR_SETS: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

/** Ansible's default: letters, digits and `.,:-_` (`,,` is the comma). */
const DEFAULT_CHARS = 'ascii_letters,digits,.,,:-_';

/**
 * Ansible's `chars=`: comma-separated names of character sets or literal
 * characters; `,,` stands for a comma itself. Duplicates are dropped so each
 * character is equally likely.
 */
export function passwordAlphabet(spec: string): string[] {
  const parts = spec.split(',,');
  const items = parts.flatMap((p, i) => [...p.split(',').filter((x) => x !== ''), ...(i < parts.length - 1 ? [','] : [])]);
  const alphabet = [...new Set(items.flatMap((item) => [...(CHAR_SETS[item] ?? item)]))];
  if (alphabet.length < 2) throw new ArgError(`chars= must allow at least two different characters, got ${JSON.stringify(spec)}`);
  return alphabet;
}

/** Uniform choice from `alphabet` with crypto.randomBytes and rejection sampling (no modulo bias). */
export function randomString(length: number, alphabet: string[]): string {
  const n = alphabet.length;
  const limit = 2 ** 32 - (2 ** 32 % n); // 32-bit values at or above this would favour the first characters
  const out: string[] = [];
  while (out.length < length) {
    const buf = randomBytes(4 * (length - out.length) + 16);
    for (let i = 0; i + 4 <= buf.length && out.length < length; i += 4) {
      const v = buf.readUInt32BE(i);
      if (v < limit) out.push(alphabet[v % n]!);
    }
  }
  return out.join('');
}

const password: HelperSpec = {
  min: 1,
  max: 1,
  hash: ['length', 'chars'],
  fn: (a, h) => {
    const name = text(a, 0, 'a password name');
    const bad = badStateKey(name);
    if (bad) throw new ArgError(`refusing password name ${JSON.stringify(name)}: ${bad}`, 0);
    const length = h.length === undefined ? 20 : integer(h.length, 'length');
    if (length < 1 || length > 4096) throw new ArgError(`length must be between 1 and 4096, got ${length}`);
    if (h.chars !== undefined && typeof h.chars !== 'string') throw new ArgError('chars= must be a string such as "ascii_letters,digits"');
    const alphabet = passwordAlphabet(h.chars ?? DEFAULT_CHARS);
    const file = join(stateDir(), 'passwords', ...name.split('/'));
    try {
      const value = readOrCreate(file, () => randomString(length, alphabet));
      // A generated password is a secret: masked in every output from now on.
      secrets.add(value);
      return value;
    } catch (err) {
      throw new ArgError(`cannot store password '${name}' in ${file}: ${(err as Error).message}`);
    }
  },
};

export const lookupHelpers: HelperTable = {
  file: fileLookup,
  lookup_file: fileLookup,
  env: {
    min: 1,
    max: 1,
    hash: ['default', 'required'],
    fn: (a, h) => {
      const name = text(a, 0, 'a variable name');
      const value = process.env[name];
      if (value !== undefined) return value;
      if (flag(h.required, 'required')) throw new ArgError(`environment variable ${name} is not set on the controller`, 0);
      return h.default ?? '';
    },
  },
  password,
};
