// The connection layer's public API: how the engine reaches hosts.
export { HostUnreachableError, type UnreachableReason } from './errors.js';
export { ConnectionPool } from './pool.js';
export { connectionSettings, type CliConnectionOptions } from './settings.js';
export type {
  Become,
  Connection,
  ConnectionSettings,
  ExecOptions,
  ExecResult,
  HostKeyChecking,
} from './types.js';
