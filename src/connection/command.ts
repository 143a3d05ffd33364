// How a script becomes a command: always POSIX sh, whatever the login shell is, and
// privilege escalation through sudo that never prompts.
import { secrets } from '../secrets/registry.js';
import type { Become } from './types.js';

/**
 * The argv that runs `script` with /bin/sh, through sudo when it must run as another user, and
 * under coreutils `timeout` when it has a time limit (TERM to its whole process group, KILL 5 s
 * later if that is ignored).
 */
export function scriptArgv(script: string, become: Become | undefined, loginUser: string, timeLimit?: number): string[] {
  const sh = [...(timeLimit === undefined ? [] : ['timeout', '-k', '5', `${timeLimit}s`]), '/bin/sh', '-c', script];
  // Becoming the user we already are changes nothing, and minimal hosts have no sudo.
  if (!become || become.user === loginUser) return sh;
  // -n: fail instead of prompting for a password (a prompt would hang the run);
  // -H: HOME of the target user, as Ansible's sudo become does.
  return ['sudo', '-n', '-H', '-u', become.user, '--', ...sh];
}

/**
 * The argv as one command line for a login shell. Single quotes are the only quoting that
 * means the same thing in sh, dash, bash, zsh, ksh and fish, for any bytes. `exec` replaces
 * the login shell, so the command's own exit status or signal comes back, whichever shell
 * it is (dash, unlike bash, would otherwise fork and report a signal as 128+n).
 */
export function commandLine(argv: readonly string[]): string {
  return `exec ${argv.map(shellQuote).join(' ')}`;
}

function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A script that holds a secret must not appear in any process list: it is
 * sent ahead of the command's own input, and the command line only says how
 * many bytes to read (`head -c` reads exactly that many from a pipe).
 */
export function hideSecrets(script: string, stdin: string | Buffer | undefined): { script: string; stdin: string | Buffer | undefined } {
  if (!secrets.within(script)) return { script, stdin };
  const body = Buffer.from(script);
  return {
    script: `eval "$(head -c ${body.length})"`,
    stdin: Buffer.concat([body, Buffer.from(stdin ?? '')]),
  };
}
