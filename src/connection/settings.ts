// Ansible's connection variables, and the ssh options Ansible users hide in
// ansible_ssh_common_args / ansible_ssh_extra_args, turned into ConnectionSettings.
//
// Precedence follows Ansible: inventory variables beat command-line options (`-u` is the
// lowest-precedence "variable" in Ansible's table), and Ansible's own `-o` options come before
// the user's ssh args on the ssh command line, where the first value of an option wins.
import { homedir, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { InventoryError } from '../errors.js';
import { parseSshArgs, type SshArgs } from './ssh-args.js';
import type { ConnectionSettings, HostKeyChecking } from './types.js';

/** The connection options a user can give on the command line. */
export interface CliConnectionOptions {
  user?: string;
  privateKeyFile?: string;
  hostKeyChecking?: HostKeyChecking;
  timeoutSec?: number;
}

/** Ansible's `timeout` default (ssh's ConnectTimeout). */
const DEFAULT_TIMEOUT_SEC = 10;

export function connectionSettings(
  hostname: string,
  vars: Record<string, unknown>,
  cli: CliConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionSettings {
  const host = new HostVars(hostname, vars);
  // Ansible puts the common args before the extra args, and ssh takes the first value.
  const args = { ...host.sshArgs('ansible_ssh_extra_args'), ...host.sshArgs('ansible_ssh_common_args') };
  // What a jump host shares with its target: how keys are checked and which key to offer.
  const shared = {
    privateKeyFile: optionalPath(
      host.string('ansible_ssh_private_key_file', 'ansible_private_key_file') ?? cli.privateKeyFile ?? args.identityFile,
    ),
    hostKeyChecking: cli.hostKeyChecking ?? envHostKeyChecking(env) ?? args.strictHostKeyChecking ?? 'strict',
    knownHostsFiles: (args.userKnownHostsFile ?? '~/.ssh/known_hosts').split(/\s+/).filter(Boolean).map(expandPath),
    connectTimeoutMs: 1000 * (host.seconds('ansible_ssh_timeout') ?? cli.timeoutSec ?? DEFAULT_TIMEOUT_SEC),
  };
  const jump = host.string('ansible_ssh_jump') ?? args.proxyJump;
  return {
    hostname,
    transport: host.transport(),
    address: host.string('ansible_host', 'ansible_ssh_host') ?? hostname,
    port: host.port('ansible_port', 'ansible_ssh_port') ?? (args.port ? host.portFrom('-o Port', args.port) : 22),
    user: host.string('ansible_user', 'ansible_ssh_user') ?? cli.user ?? args.user ?? localUser(),
    password: host.string('ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password'),
    jump: jump === undefined || jump === 'none' ? undefined : jumpChain(host, jump, shared),
    ...shared,
  };
}

/**
 * `[user@]host[:port][,...]` as ProxyJump takes it: hops are connected in order, so the
 * last hop is the one the target is reached through. A hop's user defaults to the local
 * user, as with ssh -J (its login is ssh's business, not the target's ansible_user).
 */
function jumpChain(
  host: HostVars,
  spec: string,
  shared: Pick<ConnectionSettings, 'privateKeyFile' | 'hostKeyChecking' | 'knownHostsFiles' | 'connectTimeoutMs'>,
): ConnectionSettings | undefined {
  return spec.split(',').reduce<ConnectionSettings | undefined>((via, hop) => {
    const match = /^(?:ssh:\/\/)?(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hop.trim());
    if (!match?.[2]) throw host.invalid('jump host', JSON.stringify(hop), 'user@host:port');
    const address = match[2].replace(/^\[(.*)\]$/, '$1');
    const port = match[3] ? host.portFrom('jump host port', match[3]) : 22;
    return { hostname: address, transport: 'ssh', address, port, user: match[1] ?? localUser(), jump: via, ...shared };
  }, undefined);
}

/** The user OpenSSH logs in as when none is given. */
function localUser(): string {
  return userInfo().username;
}

/** ANSIBLE_HOST_KEY_CHECKING=False turns checking off, as it does for Ansible. */
function envHostKeyChecking(env: NodeJS.ProcessEnv): HostKeyChecking | undefined {
  const value = env['ANSIBLE_HOST_KEY_CHECKING']?.trim().toLowerCase();
  return value !== undefined && ['false', 'no', 'n', 'f', 'off', '0'].includes(value) ? 'off' : undefined;
}

function optionalPath(path: string | undefined): string | undefined {
  return path === undefined ? undefined : expandPath(path);
}

/** `~` and `~/...` are the local home directory, as ssh and Ansible expand them. */
function expandPath(path: string): string {
  return resolve(path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path);
}

/** One host's variables, read with the type checks and messages an inventory author needs. */
class HostVars {
  constructor(
    private readonly hostname: string,
    private readonly vars: Record<string, unknown>,
  ) {}

  /** The first of `names` that is set (later names are Ansible's older aliases). */
  string(...names: string[]): string | undefined {
    for (const name of names) {
      const value = this.vars[name];
      if (value === undefined || value === null) continue;
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      // Only the type: the value may be a password.
      throw this.invalid(name, typeof value, 'a string');
    }
    return undefined;
  }

  sshArgs(name: string): SshArgs {
    try {
      return parseSshArgs(this.string(name) ?? '');
    } catch (err) {
      throw this.invalid(name, (err as Error).message, 'ssh options as a shell would split them');
    }
  }

  port(...names: string[]): number | undefined {
    const value = this.string(...names);
    return value === undefined ? undefined : this.portFrom(names[0] ?? '', value);
  }

  portFrom(name: string, value: string): number {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw this.invalid(name, JSON.stringify(value), 'a port number');
    return port;
  }

  seconds(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const seconds = Number(value);
    if (!(seconds > 0)) throw this.invalid(name, JSON.stringify(value), 'a number of seconds');
    return seconds;
  }

  transport(): ConnectionSettings['transport'] {
    const connection = this.string('ansible_connection') ?? 'ssh';
    if (['ssh', 'smart', 'paramiko', 'paramiko_ssh'].includes(connection)) return 'ssh';
    if (connection === 'local') return 'local';
    throw this.invalid('ansible_connection', JSON.stringify(connection), 'ssh or local (the connections mosip-play has)');
  }

  invalid(name: string, got: string, expected: string): InventoryError {
    return new InventoryError(`host ${this.hostname}: ${name} must be ${expected}, got ${got}`);
  }
}
