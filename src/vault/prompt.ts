// Asking a person at a terminal, and only a person at a terminal: in CI (or
// with stdin piped) a prompt would hang or read the wrong input, so asking
// there is an error that says which option to use instead.
import { createInterface } from 'node:readline/promises';
import { VaultError } from './errors.js';

const ENTER = new Set(['\r', '\n', '\u0004']);
const CTRL_C = '\u0003';
const BACKSPACE = new Set(['\u007f', '\b']);

export function requireTerminal(what: string): void {
  if (!process.stdin.isTTY) {
    throw new VaultError(`cannot ask for ${what}: stdin is not a terminal`, undefined, 'give it with --vault-password-file FILE or --vault-id LABEL@FILE');
  }
}

/** One line from the terminal; not echoed when `hidden`. The prompt goes to stderr, so stdout stays clean. */
export async function ask(question: string, hidden: boolean): Promise<string> {
  requireTerminal(question.replace(/:\s*$/, '').toLowerCase());
  return hidden ? askHidden(question) : askVisible(question);
}

async function askVisible(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Raw mode, so nothing typed is echoed; Ctrl-C cancels (raw mode turns it into a character, not SIGINT). */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    const chars: string[] = [];
    const finish = (err?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(chars.join(''));
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ENTER.has(ch)) return finish();
        if (ch === CTRL_C) return finish(new VaultError('cancelled at the prompt'));
        if (BACKSPACE.has(ch)) chars.pop();
        else chars.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}
