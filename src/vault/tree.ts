// Vaulted data in loaded YAML: inline `!vault |` values anywhere in a tree,
// and whole files encrypted with `vault encrypt` (vars files, group_vars,
// host_vars, secrets.yml). Every plaintext taken out is announced through
// VaultSecrets.onDecrypt, so output can mask it.
import { readFileSync } from 'node:fs';
import { PlaybookError } from '../errors.js';
import { locate, parseYaml } from '../yaml/load.js';
import type { VaultSource } from './errors.js';
import { isVaulted } from './format.js';
import type { VaultSecrets } from './secrets.js';
import { VaultedValue } from './value.js';

/**
 * Replaces every VaultedValue in `value` by its plaintext string, in place,
 * so that the positions the YAML loader recorded stay attached. Returns the
 * value (the plaintext itself when `value` is a VaultedValue). Errors name
 * `file` and the line of the value.
 */
export function decryptTree(value: unknown, secrets: VaultSecrets, file: string): unknown {
  return decryptNode(value, secrets, file, new Set());
}

/**
 * A YAML file that may be encrypted as a whole, may hold inline `!vault`
 * values, or both. Each string or number in an encrypted file is announced
 * as a plaintext: those are the values to mask, not the file as a whole.
 */
export function loadMaybeEncrypted(file: string, secrets: VaultSecrets, ErrorClass: typeof PlaybookError = PlaybookError): unknown {
  const text = readText(file, ErrorClass);
  if (!isVaulted(text)) return decryptTree(parseYaml(text, file, ErrorClass), secrets, file);
  const plaintext = secrets.open(text, file).plaintext.toString('utf8');
  // Positions in the plaintext are not lines of the file on disk; the suffix keeps
  // error messages from quoting the encrypted file's line as if it were the source.
  const doc = decryptTree(parseYaml(plaintext, `${file} (decrypted)`, ErrorClass), secrets, file);
  announceLeaves(doc, secrets);
  return doc;
}

function decryptNode(value: unknown, secrets: VaultSecrets, where: VaultSource, seen: Set<object>): unknown {
  if (value instanceof VaultedValue) {
    const plaintext = secrets.open(value.ciphertext, where).plaintext.toString('utf8');
    secrets.notifyDecrypted(plaintext);
    return plaintext;
  }
  if (!isContainer(value) || seen.has(value)) return value;
  seen.add(value); // YAML aliases share nodes; each is opened once
  const record = value as Record<string | number, unknown>;
  for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
    record[key] = decryptNode(record[key], secrets, locate(value, key) ?? where, seen);
  }
  return value;
}

function announceLeaves(value: unknown, secrets: VaultSecrets): void {
  if (typeof value === 'string' || typeof value === 'number') secrets.notifyDecrypted(String(value));
  else if (isContainer(value)) for (const v of Object.values(value)) announceLeaves(v, secrets);
}

/** Arrays and plain mappings: what YAML builds and what can hold a vaulted value. */
function isContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function readText(file: string, ErrorClass: typeof PlaybookError): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ErrorClass(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
