// OpenSSH known_hosts files, read and appended the way ssh(1) does: ssh2 reads none itself.
// Format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): [@marker] hostpatterns keytype base64 [comment].
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface KnownHost {
  file: string;
  /** 1-based, for messages that point at a stale entry. */
  line: number;
  /** `@revoked`: this key must never be accepted for the hosts it names. */
  revoked: boolean;
  /** The host field: comma-separated patterns, or one hashed `|1|salt|hash` name. */
  hosts: string;
  keyType: string;
  /** The public key blob in SSH wire format, as ssh2 hands it to hostVerifier. */
  key: Buffer;
}

/** The name ssh(1) looks a host up by: `host` on port 22, `[host]:port` on any other. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** Every usable entry of the files, in order; a missing file has none. */
export async function readKnownHosts(files: readonly string[]): Promise<KnownHost[]> {
  const texts = await Promise.all(files.map((file) => readIfExists(file)));
  return texts.flatMap((text, i) => parseKnownHosts(text, files[i] ?? ''));
}

export function parseKnownHosts(text: string, file: string): KnownHost[] {
  const entries: KnownHost[] = [];
  text.split('\n').forEach((raw, i) => {
    const entry = parseLine(raw.trim(), file, i + 1);
    if (entry) entries.push(entry);
  });
  return entries;
}

function parseLine(text: string, file: string, line: number): KnownHost | undefined {
  if (text === '' || text.startsWith('#')) return undefined;
  const fields = text.split(/\s+/);
  const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
  // Host certificates are not supported (ssh2 cannot verify them), so CA lines are skipped.
  if (marker !== undefined && marker !== '@revoked') return undefined;
  const [hosts, keyType, base64] = fields;
  if (hosts === undefined || keyType === undefined || base64 === undefined) return undefined;
  return { file, line, revoked: marker === '@revoked', hosts, keyType, key: Buffer.from(base64, 'base64') };
}

/** Whether the entry's host field names `name` (`host` or `[host]:port`), as ssh(1) matches it. */
export function hostMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) return hashedNameMatches(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    // A matching negated pattern excludes the host from the whole line.
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `|1|salt|hash`: hash = HMAC-SHA1 of the name keyed by salt (ssh-keygen -H). */
function hashedNameMatches(hosts: string, name: string): boolean {
  const [, , salt, hash] = hosts.split('|');
  if (salt === undefined || hash === undefined) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** OpenSSH host patterns: `*` and `?` wildcards, case-insensitive. */
function globMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** The fingerprint as `ssh-keygen -lf` prints it: SHA256, base64 without padding. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type a wire-format blob starts with (a uint32 length, then the name). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  return key.subarray(4, 4 + key.readUInt32BE(0)).toString('latin1');
}

/** Records a key the way `ssh -o StrictHostKeyChecking=accept-new` does (unhashed). */
export async function appendKnownHost(file: string, name: string, key: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const existing = await readIfExists(file);
  // Never glue the new entry onto a last line that lacks its newline.
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${separator}${name} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
