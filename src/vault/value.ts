// What the YAML loader makes of `!vault |`: the ciphertext, kept opaque until
// decryptTree (src/vault/tree.ts) replaces it by its plaintext. It has no
// dependencies so that src/yaml/schema.ts can import it without a cycle.

export class VaultedValue {
  constructor(readonly ciphertext: string) {}

  /** Printing a vaulted value by mistake shows that it is one, never its text. */
  toString(): string {
    return '<vault-encrypted value>';
  }
}
