// The file actions of `mosip-play vault`, as ansible-vault does them: the
// same inputs, outputs and vault-id rules, so either tool opens what the
// other wrote. encrypt_string is in encrypt-string.ts.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { editPrivately } from './edit.js';
import { VaultError } from './errors.js';
import { STDIO, readInput, realFile, writeOutput } from './files.js';
import { isVaulted } from './format.js';
import type { VaultOptions } from './sources.js';
import { loadVaultSecrets } from './sources.js';
import type { VaultSecrets } from './secrets.js';

export interface FileActionOptions {
  vault: VaultOptions;
  /** `--output FILE` (`-` for stdout) of encrypt and decrypt. */
  output?: string;
  /** `--encrypt-vault-id`: which password encrypts when several are given. */
  encryptVaultId?: string;
}

export interface RekeyOptions extends FileActionOptions {
  newVaultPasswordFile?: string;
  newVaultId?: string;
}

/** For encrypting: a new password is asked twice when it has to be asked. */
export function secretsToEncrypt(vault: VaultOptions): Promise<VaultSecrets> {
  return loadVaultSecrets(vault, { newPassword: true, promptIfNone: true });
}

function secretsToDecrypt(vault: VaultOptions): Promise<VaultSecrets> {
  return loadVaultSecrets(vault, { promptIfNone: true });
}

export async function encryptFiles(files: string[], o: FileActionOptions): Promise<void> {
  const secrets = await secretsToEncrypt(o.vault);
  const secret = secrets.forEncryption(o.encryptVaultId);
  for (const file of inputsOf(files, o.output)) {
    const plaintext = readInput(file);
    if (isVaulted(plaintext.toString('latin1'))) throw new VaultError(`${file} is already vault-encrypted`);
    writeOutput(o.output ?? file, secrets.encrypt(plaintext, secret));
  }
}

export async function decryptFiles(files: string[], o: FileActionOptions): Promise<void> {
  const secrets = await secretsToDecrypt(o.vault);
  for (const file of inputsOf(files, o.output)) {
    writeOutput(o.output ?? file, secrets.open(readVaulted(file), whole(file)).plaintext);
  }
}

export async function viewFiles(files: string[], o: FileActionOptions): Promise<void> {
  const secrets = await secretsToDecrypt(o.vault);
  for (const file of files) process.stdout.write(secrets.open(readVaulted(file), whole(file)).plaintext);
}

/** Re-encrypts with the password that opened the file and the vault id of its header, and only if something changed. */
export async function editFiles(files: string[], o: FileActionOptions): Promise<void> {
  const secrets = await secretsToDecrypt(o.vault);
  for (const file of files.map(realFile)) {
    const opened = secrets.open(readVaulted(file), whole(file));
    const edited = await editPrivately(file, opened.plaintext);
    if (!edited.equals(opened.plaintext)) writeOutput(file, secrets.encrypt(edited, opened.secret, opened.vaultId));
  }
}

export async function createFile(file: string, o: FileActionOptions): Promise<void> {
  if (existsSync(file)) throw new VaultError(`${file} exists; use \`mosip-play vault edit ${file}\``);
  const secrets = await secretsToEncrypt(o.vault);
  const secret = secrets.forEncryption(o.encryptVaultId);
  const plaintext = await editPrivately(file, Buffer.alloc(0));
  mkdirSync(dirname(file), { recursive: true });
  writeOutput(file, secrets.encrypt(plaintext, secret));
}

/** The new password never comes from the environment: that is where the old one may be. */
export async function rekeyFiles(files: string[], o: RekeyOptions): Promise<void> {
  const secrets = await secretsToDecrypt(o.vault);
  const fresh = await loadVaultSecrets(
    { vaultIds: o.newVaultId ? [o.newVaultId] : [], passwordFiles: o.newVaultPasswordFile ? [o.newVaultPasswordFile] : [], askVaultPass: false },
    { newPassword: true, promptIfNone: true, env: {} },
  );
  const secret = fresh.forEncryption(o.encryptVaultId);
  for (const file of files.map(realFile)) {
    const { plaintext } = secrets.open(readVaulted(file), whole(file));
    writeOutput(file, fresh.encrypt(plaintext, secret));
  }
  process.stderr.write('Rekey successful\n');
}

/** No files means stdin (to stdout unless --output says otherwise); --output takes one input. */
function inputsOf(files: string[], output: string | undefined): string[] {
  if (output !== undefined && files.length > 1) throw new VaultError('--output takes one input file');
  return files.length === 0 ? [STDIO] : files;
}

function readVaulted(file: string): string {
  const text = readInput(file).toString('utf8');
  if (!isVaulted(text)) throw new VaultError(`${file} is not vault-encrypted`);
  return text;
}

/** Errors about a whole file name it; stdin has no name. */
function whole(file: string): string {
  return file === STDIO ? '<stdin>' : file;
}
