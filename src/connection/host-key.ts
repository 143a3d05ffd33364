// Host key checking for one connection attempt, with OpenSSH's StrictHostKeyChecking modes:
// strict (yes), accept-new, off (no).
import type { ServerHostKeyAlgorithm } from 'ssh2';
import {
  appendKnownHost,
  fingerprint,
  hostMatches,
  keyTypeOf,
  knownHostsName,
  readKnownHosts,
  type KnownHost,
} from './known-hosts.js';
import { HostUnreachableError } from './errors.js';
import type { ConnectionSettings } from './types.js';

// ssh2's own default order, which the known key types are moved to the front of.
const HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

export class HostKeyCheck {
  /** Why the key was refused, once verify() has said no. */
  refusal: string | undefined;

  private constructor(
    private readonly settings: ConnectionSettings,
    /** The known_hosts name of the host: `address` or `[address]:port`. */
    private readonly name: string,
    /** Entries that name this host, in file order. */
    private readonly entries: KnownHost[],
  ) {}

  static async load(settings: ConnectionSettings): Promise<HostKeyCheck> {
    const name = knownHostsName(settings.address, settings.port);
    const all = settings.hostKeyChecking === 'off' ? [] : await readEntries(settings);
    return new HostKeyCheck(settings, name, all.filter((entry) => hostMatches(entry.hosts, name)));
  }

  /**
   * Host key algorithms to offer, those the host is known by first, as ssh(1) does: otherwise
   * a host known only by its RSA key would offer ed25519 and look unknown.
   */
  algorithms(): ServerHostKeyAlgorithm[] {
    const known = HOST_KEY_ALGORITHMS.filter((algorithm) =>
      this.entries.some((entry) => !entry.revoked && algorithmFits(entry.keyType, algorithm)),
    );
    return [...known, ...HOST_KEY_ALGORITHMS.filter((algorithm) => !known.includes(algorithm))];
  }

  /** ssh2's hostVerifier: whether to trust the key the server offered. */
  async verify(key: Buffer): Promise<boolean> {
    if (this.settings.hostKeyChecking === 'off') return true;
    const revoked = this.entries.find((entry) => entry.revoked && entry.key.equals(key));
    if (revoked) return this.refuse('revoked', key, `is marked @revoked at ${at(revoked)}`);
    const trusted = this.entries.filter((entry) => !entry.revoked);
    if (trusted.some((entry) => entry.key.equals(key))) return true;
    // Known by another key: blame the entry of the same type if there is one.
    const stale = trusted.find((entry) => entry.keyType === keyTypeOf(key)) ?? trusted[0];
    if (stale) {
      const remedy = `ssh-keygen -R '${this.name}' -f ${stale.file}`;
      const why = `does not match the key at ${at(stale)} (a man-in-the-middle, or a reinstalled host: then run ${remedy})`;
      return this.refuse('changed', key, why);
    }
    if (this.settings.hostKeyChecking === 'strict') {
      const files = this.settings.knownHostsFiles.join(', ');
      return this.refuse('unknown', key, `is not in ${files} (strict checking: add it with ssh-keyscan, or use accept-new)`);
    }
    return this.record(key);
  }

  /** accept-new: trust a first-seen key and remember it in the first known_hosts file. */
  private async record(key: Buffer): Promise<boolean> {
    const [file] = this.settings.knownHostsFiles;
    if (file === undefined) return this.refuse('unknown', key, 'cannot be recorded: no known_hosts file is set');
    try {
      await appendKnownHost(file, this.name, key);
      return true;
    } catch (err) {
      return this.refuse('unknown', key, `cannot be recorded in ${file}: ${(err as Error).message}`);
    }
  }

  private refuse(kind: string, key: Buffer, why: string): false {
    const { hostname, address } = this.settings;
    const host = hostname === address ? hostname : `${hostname} (${address})`;
    this.refusal = `${kind} host key for ${host}: the offered ${keyTypeOf(key)} key ${fingerprint(key)} ${why}`;
    return false;
  }
}

async function readEntries(settings: ConnectionSettings): Promise<KnownHost[]> {
  try {
    return await readKnownHosts(settings.knownHostsFiles);
  } catch (err) {
    throw new HostUnreachableError(settings.hostname, 'hostkey', `cannot check host keys: ${(err as Error).message}`);
  }
}

function algorithmFits(keyType: string, algorithm: ServerHostKeyAlgorithm): boolean {
  return keyType === 'ssh-rsa' ? algorithm.startsWith('rsa-sha2-') || algorithm === 'ssh-rsa' : keyType === algorithm;
}

function at(entry: KnownHost): string {
  return `${entry.file}:${entry.line}`;
}
