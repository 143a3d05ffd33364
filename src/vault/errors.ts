// The one error a vault problem becomes: a missing or wrong password, an
// unknown vault id, or vaulted text that is damaged. It names the file (and,
// for an inline `!vault` value, the line) and never the password.
import type { Location } from '../errors.js';
import { MosipPlayError } from '../errors.js';

export class VaultError extends MosipPlayError {}

/**
 * Where vaulted text came from: a whole file, by name (the error names it;
 * quoting its first line, the vault header, would tell nothing), or an
 * inline value, by file, line and column.
 */
export type VaultSource = string | Location;

export function vaultError(message: string, where: VaultSource, hint?: string): VaultError {
  return typeof where === 'string' ? new VaultError(`${where}: ${message}`, undefined, hint) : new VaultError(message, where, hint);
}
