import test from 'ava';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError } from '../../src/vault/errors.js';
import type { VaultOptions } from '../../src/vault/sources.js';
import { loadVaultSecrets } from '../../src/vault/sources.js';
import { workdir } from './helpers.js';

const none: VaultOptions = { vaultIds: [], passwordFiles: [], askVaultPass: false };

function script(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const passwords = async (options: Partial<VaultOptions>, env: NodeJS.ProcessEnv = {}) =>
  (await loadVaultSecrets({ ...none, ...options }, { env })).list.map((s) => `${s.id}=${s.password.toString()}`);

test('a password file is trimmed as ansible-vault trims it', async (t) => {
  const dir = workdir();
  writeFileSync(join(dir, 'pw'), '  spaced pass \r\n\n');
  t.deepEqual(await passwords({ passwordFiles: [join(dir, 'pw')] }), ['default=spaced pass']);
});

test('an executable password file is run and its stdout is the password', async (t) => {
  const file = script(workdir(), 'pw.sh', 'printf "from script\\n"');
  t.deepEqual(await passwords({ passwordFiles: [file] }), ['default=from script']);
});

test('a *-client script is asked for its vault id', async (t) => {
  const file = script(workdir(), 'vault-client.sh', 'echo "pw-for-$2"');
  t.deepEqual(await passwords({ vaultIds: [`prod@${file}`] }), ['prod=pw-for-prod']);
});

test('labels: LABEL@SOURCE, a bare SOURCE is `default`, the label ends at the first @', async (t) => {
  const dir = workdir();
  writeFileSync(join(dir, 'p@ss'), 'a');
  writeFileSync(join(dir, 'q'), 'b');
  t.deepEqual(await passwords({ vaultIds: [`prod@${join(dir, 'p@ss')}`, join(dir, 'q')] }), ['prod=a', 'default=b']);
});

test("Ansible's order, environment last: --vault-id, --vault-password-file, ANSIBLE_VAULT_PASSWORD_FILE, MOSIP_PLAY_VAULT_PASSWORD", async (t) => {
  const dir = workdir();
  for (const n of ['1', '2', '3']) writeFileSync(join(dir, n), `pw${n}`);
  const env = { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, '3'), MOSIP_PLAY_VAULT_PASSWORD: 'pw4' };
  t.deepEqual(await passwords({ vaultIds: [`a@${join(dir, '1')}`], passwordFiles: [join(dir, '2')] }, env), ['a=pw1', 'default=pw2', 'default=pw3', 'default=pw4']);
  t.false('MOSIP_PLAY_VAULT_PASSWORD' in env, 'read once, then gone: no child process inherits it');
});

test('clear errors: a missing file, an empty one, a failing script, a ; in an id', async (t) => {
  const dir = workdir();
  writeFileSync(join(dir, 'empty'), '\n');
  const cases: Array<[Partial<VaultOptions>, RegExp]> = [
    [{ passwordFiles: [join(dir, 'nope')] }, /vault password file .*nope was not found/],
    [{ passwordFiles: [join(dir, 'empty')] }, /the vault password from .*empty is empty/],
    [{ passwordFiles: [script(dir, 'fail.sh', 'exit 3')] }, /vault password script .*fail\.sh exited with code 3/],
    [{ vaultIds: ['a;b@x'] }, /a vault id cannot contain ';'/],
  ];
  for (const [options, message] of cases) {
    await t.throwsAsync(loadVaultSecrets({ ...none, ...options }, { env: {} }), { instanceOf: VaultError, message });
  }
});

test('a prompt where stdin is not a terminal is an error, never a hang', async (t) => {
  t.false(Boolean(process.stdin.isTTY));
  for (const options of [{ vaultIds: ['prod@prompt'] }, { askVaultPass: true }]) {
    const err = await t.throwsAsync(loadVaultSecrets({ ...none, ...options }, { env: {} }), { instanceOf: VaultError });
    t.regex(err?.message ?? '', /stdin is not a terminal/);
  }
});

test('a playbook run with no password options has no passwords, and does not prompt', async (t) => {
  t.deepEqual(await passwords({}), []);
});
