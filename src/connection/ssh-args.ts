// The part of ssh(1)'s command line that Ansible users put in ansible_ssh_common_args and
// ansible_ssh_extra_args, read into the few settings mosip-play honours:
//   -o Port=, -o User=, -o IdentityFile=, -o UserKnownHostsFile=, -o StrictHostKeyChecking=,
//   -o ProxyJump=, and the flags -p PORT, -l USER, -i FILE, -J JUMP.
// Everything else (ProxyCommand, ControlMaster, ServerAliveInterval, Ciphers, -v, ...) is ignored.
import { shlexSplit } from '../inventory/shlex.js';
import type { HostKeyChecking } from './types.js';

export interface SshArgs {
  port?: string;
  user?: string;
  identityFile?: string;
  /** Space-separated, as ssh_config(5) allows. */
  userKnownHostsFile?: string;
  strictHostKeyChecking?: HostKeyChecking;
  proxyJump?: string;
}

// ssh's getopt string: the flags followed by ':' take an argument, attached or as the next word.
const FLAGS_WITH_ARGUMENT = new Set('bceilmopBDEFIJLOPQRSwW');
const FLAG_OPTIONS: Record<string, keyof SshArgs> = { p: 'port', l: 'user', i: 'identityFile', J: 'proxyJump' };
const CONFIG_OPTIONS: Record<string, keyof SshArgs> = {
  port: 'port',
  user: 'user',
  identityfile: 'identityFile',
  userknownhostsfile: 'userKnownHostsFile',
  stricthostkeychecking: 'strictHostKeyChecking',
  proxyjump: 'proxyJump',
};

/**
 * The honoured options in `args`, split into words as Ansible does (Python's shlex); as with
 * ssh(1), the first value given for an option wins.
 */
export function parseSshArgs(args: string): SshArgs {
  const found: SshArgs = {};
  const words = shlexSplit(args).map((word) => word.text);
  for (let i = 0; i < words.length; i++) {
    const flag = flagWithArgument(words[i] ?? '');
    if (!flag) continue;
    const value = flag.attached || words[++i];
    if (value === undefined) break;
    const [option, optionValue] = flag.letter === 'o' ? configOption(value) : [FLAG_OPTIONS[flag.letter], value];
    if (option !== undefined && found[option] === undefined) set(found, option, optionValue);
  }
  return found;
}

/** The flag in a word like `-p`, `-p2222` or `-tto` that takes an argument, and what follows it. */
function flagWithArgument(word: string): { letter: string; attached: string } | undefined {
  if (!word.startsWith('-')) return undefined;
  for (let i = 1; i < word.length; i++) {
    const letter = word.charAt(i);
    if (FLAGS_WITH_ARGUMENT.has(letter)) return { letter, attached: word.slice(i + 1) };
  }
  return undefined;
}

/** `Key=Value`, `Key = Value` or `Key Value`; option names are case-insensitive. */
function configOption(text: string): [keyof SshArgs | undefined, string] {
  const match = /^\s*(\w+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(text);
  if (!match) return [undefined, ''];
  return [CONFIG_OPTIONS[(match[1] ?? '').toLowerCase()], match[2] ?? ''];
}

function set(found: SshArgs, option: keyof SshArgs, value: string): void {
  if (option === 'strictHostKeyChecking') found.strictHostKeyChecking = hostKeyChecking(value);
  else found[option] = value;
}

/** StrictHostKeyChecking: yes/ask → strict (mosip-play never prompts), accept-new, no/off → off. */
function hostKeyChecking(value: string): HostKeyChecking {
  const lower = value.toLowerCase();
  if (lower === 'accept-new') return 'accept-new';
  return lower === 'no' || lower === 'off' ? 'off' : 'strict';
}
