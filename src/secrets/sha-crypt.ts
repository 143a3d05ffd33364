// SHA-crypt (`$6$` sha512_crypt, `$5$` sha256_crypt), the password hashes of
// /etc/shadow, as glibc's crypt(3) makes them: Ulrich Drepper's specification
// (https://www.akkadia.org/drepper/SHA-crypt.txt) on Node's hash functions.
// Ansible's `encrypt` (vars_prompt) gives the same string for the same salt.
import { createHash, randomInt } from 'node:crypto';

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** crypt(3)'s default, which it leaves out of the string (Ansible passes no `rounds`). */
const ROUNDS = 5000;
export const MAX_SALT = 16;

interface Variant {
  id: string;
  hash: 'sha256' | 'sha512';
  /** The digest bytes are written in groups of three: byte k*step mod last, then a third and two thirds further on. */
  step: number;
  last: number;
  /** The bytes left over after the groups, most significant first. */
  tail: number[];
}

export type ShaCryptAlgorithm = 'sha512_crypt' | 'sha256_crypt';

const SHA_CRYPT: Record<ShaCryptAlgorithm, Variant> = {
  sha512_crypt: { id: '6', hash: 'sha512', step: 22, last: 63, tail: [63] },
  sha256_crypt: { id: '5', hash: 'sha256', step: 21, last: 30, tail: [31, 30] },
};

function digest(v: Variant, ...parts: Buffer[]): Buffer {
  const h = createHash(v.hash);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** `bytes` repeated to `length` bytes (the spec's P and S sequences). */
function stretch(bytes: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += bytes.length) bytes.copy(out, i, 0, Math.min(bytes.length, length - i));
  return out;
}

function encode24(bytes: number[], chars: number): string {
  let w = bytes.reduce((acc, b) => (acc << 8) | b, 0);
  let out = '';
  for (let i = 0; i < chars; i++, w >>= 6) out += B64[w & 63];
  return out;
}

function encode(v: Variant, c: Buffer): string {
  let out = '';
  const third = v.last / 3;
  for (let k = 0; k < third; k++) {
    const x = (k * v.step) % v.last;
    out += encode24([c[x]!, c[(x + third) % v.last]!, c[(x + 2 * third) % v.last]!], 4);
  }
  return out + encode24(v.tail.map((i) => c[i]!), v.tail.length + 1);
}

function initial(v: Variant, p: Buffer, s: Buffer): Buffer {
  const b = digest(v, p, s, p);
  const parts = [p, s];
  let n = p.length;
  for (; n > b.length; n -= b.length) parts.push(b);
  parts.push(b.subarray(0, n));
  for (let i = p.length; i > 0; i >>= 1) parts.push(i & 1 ? b : p);
  return digest(v, ...parts);
}

/** The crypt(3) string of `password` with `salt` (at most 16 of `./0-9A-Za-z`). */
export function shaCrypt(algorithm: ShaCryptAlgorithm, password: string, salt: string): string {
  const v = SHA_CRYPT[algorithm];
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, MAX_SALT), 'utf8');
  let c = initial(v, p, s);
  const pSeq = stretch(digest(v, ...Array<Buffer>(p.length).fill(p)), p.length);
  const sSeq = stretch(digest(v, ...Array<Buffer>(16 + c[0]!).fill(s)), s.length);
  for (let r = 0; r < ROUNDS; r++) {
    const parts = [r & 1 ? pSeq : c];
    if (r % 3) parts.push(sSeq);
    if (r % 7) parts.push(pSeq);
    parts.push(r & 1 ? c : pSeq);
    c = digest(v, ...parts);
  }
  return `$${v.id}$${s.toString()}$${encode(v, c)}`;
}

/** A random salt of `size` characters, as Ansible makes them. */
export function randomSalt(size = MAX_SALT): string {
  return Array.from({ length: size }, () => B64[randomInt(B64.length)]).join('');
}

export const SALT_CHARS = /^[./0-9A-Za-z]*$/;
