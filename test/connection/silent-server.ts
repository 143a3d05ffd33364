// A TCP server on loopback that accepts connections and never says a word: an sshd that
// hangs before its banner.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface SilentServer {
  port: number;
  /** How many connections it has accepted so far. */
  accepted(): number;
  close(): void;
}

export async function silentServer(): Promise<SilentServer> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => sockets.length,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      server.close();
    },
  };
}
