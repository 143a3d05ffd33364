// The write side of a module as one script of steps, sent in one round trip:
// each step stops the script on failure with "<what> failed: <the host's
// message>", so the user learns which step broke and why.
import type { ModuleContext, ModuleResult } from './types.js';
import { shQuote } from './shell-quote.js';
import { writeScript, type WriteOptions } from './write-file.js';

/**
 * Run `cmd`; if it fails, stop with "`what` failed: <its output>". The status
 * is tested after the fact, not in `if !`/`||`: a condition would switch off
 * the `set -e` the write procedure relies on, in every subshell below it.
 */
export function step(what: string, cmd: string): string {
  return `err=$( { ${cmd}\n} 2>&1 ); if [ $? -ne 0 ]; then printf '%s failed: %s\\n' ${shQuote(what)} "$err" >&2; exit 1; fi`;
}

/**
 * Write a file through the atomic write procedure of write-file.ts, as a step.
 * The content travels inside the script (base64), so several files can be
 * written in the same round trip; meant for small files (crontabs, key files,
 * config snippets), as the whole script is one argument of `sh -c`.
 */
export function writeStep(path: string, content: string, o: WriteOptions = {}): string {
  const b64 = Buffer.from(content).toString('base64');
  return step(`writing ${path}`, `printf '%s' '${b64}' | base64 -d | (\n${writeScript(path, o)}\n)`);
}

export const parentDir = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

/** Create the directories the files will be written in (the atomic write needs its temp file there). */
export function parentDirsStep(paths: string[]): string {
  const dirs = [...new Set(paths.map(parentDir))];
  return step(`creating ${dirs.join(' ')}`, `mkdir -p ${dirs.map(shQuote).join(' ')}`);
}

export interface StepsOutcome {
  /** Ansible's `failed` result, with the failing step's message. */
  failure?: ModuleResult;
  /** What the script printed on stdout (steps keep their own output to themselves). */
  stdout: string;
}

/** Run the steps in one round trip; `stdin` is there for the one step that reads it (a secret kept off command lines). */
export async function runSteps(ctx: ModuleContext, steps: string[], stdin?: string): Promise<StepsOutcome> {
  const res = await ctx.run(['LC_ALL=C; export LC_ALL', ...steps].join('\n'), stdin === undefined ? undefined : { stdin });
  if (res.rc === 0) return { stdout: res.stdout };
  return { failure: { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` }, stdout: res.stdout };
}
