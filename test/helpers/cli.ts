// Runs the built `mosip-play` command the way a user does, and gives back
// its exit code and output.
import { execa } from 'execa';
import { resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const LAB_INVENTORY = resolve(REPO, 'inventory/lab/hosts.ini');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `timeoutMs` ends a run that hangs (SIGTERM), so the test fails with its output instead of stalling the suite. */
export async function mosipPlay(args: string[], env: Record<string, string> = {}, timeoutMs?: number): Promise<CliRun> {
  const res = await execa('node', [resolve(REPO, 'dist/cli.js'), ...args], {
    cwd: REPO,
    reject: false,
    env: { CI: 'true', NO_COLOR: '1', ...env },
    stdin: 'ignore',
    ...(timeoutMs ? { timeout: timeoutMs } : {}),
  });
  return { code: res.exitCode ?? -1, stdout: String(res.stdout), stderr: String(res.stderr) };
}

/** The PLAY RECAP counters of one host, e.g. `{ok: 3, changed: 1, ...}`. */
export function recapOf(stdout: string, host: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith(`${host} `) && l.includes('ok='));
  if (!line) throw new Error(`no recap line for ${host} in:\n${stdout}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}
