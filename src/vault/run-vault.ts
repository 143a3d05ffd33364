// The vault of this run. Every loader that reads YAML (inventories,
// group_vars/host_vars, playbooks, task files, role vars, vars_files, -e @file)
// reads through here, so a vaulted file or `!vault` value anywhere is
// decrypted with the run's passwords, and every plaintext is registered as a
// secret that all output masks.
import type { PlaybookError } from '../errors.js';
import { secrets } from '../secrets/registry.js';
import type { VaultSecrets } from './secrets.js';
import { VaultSecrets as Secrets } from './secrets.js';
import { decryptTree, loadMaybeEncrypted } from './tree.js';

let current: VaultSecrets = new Secrets();

/** Called once by the CLI with the passwords it was given. */
export function useVault(vault: VaultSecrets): void {
  current = vault;
  vault.onDecrypt((plaintext) => secrets.add(plaintext));
}

export function loadYaml(file: string, ErrorClass?: typeof PlaybookError): unknown {
  return loadMaybeEncrypted(file, current, ErrorClass);
}

/** For YAML parsed from text the caller already read (`!vault` values inside it). */
export function decrypted(value: unknown, file: string): unknown {
  return decryptTree(value, current, file);
}
