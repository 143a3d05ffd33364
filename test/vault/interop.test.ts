// Against the real ansible-vault and ansible (Debian package `ansible`,
// installed on first use): each opens what the other writes.
import test from 'ava';
import { execa } from 'execa';
import { chmodSync, copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVaultSecrets } from '../../src/vault/sources.js';
import { loadMaybeEncrypted } from '../../src/vault/tree.js';
import { FIXTURES, PASSWORD_FILE, PROD_PASSWORD_FILE, ansible, ensureAnsible, vault, workdir } from './helpers.js';

const PLAIN = 'db_password: hunter2-pass\nkeycloak:\n  admin_password: kc-admin-secret\n';

test.before(async (t) => {
  t.timeout(600_000, 'apt-get install -y ansible');
  await ensureAnsible();
});

function plainFile(mode = 0o644): { dir: string; file: string } {
  const dir = workdir();
  const file = join(dir, 'vars.yml');
  writeFileSync(file, PLAIN);
  chmodSync(file, mode);
  return { dir, file };
}

test('a file ansible-vault encrypted (1.1) is shown by vault view', async (t) => {
  const { dir, file } = plainFile();
  t.is((await ansible('ansible-vault', ['encrypt', '--vault-password-file', PASSWORD_FILE, file], dir)).code, 0);
  t.true(readFileSync(file, 'utf8').startsWith('$ANSIBLE_VAULT;1.1;AES256\n'));
  const res = await vault(['view', file, '--vault-password-file', PASSWORD_FILE]);
  t.is(res.stdout, PLAIN.trimEnd(), res.stderr);
});

test('a file ansible-vault encrypted with --vault-id prod@FILE (1.2) decrypts in place here', async (t) => {
  const { dir, file } = plainFile();
  t.is((await ansible('ansible-vault', ['encrypt', '--vault-id', `prod@${PROD_PASSWORD_FILE}`, file], dir)).code, 0);
  t.true(readFileSync(file, 'utf8').startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n'));
  const res = await vault(['decrypt', file, '--vault-id', `dev@${PASSWORD_FILE}`, '--vault-id', `prod@${PROD_PASSWORD_FILE}`]);
  t.is(res.code, 0, res.stderr);
  t.is(readFileSync(file, 'utf8'), PLAIN);
});

test('files encrypted here (1.1, and 1.2 with a vault id) open with ansible-vault, and keep their mode', async (t) => {
  const { dir, file } = plainFile(0o640);
  const other = join(dir, 'other.yml');
  copyFileSync(file, other);
  t.is((await vault(['encrypt', file, '--vault-password-file', PASSWORD_FILE])).code, 0);
  t.is((await vault(['encrypt', other, '--vault-id', `prod@${PROD_PASSWORD_FILE}`])).code, 0);
  t.is(statSync(file).mode & 0o777, 0o640);
  t.true(readFileSync(other, 'utf8').startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n'));
  t.is((await ansible('ansible-vault', ['decrypt', '--vault-password-file', PASSWORD_FILE, '--output', '-', file], dir)).stdout, PLAIN.trimEnd());
  t.is((await ansible('ansible-vault', ['view', '--vault-id', `prod@${PROD_PASSWORD_FILE}`, other], dir)).stdout, PLAIN.trimEnd());
});

test('encrypt_string values written here are read by `ansible -e @vars.yml`', async (t) => {
  const dir = workdir();
  const res = await vault(['encrypt_string', '--vault-password-file', PASSWORD_FILE, '-n', 'x', '-n', 'y', 'value of x', 'second: value']);
  t.is(res.code, 0, res.stderr);
  t.regex(res.stderr, /# the encrypted variable "x" #1, from the command line\n# the encrypted variable "y" #2/);
  writeFileSync(join(dir, 'vars.yml'), res.stdout);
  for (const [name, value] of [['x', 'value of x'], ['y', 'second: value']]) {
    const out = await ansible('ansible', ['localhost', '-m', 'debug', '-a', `var=${name}`, '-e', '@vars.yml', '--vault-password-file', PASSWORD_FILE], dir);
    t.regex(out.stdout, new RegExp(`"${name}": "${value}"`), out.stderr);
  }
});

test('ansible-vault encrypt_string output, pasted into a vars file, loads here', async (t) => {
  const dir = workdir();
  const out = await ansible('ansible-vault', ['encrypt_string', '--vault-id', `prod@${PROD_PASSWORD_FILE}`, '--name', 'token', 'live-token'], dir);
  writeFileSync(join(dir, 'vars.yml'), `user: mosip\n${out.stdout}\n`);
  const secrets = await loadVaultSecrets({ vaultIds: [`prod@${PROD_PASSWORD_FILE}`], passwordFiles: [], askVaultPass: false }, { env: {} });
  t.deepEqual(loadMaybeEncrypted(join(dir, 'vars.yml'), secrets), { user: 'mosip', token: 'live-token' });
});

test('rekey here: ansible-vault opens the file with the new password only; the mode is kept', async (t) => {
  const dir = workdir('secrets.yml');
  const file = join(dir, 'secrets.yml');
  chmodSync(file, 0o604);
  const res = await vault(['rekey', file, '--vault-password-file', PASSWORD_FILE, '--new-vault-id', `prod@${PROD_PASSWORD_FILE}`]);
  t.is(res.code, 0, res.stderr);
  t.is(statSync(file).mode & 0o777, 0o604);
  t.regex((await ansible('ansible-vault', ['view', '--vault-id', `prod@${PROD_PASSWORD_FILE}`, file], dir)).stdout, /admin_password: kc-admin-secret/);
  t.not((await ansible('ansible-vault', ['view', '--vault-password-file', PASSWORD_FILE, file], dir)).code, 0);
});

test('the fixtures are what ansible-vault says they are', async (t) => {
  const view = (file: string, ...args: string[]) => execa('ansible-vault', ['view', ...args, join(FIXTURES, file)], { reject: false });
  t.regex((await view('secrets.yml', '--vault-password-file', PASSWORD_FILE)).stdout, /db_password: hunter2-pass/);
  t.is((await view('prod.yml', '--vault-id', `prod@${PROD_PASSWORD_FILE}`)).stdout, 'minio_secret: minio-prod-secret');
});
