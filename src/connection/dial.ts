// The byte stream an SSH session runs over: a TCP socket of our own (so it can be tuned
// before ssh2 sees it), or a channel forwarded by a jump host.
import { connect, type Socket } from 'node:net';

/** TCP keepalive, so a NAT or firewall in between does not forget an idle session. */
const TCP_KEEPALIVE_MS = 15_000;

export function tcpConnect(address: string, port: number, timeoutMs: number): Promise<Socket> {
  const socket = connect({ host: address, port });
  // Without this, Nagle's algorithm meets delayed ACKs and every short exec waits ~40 ms
  // (node-ssh pitfall 5: 44 ms → 2-3 ms per sequential exec).
  socket.setNoDelay(true);
  socket.setKeepAlive(true, TCP_KEEPALIVE_MS);
  const connected = new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    // Stays attached until ssh2 adds its own: an error in between must not crash the process.
    socket.once('error', reject);
  });
  return deadline(connected, timeoutMs, () => socket.destroy());
}

/**
 * `work`, or an ETIMEDOUT error once `ms` have passed, after `abandon` has cleaned up
 * whatever the work would still produce.
 */
export function deadline<T>(work: Promise<T>, ms: number, abandon: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandon();
      reject(Object.assign(new Error(`timed out after ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
