// Which credentials to offer a host, in ssh(1)'s order, and how to name them in an error
// (by file and method, never by content).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type AnyAuthMethod, type ParsedKey } from 'ssh2';
import type { ConnectionSettings } from './types.js';

export interface Credentials {
  /** ssh2's authHandler list, tried in order. */
  methods: AnyAuthMethod[];
  /** What was offered, for "authentication failed … (tried …)". */
  tried: string[];
}

// OpenSSH's default IdentityFile list, without the FIDO (-sk) keys ssh2 cannot use.
const DEFAULT_KEY_FILES = ['id_rsa', 'id_ecdsa', 'id_ed25519'];

/**
 * An explicit key file first (its problems are reported), then ssh-agent, then, only when no
 * key file was given, the default ~/.ssh/id_* keys that exist and need no passphrase, then
 * the password.
 */
export async function credentials(settings: ConnectionSettings): Promise<Credentials> {
  const username = settings.user;
  const found: Credentials = { methods: [], tried: [] };
  if (settings.privateKeyFile !== undefined) {
    const key = await loadKey(settings.privateKeyFile);
    if (typeof key === 'string') found.tried.push(`key ${settings.privateKeyFile} (${key})`);
    else offer(found, `key ${settings.privateKeyFile}`, { type: 'publickey', username, key });
  }
  const agent = process.env['SSH_AUTH_SOCK'];
  if (agent) offer(found, 'ssh-agent', { type: 'agent', username, agent });
  if (settings.privateKeyFile === undefined) {
    for (const file of DEFAULT_KEY_FILES.map((name) => join(homedir(), '.ssh', name))) {
      const key = await loadKey(file);
      if (typeof key !== 'string') offer(found, `key ${file}`, { type: 'publickey', username, key });
    }
  }
  if (settings.password !== undefined) {
    offer(found, 'password', { type: 'password', username, password: settings.password });
  }
  return found;
}

function offer(found: Credentials, description: string, method: AnyAuthMethod): void {
  found.methods.push(method);
  found.tried.push(description);
}

/** The private key in `file`, or why it cannot be used. */
async function loadKey(file: string): Promise<ParsedKey | string> {
  let text: Buffer;
  try {
    text = await readFile(file);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
  }
  const parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error) {
    return /encrypted|passphrase/i.test(parsed.message)
      ? 'encrypted: load it into ssh-agent, mosip-play never prompts for a passphrase'
      : 'not a private key ssh2 can read';
  }
  // OpenSSH's key format can hold several keys; ssh2 uses the first, as ssh does.
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  return key.isPrivateKey() ? key : 'not a private key';
}
