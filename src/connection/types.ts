// How the engine talks to a host, whatever the transport (ssh2 or local).

/** Privilege escalation for one command (`become`). Only sudo, non-interactive. */
export interface Become {
  user: string;
}

export interface ExecOptions {
  /** Bytes written to the command's standard input, then closed. */
  stdin?: string | Buffer;
  become?: Become;
  /** Called with each raw chunk as it arrives (for progress / -v streaming). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  /**
   * Seconds after which the host's coreutils `timeout` ends the command and every process it
   * started (a task's `timeout`): a hung command must not keep running, or holding a lock, after
   * the task was reported failed.
   */
  timeLimit?: number;
}

export interface ExecResult {
  /** Exit code; 255 when the remote side gave none (killed by a signal). */
  rc: number;
  /** Whole output, decoded once as UTF-8, never trimmed. */
  stdout: string;
  stderr: string;
}

export interface Connection {
  /** The inventory name of the host this connection reaches. */
  readonly hostname: string;
  /** Open the transport; idempotent. Throws HostUnreachableError. */
  open(): Promise<void>;
  /**
   * Run a POSIX sh script (`/bin/sh -c SCRIPT`, under `sudo -n` for become) on the host,
   * opening the connection first if needed. A non-zero exit, including sudo refusing, is a
   * result, not an error; losing the host throws HostUnreachableError.
   */
  exec(script: string, options?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
  /** True once the transport was lost or closed: the pool then opens a fresh one (after a reboot). */
  readonly lost?: boolean;
}

export type HostKeyChecking = 'strict' | 'accept-new' | 'off';

/** Everything needed to reach one host, derived from its inventory variables and the CLI. */
export interface ConnectionSettings {
  hostname: string;
  transport: 'ssh' | 'local';
  address: string;
  port: number;
  user: string;
  privateKeyFile?: string;
  password?: string;
  /** A bastion to tunnel through (ProxyJump), itself reached with these settings. */
  jump?: ConnectionSettings;
  hostKeyChecking: HostKeyChecking;
  /** known_hosts files to check against; the first one is where accept-new records keys. */
  knownHostsFiles: string[];
  connectTimeoutMs: number;
}
