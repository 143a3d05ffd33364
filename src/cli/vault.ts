// `mosip-play vault ACTION`, with ansible-vault's actions and flags, and the
// vault password options that playbook runs share. The actions themselves
// are in src/vault/.
import type { Argv } from 'yargs';
import { createFile, decryptFiles, editFiles, encryptFiles, rekeyFiles, viewFiles } from '../vault/commands.js';
import { encryptStrings } from '../vault/encrypt-string.js';
import type { VaultOptions } from '../vault/sources.js';

/**
 * The vault password options, for `.options(VAULT_OPTIONS)` on any parser
 * that needs them. `nargs: 1` takes one value a flag, as Ansible's argparse
 * does: yargs arrays are otherwise greedy and would eat the file names after.
 */
export const VAULT_OPTIONS = {
  'vault-id': {
    type: 'string',
    array: true,
    nargs: 1,
    default: [] as string[],
    describe: 'a vault password as LABEL@SOURCE: SOURCE is a file, an executable that prints it, or "prompt" (repeatable)',
  },
  'vault-password-file': {
    alias: 'vault-pass-file',
    type: 'string',
    array: true,
    nargs: 1,
    default: [] as string[],
    describe: 'a file holding the vault password, or an executable that prints it (repeatable)',
  },
  'ask-vault-pass': { alias: 'J', type: 'boolean', default: false, describe: 'ask for the vault password (needs a terminal)' },
} as const;

export const VAULT_DESCRIBE = 'encrypt, decrypt, view, edit, create, rekey or encrypt_string Ansible Vault files and values';

/**
 * What parsed arguments say about the vault passwords, for loadVaultSecrets.
 * Untyped input: main.ts declares VAULT_OPTIONS once, on the top-level parser,
 * so the vault actions' own argument types do not know about them.
 */
export function vaultOptionsOf(a: Record<string, unknown>): VaultOptions {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  return { vaultIds: strings(a['vault-id']), passwordFiles: strings(a['vault-password-file']), askVaultPass: a['ask-vault-pass'] === true };
}

const output = { type: 'string', describe: 'write here instead of in place ("-" for stdout); one input file only' } as const;
const encryptVaultId = { type: 'string', describe: 'the vault id of the password to encrypt with, when several are given' } as const;
const files = { type: 'string', array: true, default: [] as string[] } as const;

const REKEY_OPTIONS = {
  'new-vault-password-file': { type: 'string', describe: 'the file (or executable) with the new password' },
  'new-vault-id': { type: 'string', describe: 'the new password as LABEL@SOURCE' },
  'encrypt-vault-id': encryptVaultId,
} as const;

const ENCRYPT_STRING_OPTIONS = {
  name: { alias: 'n', type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'the variable name of each string, in order' },
  'stdin-name': { type: 'string', describe: 'the variable name of the string read from stdin' },
  prompt: { alias: 'p', type: 'boolean', default: false, describe: 'ask for the string (needs a terminal)' },
  'show-input': { type: 'boolean', default: false, describe: 'echo the string typed at --prompt' },
  output,
  'encrypt-vault-id': encryptVaultId,
} as const;

/** The `vault` command's builder: each action runs in its handler, during parsing. */
export function vaultCommands(y: Argv) {
  return y
    .command('encrypt [file..]', 'encrypt files in place (no file: stdin to stdout)', (c) => c.positional('file', files).options({ output, 'encrypt-vault-id': encryptVaultId }), (a) =>
      encryptFiles(a.file, { vault: vaultOptionsOf(a), output: a.output, encryptVaultId: a['encrypt-vault-id'] }),
    )
    .command('decrypt [file..]', 'decrypt files in place (no file: stdin to stdout)', (c) => c.positional('file', files).options({ output }), (a) =>
      decryptFiles(a.file, { vault: vaultOptionsOf(a), output: a.output }),
    )
    .command('view <file..>', 'print decrypted files', (c) => c.positional('file', files), (a) => viewFiles(a.file, { vault: vaultOptionsOf(a) }))
    .command('edit <file..>', 'edit encrypted files in $EDITOR', (c) => c.positional('file', files), (a) => editFiles(a.file, { vault: vaultOptionsOf(a) }))
    .command('create <file>', 'create an encrypted file in $EDITOR', (c) => c.positional('file', { type: 'string', demandOption: true }).options({ 'encrypt-vault-id': encryptVaultId }), (a) =>
      createFile(a.file, { vault: vaultOptionsOf(a), encryptVaultId: a['encrypt-vault-id'] }),
    )
    .command('rekey <file..>', 'encrypt files again with a new password', (c) => c.positional('file', files).options(REKEY_OPTIONS).conflicts('new-vault-password-file', 'new-vault-id'), (a) =>
      rekeyFiles(a.file, {
        vault: vaultOptionsOf(a),
        newVaultPasswordFile: a['new-vault-password-file'],
        newVaultId: a['new-vault-id'],
        encryptVaultId: a['encrypt-vault-id'],
      }),
    )
    .command('encrypt_string [string..]', 'encrypt strings as `name: !vault |` YAML', (c) => c.positional('string', files).options(ENCRYPT_STRING_OPTIONS), (a) =>
      encryptStrings({
        vault: vaultOptionsOf(a),
        strings: a.string,
        names: a.name,
        stdinName: a['stdin-name'],
        prompt: a.prompt,
        showInput: a['show-input'],
        output: a.output,
        encryptVaultId: a['encrypt-vault-id'],
      }),
    )
    .demandCommand(1, 'which vault action? encrypt, decrypt, view, edit, create, rekey or encrypt_string');
}
