// One SSH connection to one host, opened on first use and shared by every task that runs
// there. Built on ssh2 directly: node-ssh's exec wrapper has the pitfalls of deps.md §4
// (chunk-wise decoding, trimming, `cd X ; cmd`, dropping its error listener after connect).
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { credentials } from './auth.js';
import { connectError, lostError } from './classify.js';
import { commandLine, hideSecrets, scriptArgv } from './command.js';
import { deadline, tcpConnect } from './dial.js';
import { HostUnreachableError } from './errors.js';
import { HostKeyCheck } from './host-key.js';
import { OutputCollector } from './output.js';
import type { Connection, ConnectionSettings, ExecOptions, ExecResult } from './types.js';

// A dead host is noticed after about a minute of silence, a live but idle one is left alone.
const KEEPALIVE_INTERVAL_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 3;
// sshd's MaxSessions is 10 by default and frees a slot slightly after the client has seen
// the channel close: 10 at once still failed now and then, 8 never did (deps.md §4).
const MAX_CHANNELS = 8;
// A refused channel (a slot freed late, or a host with a lower MaxSessions) is retried after
// 40, 80, ... 640 ms.
const CHANNEL_RETRIES = 5;
const CHANNEL_RETRY_MS = 20;
/** How long close() waits for the host to acknowledge the disconnect before dropping the socket. */
const CLOSE_GRACE_MS = 1_000;

/** Runs a task when a slot is free: the pool's bound on concurrent handshakes. */
type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export interface SshConnectionOptions {
  /** The jump host this host is reached through (settings.jump), shared by the pool. */
  via?: SshConnection;
  limitHandshakes?: Limiter;
}

/** An established session: the ssh2 client and the stream under it. */
interface Session {
  client: Client;
  stream: Duplex;
  closed: Promise<void>;
}

export class SshConnection implements Connection {
  readonly hostname: string;
  private opening: Promise<Session> | undefined;
  /** Set once the connection is lost or closed; every later exec fails with it. */
  private ended: HostUnreachableError | undefined;
  private readonly channels = new PQueue({ concurrency: MAX_CHANNELS });

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly options: SshConnectionOptions = {},
  ) {
    this.hostname = settings.hostname;
  }

  get lost(): boolean {
    return this.ended !== undefined;
  }

  async open(): Promise<void> {
    await this.session();
  }

  async exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { client } = await this.session();
    const hidden = hideSecrets(script, options.stdin);
    const command = commandLine(scriptArgv(hidden.script, options.become, this.settings.user, options.timeLimit));
    return this.channels.add(() => this.run(client, command, { ...options, stdin: hidden.stdin }));
  }

  /** A stream to address:port opened from this host: what ProxyJump tunnels a target through. */
  async forwardOut(address: string, port: number, timeoutMs: number): Promise<ClientChannel> {
    const { client } = await this.session();
    const channel = new Promise<ClientChannel>((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, address, port, (err, stream) => (err ? reject(err) : resolve(stream)));
    });
    return deadline(channel, timeoutMs, () => void channel.then((stream) => stream.destroy(), () => undefined));
  }

  async close(): Promise<void> {
    this.ended ??= new HostUnreachableError(this.hostname, 'closed', `connection to ${this.hostname} was closed`);
    const session = await this.opening?.catch(() => undefined);
    if (!session) return;
    session.client.end();
    await Promise.race([session.closed, sleep(CLOSE_GRACE_MS, undefined, { ref: false })]);
    session.stream.destroy();
  }

  /** The open session; the first caller opens it and concurrent callers share the handshake. */
  private session(): Promise<Session> {
    if (this.ended) return Promise.reject(this.ended);
    this.opening ??= this.connect().catch((err: unknown) => {
      this.opening = undefined; // a later task may try again
      throw err;
    });
    return this.opening;
  }

  private async connect(): Promise<Session> {
    const { settings } = this;
    const hostKeys = await HostKeyCheck.load(settings);
    const { methods, tried } = await credentials(settings);
    // Outside the handshake limit: a target waiting there for its bastion would deadlock.
    await this.openVia();
    const limit = this.options.limitHandshakes ?? ((task) => task());
    return limit(async () => {
      const stream = await this.dial().catch((err: unknown) => {
        throw connectError(settings, tried, err);
      });
      const client = new Client();
      try {
        await handshake(client, {
          sock: stream,
          username: settings.user,
          authHandler: methods,
          hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => void hostKeys.verify(key).then(verify),
          algorithms: { serverHostKey: hostKeys.algorithms() },
          readyTimeout: settings.connectTimeoutMs,
          keepaliveInterval: KEEPALIVE_INTERVAL_MS,
          keepaliveCountMax: KEEPALIVE_COUNT_MAX,
        });
      } catch (err) {
        stream.destroy();
        if (hostKeys.refusal) throw new HostUnreachableError(this.hostname, 'hostkey', hostKeys.refusal);
        throw connectError(settings, tried, err);
      }
      return this.watch(client, stream);
    });
  }

  private async openVia(): Promise<void> {
    const { via } = this.options;
    try {
      await via?.open();
    } catch (err) {
      const { reason, message } = err as HostUnreachableError;
      throw new HostUnreachableError(this.hostname, reason, `through jump host: ${message}`);
    }
  }

  private dial(): Promise<Duplex> {
    const { address, port, connectTimeoutMs } = this.settings;
    const { via } = this.options;
    return via ? via.forwardOut(address, port, connectTimeoutMs) : tcpConnect(address, port, connectTimeoutMs);
  }

  /**
   * From here on an error or close means the host is gone: ssh2 emits them long after
   * connect (keepalive timeout, reset), and an unhandled 'error' would crash the process
   * (node-ssh pitfall 1). Pending channels then close, and their execs fail with `ended`.
   */
  private watch(client: Client, stream: Duplex): Session {
    let cause: unknown;
    client.on('error', (err) => (cause ??= err));
    // Synchronously: ssh2 closes the pending channels right after emitting 'close'.
    const closed = new Promise<void>((resolve) => {
      client.once('close', () => {
        this.ended ??= lostError(this.hostname, cause);
        resolve();
      });
    });
    return { client, stream, closed };
  }

  private async run(client: Client, command: string, options: ExecOptions): Promise<ExecResult> {
    const channel = await this.openChannel(client, command);
    const output = new OutputCollector(options.onOutput);
    output.listen('stdout', channel);
    output.listen('stderr', channel.stderr);
    const closed = once(channel, 'close') as Promise<[number | null | undefined, string | undefined]>;
    channel.end(options.stdin);
    const [[code, signal]] = await Promise.all([closed, finished(channel.stderr).catch(() => undefined)]);
    // A channel that closes without any exit status is one the lost connection tore down.
    if (code === undefined && this.ended) throw this.ended;
    return output.result({ code, signal });
  }

  private async openChannel(client: Client, command: string): Promise<ClientChannel> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await execChannel(client, command);
      } catch (err) {
        if (this.ended) throw this.ended;
        const message = (err as Error).message;
        if (attempt > CHANNEL_RETRIES || !message.includes('Channel open failure')) {
          throw new HostUnreachableError(this.hostname, 'closed', `${this.hostname} refused a session: ${message}`);
        }
        await sleep(CHANNEL_RETRY_MS * 2 ** attempt);
      }
    }
  }
}

function handshake(client: Client, config: ConnectConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('ready', resolve);
    // `on`, not `once`: a failing handshake can emit several errors (a reset, then
    // "Connection lost before handshake"), and an unheard one would crash the process.
    client.on('error', reject);
    client.once('close', () => reject(new Error('connection closed during the SSH handshake')));
    client.connect(config);
  });
}

function execChannel(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel)));
  });
}
