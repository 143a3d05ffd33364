// Where the vault passwords of a run come from, in Ansible's order:
// every --vault-id LABEL@SOURCE, every --vault-password-file (label
// `default`), $ANSIBLE_VAULT_PASSWORD_FILE, $MOSIP_PLAY_VAULT_PASSWORD, then
// --ask-vault-pass. A SOURCE is `prompt`, an executable (its stdout is the
// password) or a file (its content, trimmed, is the password, exactly as
// ansible-vault reads it, so the same file opens the same vaults).
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { VaultError } from './errors.js';
import { DEFAULT_VAULT_ID } from './format.js';
import { ask } from './prompt.js';
import type { VaultSecret } from './secrets.js';
import { VaultSecrets } from './secrets.js';

export interface VaultOptions {
  /** `--vault-id LABEL@SOURCE` or `SOURCE` (repeatable). */
  vaultIds: readonly string[];
  /** `--vault-password-file FILE` (repeatable), each labelled `default`. */
  passwordFiles: readonly string[];
  /** `--ask-vault-pass`: prompt for the `default` password. */
  askVaultPass: boolean;
}

export interface LoadOptions {
  /** Prompts ask twice for a new password (encrypt, create, rekey's new password). */
  newPassword?: boolean;
  /** Prompt when nothing else gives a password, as `ansible-vault` does; a playbook run does not. */
  promptIfNone?: boolean;
  /** Where the two environment variables are read; rekey passes `{}` for its new password. */
  env?: NodeJS.ProcessEnv;
}

const PROMPT_SOURCES = new Set(['prompt', 'prompt_ask_vault_pass']);
/** Python's bytes.strip(): what Ansible trims from a password file. */
const ASCII_SPACE = ' \t\n\r\v\f';

/** Reads $MOSIP_PLAY_VAULT_PASSWORD and removes it, so that no child (password script, editor, local task) inherits it. */
export async function loadVaultSecrets(options: VaultOptions, load: LoadOptions = {}): Promise<VaultSecrets> {
  const env = load.env ?? process.env;
  const envPassword = env.MOSIP_PLAY_VAULT_PASSWORD;
  delete env.MOSIP_PLAY_VAULT_PASSWORD;
  const slugs = [...options.vaultIds, ...options.passwordFiles.map((f) => `${DEFAULT_VAULT_ID}@${f}`)];
  if (env.ANSIBLE_VAULT_PASSWORD_FILE) slugs.push(`${DEFAULT_VAULT_ID}@${env.ANSIBLE_VAULT_PASSWORD_FILE}`);
  const list: VaultSecret[] = [];
  // One at a time: two prompts must not ask at once.
  for (const slug of slugs) list.push(await fromSlug(slug, Boolean(load.newPassword)));
  if (envPassword) list.push({ id: DEFAULT_VAULT_ID, password: Buffer.from(envPassword), source: '$MOSIP_PLAY_VAULT_PASSWORD' });
  if (options.askVaultPass || (load.promptIfNone && list.length === 0)) list.push(await fromPrompt(DEFAULT_VAULT_ID, Boolean(load.newPassword)));
  return new VaultSecrets(list);
}

/** `label@source`, or a bare `source` labelled `default`; the label ends at the first `@`, as in Ansible. */
function fromSlug(slug: string, newPassword: boolean): Promise<VaultSecret> {
  const at = slug.indexOf('@');
  const id = (at < 0 ? '' : slug.slice(0, at)) || DEFAULT_VAULT_ID;
  const source = at < 0 ? slug : slug.slice(at + 1);
  if (id.includes(';')) throw new VaultError(`--vault-id ${slug}: a vault id cannot contain ';'`);
  if (PROMPT_SOURCES.has(source)) return fromPrompt(id, newPassword);
  return fromFile(id, source);
}

async function fromPrompt(id: string, newPassword: boolean): Promise<VaultSecret> {
  const label = id === DEFAULT_VAULT_ID ? '' : ` (${id})`;
  const password = (await ask(`${newPassword ? 'New vault password' : 'Vault password'}${label}: `, true)).trim();
  if (!password) throw new VaultError(`the vault password${label} cannot be empty`);
  if (newPassword && (await ask(`Confirm new vault password${label}: `, true)).trim() !== password) {
    throw new VaultError(`the two vault passwords${label} do not match`);
  }
  return { id, password: Buffer.from(password), source: 'prompt' };
}

async function fromFile(id: string, file: string): Promise<VaultSecret> {
  let executable: boolean;
  try {
    const st = statSync(file);
    executable = st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    throw new VaultError(`vault password file ${file} was not found`);
  }
  const password = executable ? await runScript(id, file) : trim(readFileSync(file), ASCII_SPACE);
  if (password.length === 0) throw new VaultError(`the vault password from ${file} is empty`);
  return { id, password, source: file };
}

/**
 * An executable prints the password. One named `*-client` is asked for a
 * vault id (`--vault-id LABEL`), as Ansible's client scripts are. Its stdin
 * and stderr stay the terminal's so it can ask a person itself.
 */
async function runScript(id: string, file: string): Promise<Buffer> {
  const client = basename(file, extname(file)).endsWith('-client');
  const { execa } = await import('execa'); // loaded on first use (memory)
  const res = await execa(file, client ? ['--vault-id', id] : [], {
    stdin: 'inherit',
    stderr: 'inherit',
    encoding: 'buffer',
    stripFinalNewline: false,
    reject: false,
  });
  if (res.failed) {
    const why = res.exitCode === undefined ? res.originalMessage : `exited with code ${res.exitCode}`;
    throw new VaultError(`vault password script ${file} ${why}`);
  }
  return trim(Buffer.from(res.stdout), '\r\n');
}

function trim(bytes: Buffer, chars: string): Buffer {
  const strip = new Set([...chars].map((c) => c.charCodeAt(0)));
  let start = 0;
  let end = bytes.length;
  while (start < end && strip.has(bytes[start]!)) start++;
  while (end > start && strip.has(bytes[end - 1]!)) end--;
  return bytes.subarray(start, end);
}
