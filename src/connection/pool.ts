// One connection per host for the whole run, opened on first use, with a bound on how many
// SSH handshakes are in flight and one shared connection per jump host.
import PQueue from 'p-queue';
import { LocalConnection } from './local.js';
import { SshConnection } from './ssh.js';
import type { Connection, ConnectionSettings } from './types.js';

/**
 * sshd's MaxStartups (default 10:30:100) starts dropping connections that have not yet
 * authenticated beyond 10; the limit on our side keeps a large inventory below that.
 */
const DEFAULT_MAX_HANDSHAKES = 10;

export class ConnectionPool {
  private readonly connections = new Map<string, Connection>();
  private readonly jumpHosts = new Map<string, SshConnection>();
  private readonly handshakes: PQueue;

  constructor(options: { maxHandshakes?: number } = {}) {
    this.handshakes = new PQueue({ concurrency: options.maxHandshakes ?? DEFAULT_MAX_HANDSHAKES });
  }

  /**
   * The host's connection (not yet opened), one per way of reaching it (a task's `remote_user`
   * or `connection` may differ from the play's). A lost connection is replaced, so a task can
   * reach a host again after it rebooted.
   */
  get(hostname: string, settings: ConnectionSettings): Connection {
    const key = `${hostname} ${settings.transport} ${route(settings)}`;
    let connection = this.connections.get(key);
    if (!connection || connection.lost) {
      connection = settings.transport === 'local' ? new LocalConnection(hostname) : this.ssh(settings);
      this.connections.set(key, connection);
    }
    return connection;
  }

  /** Closes every connection, targets before the jump hosts they are tunnelled through. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
    // A chain's hops are created outermost first: closing in reverse closes each hop before
    // the one it is tunnelled through.
    for (const jumpHost of [...this.jumpHosts.values()].reverse()) await jumpHost.close();
    this.connections.clear();
    this.jumpHosts.clear();
  }

  private ssh(settings: ConnectionSettings): SshConnection {
    return new SshConnection(settings, {
      via: settings.jump && this.jumpHost(settings.jump),
      limitHandshakes: (task) => this.handshakes.add(task),
    });
  }

  /** Targets behind the same bastion (same user, address, port and route) share its connection. */
  private jumpHost(settings: ConnectionSettings): SshConnection {
    const key = route(settings);
    let jumpHost = this.jumpHosts.get(key);
    if (!jumpHost) {
      jumpHost = this.ssh(settings);
      this.jumpHosts.set(key, jumpHost);
    }
    return jumpHost;
  }
}

function route(settings: ConnectionSettings): string {
  const hop = `${settings.user}@${settings.address}:${settings.port}`;
  return settings.jump ? `${route(settings.jump)},${hop}` : hop;
}
