// What `command` and `shell` share: `creates`/`removes` guards, `chdir`,
// `stdin`, check mode, and the Ansible-shaped result. The guard and the
// command travel in one script, so a guarded command costs one round trip.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ModuleContext, ModuleResult } from './types.js';
import { shGlob, shQuote } from './shell-quote.js';

export const commandGuards = {
  creates: z.string().optional().describe('A path or glob on the host: when it exists, the command is not run (and check mode can tell).'),
  removes: z.string().optional().describe('A path or glob on the host: when it does not exist, the command is not run.'),
  chdir: z.string().optional().describe('Change into this directory first; the task fails if it does not exist.'),
  stdin: z.string().optional().describe("Text given to the command's standard input."),
  stdin_add_newline: z.boolean().default(true).describe('Add a newline after stdin.'),
};

export interface CommandArgs {
  creates?: string;
  removes?: string;
  chdir?: string;
  stdin?: string;
  stdin_add_newline: boolean;
}

/** Marks "skipped by its guard" in stdout; random, so no command can print it by accident. */
const SKIP_MARK = `__mosip_play_guard_${randomBytes(8).toString('hex')}__\n`;

function guardScript(args: CommandArgs): string {
  const tests: string[] = [];
  if (args.creates) tests.push(`for f in ${shGlob(args.creates)}; do [ -e "$f" ] && skip=1; done`);
  if (args.removes) {
    tests.push(`found=; for f in ${shGlob(args.removes)}; do [ -e "$f" ] && found=1; done; [ -z "$found" ] && skip=1`);
  }
  if (tests.length === 0) return '';
  return `skip=; ${tests.join('; ')}; if [ -n "$skip" ]; then printf '%s' ${shQuote(SKIP_MARK)}; exit 0; fi\n`;
}

function guardMessage(args: CommandArgs): string {
  return args.creates ? `skipped, since ${args.creates} exists` : `skipped, since ${args.removes} does not exist`;
}

/** Run `body` (already a complete sh command) under the guards; check mode only tests the guards. */
export async function runCommand(
  body: string,
  displayCmd: string | string[],
  args: CommandArgs,
  ctx: ModuleContext,
): Promise<ModuleResult> {
  const guard = guardScript(args);
  if (ctx.check) {
    if (!guard) return { changed: false, skipped: true, msg: 'skipped in check mode: command has no creates/removes' };
    const probe = await ctx.run(`${guard}exit 0`);
    if (probe.stdout === SKIP_MARK) return { changed: false, msg: guardMessage(args), cmd: displayCmd, rc: 0 };
    return { changed: true, msg: 'command would have run', cmd: displayCmd };
  }
  const cd = args.chdir ? `cd ${shQuote(args.chdir)} || exit 1\n` : '';
  const stdin = args.stdin === undefined ? undefined : args.stdin + (args.stdin_add_newline ? '\n' : '');
  const start = new Date();
  const res = await ctx.run(`${guard}${cd}${body}`, { stdin });
  const end = new Date();
  if (guard && res.stdout === SKIP_MARK) return { changed: false, msg: guardMessage(args), cmd: displayCmd, rc: 0 };
  return {
    changed: true,
    failed: res.rc !== 0,
    ...(res.rc !== 0 ? { msg: 'non-zero return code' } : {}),
    cmd: displayCmd,
    rc: res.rc,
    stdout: stripOneNewline(res.stdout),
    stderr: stripOneNewline(res.stderr),
    stdout_lines: lines(res.stdout),
    stderr_lines: lines(res.stderr),
    start: start.toISOString(),
    end: end.toISOString(),
    delta: `${((end.getTime() - start.getTime()) / 1000).toFixed(3)}s`,
  };
}

/** Ansible strips the final newline of command output (`strip_empty_ends`), nothing else. */
function stripOneNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function lines(s: string): string[] {
  const t = stripOneNewline(s);
  return t === '' ? [] : t.split('\n');
}
