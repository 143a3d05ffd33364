// Running `mosip-play vault ...` and the real ansible-vault side by side.
import { execa } from 'execa';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO, type CliRun } from '../helpers/cli.js';

export const FIXTURES = resolve(REPO, 'test/fixtures/vault');
export const PASSWORD_FILE = join(FIXTURES, 'password.txt');
export const PROD_PASSWORD_FILE = join(FIXTURES, 'prod-password.txt');

/** No password may leak in from the environment of whoever runs the tests. */
const CLEAN_ENV = { MOSIP_PLAY_VAULT_PASSWORD: '', ANSIBLE_VAULT_PASSWORD_FILE: '', CI: 'true', NO_COLOR: '1' };

/**
 * `mosip-play vault ARGS` from the sources, as a user runs it. stdin is not
 * a terminal (as in CI), so any prompt must fail rather than hang.
 */
export function startVault(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
  return execa('node', ['--import', 'tsx', 'src/cli.ts', 'vault', ...args], {
    cwd: REPO,
    reject: false,
    env: { ...CLEAN_ENV, ...opts.env },
    ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
  });
}

export async function vault(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  const res = await startVault(args, opts);
  return { code: res.exitCode ?? -1, stdout: String(res.stdout), stderr: String(res.stderr) };
}

/** The real Ansible (Debian package `ansible`), installed on a clean CI machine on first use. */
export async function ensureAnsible(): Promise<void> {
  if ((await execa('sh', ['-c', 'command -v ansible-vault'], { reject: false })).exitCode === 0) return;
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if ((await execa('apt-get', ['install', '-y', 'ansible'], { reject: false, env })).exitCode === 0) return;
  await execa('apt-get', ['update'], { env });
  await execa('apt-get', ['install', '-y', 'ansible'], { env });
}

export async function ansible(cmd: 'ansible' | 'ansible-vault', args: string[], cwd: string): Promise<CliRun> {
  const env = { ...CLEAN_ENV, ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False' };
  const res = await execa(cmd, args, { cwd, reject: false, env, stdin: 'ignore' });
  return { code: res.exitCode ?? -1, stdout: String(res.stdout), stderr: String(res.stderr) };
}

/** A fresh directory holding copies of the named fixtures (tests change files in place). */
export function workdir(...fixtures: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mosip-play-vault-test-'));
  for (const name of fixtures) copyFileSync(join(FIXTURES, name), join(dir, name));
  return dir;
}
