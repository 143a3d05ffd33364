// What net and ssh2 throw while connecting, turned into HostUnreachableError with a reason
// and a message a user can act on. Messages name hosts, users, ports and key files, never a
// password or key material.
import { HostUnreachableError, type UnreachableReason } from './errors.js';
import type { ConnectionSettings } from './types.js';

type NodeOrSsh2Error = Error & { code?: string; level?: string };

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is sshd listening on that port?)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'unknown host name',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset by the host',
};

/** The unreachable error for a failed connection attempt to `settings`. */
export function connectError(settings: ConnectionSettings, tried: readonly string[], error: unknown): HostUnreachableError {
  if (error instanceof HostUnreachableError) return error;
  const [reason, message] = classify(error as NodeOrSsh2Error, settings, tried);
  return new HostUnreachableError(settings.hostname, reason, message);
}

function classify(err: NodeOrSsh2Error, settings: ConnectionSettings, tried: readonly string[]): [UnreachableReason, string] {
  const { user, address, port } = settings;
  if (err.level === 'client-authentication') {
    const offered = tried.join(', ') || 'nothing: no key file, ssh-agent or password';
    return ['auth', `authentication failed for ${user}@${address} (tried ${offered})`];
  }
  if (err.code === 'ETIMEDOUT' || err.level === 'client-timeout') {
    return ['timeout', `timed out after ${settings.connectTimeoutMs / 1000} s connecting to ${address}:${port}`];
  }
  return ['network', `cannot connect to ${address}:${port}: ${describe(err)}`];
}

/** An error raised while the connection was up: the host is gone for this run. */
export function lostError(hostname: string, error: unknown): HostUnreachableError {
  const why = error ? describe(error as NodeOrSsh2Error) : 'closed by the host';
  return new HostUnreachableError(hostname, 'closed', `connection to ${hostname} lost: ${why}`);
}

function describe(err: NodeOrSsh2Error): string {
  return (err.code && NETWORK_ERRORS[err.code]) || err.message;
}
