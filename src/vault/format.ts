// Ansible Vault's text format (ansible/parsing/vault/__init__.py):
//
//   $ANSIBLE_VAULT;1.1;AES256            (or 1.2;AES256;<vault-id>)
//   hex( hex(salt) \n hex(hmac) \n hex(ciphertext) ), wrapped at 80 columns
//
// The double hex encoding is redundant, but it is the format: Ansible reads
// nothing else. Only the AES256 cipher of versions 1.1 and 1.2 exists today;
// 1.0 (cipher "AES") was retired years ago.
import type { VaultSource } from './errors.js';
import { vaultError } from './errors.js';

export const VAULT_HEADER = '$ANSIBLE_VAULT';
/** The vault id of a password given without a label, and of every 1.1 envelope. */
export const DEFAULT_VAULT_ID = 'default';
const CIPHER = 'AES256';
const WIDTH = 80;

/** What the cipher needs: the salt its keys derive from, the HMAC to check, the ciphertext. */
export interface Payload {
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

export interface Envelope {
  /** The label of the password it was encrypted with; `default` for 1.1. */
  vaultId: string;
  payload: Payload;
}

/** Ansible's own test: the text starts with the header, nothing before it. */
export function isVaulted(text: string): boolean {
  return text.startsWith(VAULT_HEADER);
}

export function parseEnvelope(text: string, where: VaultSource): Envelope {
  const [head = '', ...body] = text.split(/\r?\n/);
  const [magic, version, cipher, vaultId] = head.trim().split(';').map((s) => s.trim());
  if (magic !== VAULT_HEADER) throw vaultError('not vault-encrypted: the text does not start with $ANSIBLE_VAULT', where);
  if (version !== '1.1' && version !== '1.2') {
    throw vaultError(`vault format ${version ?? '(none)'} is not supported (only 1.1 and 1.2)`, where, 'rekey the file with a current ansible-vault');
  }
  if (cipher !== CIPHER) throw vaultError(`vault cipher ${cipher ?? '(none)'} is not supported (only ${CIPHER})`, where);
  const inner = unhex(body.map((l) => l.trim()).join(''), where).toString('latin1');
  const [salt, hmac, ciphertext] = splitThree(inner, where).map((h) => unhex(h, where)) as [Buffer, Buffer, Buffer];
  return { vaultId: vaultId || DEFAULT_VAULT_ID, payload: { salt, hmac, ciphertext } };
}

/** As ansible-vault writes it: 1.2 with the id unless the id is `default`, then 1.1. */
export function formatEnvelope(payload: Payload, vaultId: string): string {
  const head = vaultId === DEFAULT_VAULT_ID ? `${VAULT_HEADER};1.1;${CIPHER}` : `${VAULT_HEADER};1.2;${CIPHER};${vaultId}`;
  const inner = [payload.salt, payload.hmac, payload.ciphertext].map((b) => b.toString('hex')).join('\n');
  const hex = Buffer.from(inner, 'latin1').toString('hex');
  const lines = [head];
  for (let i = 0; i < hex.length; i += WIDTH) lines.push(hex.slice(i, i + WIDTH));
  return `${lines.join('\n')}\n`;
}

function splitThree(inner: string, where: VaultSource): string[] {
  const first = inner.indexOf('\n');
  const second = inner.indexOf('\n', first + 1);
  if (first < 0 || second < 0) throw vaultError('damaged vault data: salt, HMAC and ciphertext are not all there', where);
  return [inner.slice(0, first), inner.slice(first + 1, second), inner.slice(second + 1)];
}

/** Buffer.from(s, 'hex') silently stops at the first bad digit; a damaged vault must not. */
function unhex(s: string, where: VaultSource): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(s)) throw vaultError('damaged vault data: it is not hexadecimal', where);
  return Buffer.from(s, 'hex');
}
