// `vault encrypt_string`: values to paste into YAML as `name: !vault |`,
// from the command line, stdin or a prompt, printed as ansible-vault prints
// them. Each value gets its own salt (see keys.ts for why).
import { VaultError } from './errors.js';
import { STDIO, readInput, writeOutput } from './files.js';
import { secretsToEncrypt } from './commands.js';
import { ask } from './prompt.js';
import type { VaultOptions } from './sources.js';

export interface EncryptStringOptions {
  vault: VaultOptions;
  /** The strings given as arguments; `-` means read one from stdin. */
  strings: string[];
  /** `--name`, matched to the argument strings in order. */
  names: string[];
  stdinName?: string;
  /** `--prompt`: ask for a name and a string. */
  prompt: boolean;
  showInput: boolean;
  output?: string;
  encryptVaultId?: string;
}

interface Plain {
  name?: string;
  text: Buffer;
  from: string;
}

const INDENT = ' '.repeat(10);

export async function encryptStrings(o: EncryptStringOptions): Promise<void> {
  const secrets = await secretsToEncrypt(o.vault);
  const secret = secrets.forEncryption(o.encryptVaultId);
  const plains = await collect(o);
  const blocks = plains.map((p, i) => {
    // Which block is which, without the plaintext: on stderr, so stdout stays pasteable YAML.
    if (plains.length > 1) process.stderr.write(`# the encrypted ${p.name ? `variable "${p.name}"` : 'string'} #${i + 1}, from ${p.from}\n`);
    return yamlBlock(secrets.encrypt(p.text, secret), p.name);
  });
  writeOutput(o.output ?? STDIO, `${blocks.join('\n')}\n`);
}

async function collect(o: EncryptStringOptions): Promise<Plain[]> {
  const fromStdin = o.strings.includes(STDIO) || o.stdinName !== undefined || (o.strings.length === 0 && !o.prompt);
  if (o.prompt && fromStdin) throw new VaultError('--prompt cannot be used while the string is read from stdin');
  const plains: Plain[] = [];
  if (o.prompt) plains.push(await fromPrompt(o.showInput));
  if (fromStdin) plains.push({ name: o.stdinName, text: readInput(STDIO), from: 'stdin' });
  o.strings.filter((s) => s !== STDIO).forEach((s, i) => plains.push({ name: o.names[i], text: Buffer.from(s), from: 'the command line' }));
  const empty = plains.find((p) => p.text.length === 0);
  if (empty) throw new VaultError(`the string from ${empty.from} is empty; nothing was encrypted`);
  return plains;
}

async function fromPrompt(showInput: boolean): Promise<Plain> {
  const name = await ask('Variable name (enter for no name): ', false);
  const text = await ask(showInput ? 'String to encrypt: ' : 'String to encrypt (hidden): ', !showInput);
  return { name: name || undefined, text: Buffer.from(text), from: 'the prompt' };
}

/** ansible-vault's layout: `name: !vault |`, then the envelope indented ten spaces. */
function yamlBlock(vaulttext: string, name: string | undefined): string {
  const lines = vaulttext.trimEnd().split('\n').map((l) => INDENT + l);
  return [`${name ? `${name}: ` : ''}!vault |`, ...lines].join('\n');
}
