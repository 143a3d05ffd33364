// The vault passwords of one run, each under its vault id (label): which one
// opens a vaulted value, which one encrypts, and the one clear error when
// none fits. Loading them from files, scripts and prompts is in sources.ts.
import { seal, unseal } from './crypto.js';
import type { VaultSource } from './errors.js';
import { VaultError, vaultError } from './errors.js';
import { DEFAULT_VAULT_ID, formatEnvelope, parseEnvelope } from './format.js';
import { KeyCache, newSalt } from './keys.js';

export interface VaultSecret {
  /** The vault id (label); `default` when none was given. */
  id: string;
  password: Buffer;
  /** Where it came from, for messages: a file, `prompt` or an environment variable. Never the password. */
  source: string;
}

export interface Opened {
  plaintext: Buffer;
  /** The password that opened it and the vault id of its header: `edit` re-encrypts with both. */
  secret: VaultSecret;
  vaultId: string;
}

const PASSWORD_HINT =
  'give the password with --vault-password-file FILE, --vault-id LABEL@FILE, --ask-vault-pass or MOSIP_PLAY_VAULT_PASSWORD';

export class VaultSecrets {
  readonly keys = new KeyCache();
  private readonly listeners = new Set<(plaintext: string) => void>();

  constructor(readonly list: readonly VaultSecret[] = []) {}

  /** `listener` hears every plaintext the run takes out of the vault, so output can mask it. Returns the way to stop. */
  onDecrypt(listener: (plaintext: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notifyDecrypted(plaintext: string): void {
    for (const listener of this.listeners) listener(plaintext);
  }

  /** Decrypts vaulted text; `where` is the file (and line, for an inline value) that every error names. */
  open(vaulttext: string, where: VaultSource): Opened {
    const { vaultId, payload } = parseEnvelope(vaulttext, where);
    if (this.list.length === 0) throw vaultError('this is vault-encrypted, but no vault password was given', where, PASSWORD_HINT);
    for (const secret of this.candidates(vaultId)) {
      const plaintext = unseal(payload, this.keys.keysFor(secret.password, payload.salt), where);
      if (plaintext) return { plaintext, secret, vaultId };
    }
    throw this.noneFits(vaultId, where);
  }

  /** Always under a fresh salt: see src/vault/keys.ts for why a salt is never shared. */
  encrypt(plaintext: Buffer | string, secret: VaultSecret, vaultId = secret.id): string {
    const salt = newSalt();
    return formatEnvelope(seal(Buffer.from(plaintext), this.keys.keysFor(secret.password, salt), salt), vaultId);
  }

  /** As Ansible chooses: the only password, or the one --encrypt-vault-id names. */
  forEncryption(encryptVaultId?: string): VaultSecret {
    if (this.list.length === 0) throw new VaultError('a vault password is needed to encrypt', undefined, PASSWORD_HINT);
    if (encryptVaultId !== undefined) {
      const found = this.list.find((s) => s.id === encryptVaultId);
      if (!found) throw new VaultError(`--encrypt-vault-id ${encryptVaultId}: no vault password has that id (there are: ${this.ids()})`);
      return found;
    }
    if (this.list.length > 1) {
      throw new VaultError(`several vault passwords were given (${this.ids()}): say which one encrypts with --encrypt-vault-id`);
    }
    return this.list[0]!;
  }

  /** As Ansible tries them: the passwords labelled with the envelope's vault id first, then all the others. */
  private candidates(vaultId: string): VaultSecret[] {
    return [...this.list.filter((s) => s.id === vaultId), ...this.list.filter((s) => s.id !== vaultId)];
  }

  private noneFits(vaultId: string, where: VaultSource): VaultError {
    const tried = this.list.map((s) => `${s.id} from ${s.source}`).join(', ');
    if (vaultId !== DEFAULT_VAULT_ID && !this.list.some((s) => s.id === vaultId)) {
      return vaultError(
        `cannot decrypt: it was encrypted with vault id '${vaultId}', no password was given for that id, and the others (${tried}) do not open it`,
        where,
        `add --vault-id ${vaultId}@FILE`,
      );
    }
    return vaultError(`cannot decrypt: wrong vault password (tried ${tried})`, where);
  }

  private ids(): string {
    return this.list.map((s) => s.id).join(', ');
  }
}
