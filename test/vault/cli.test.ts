// `mosip-play vault` as a user meets it: one clear error, stdin and stdout.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../../src/yaml/load.js';
import { VaultSecrets } from '../../src/vault/secrets.js';
import { decryptTree } from '../../src/vault/tree.js';
import { FIXTURES, PASSWORD_FILE, PROD_PASSWORD_FILE, vault } from './helpers.js';

test('a wrong password: one error line naming the file, no stack, no password', async (t) => {
  const file = join(FIXTURES, 'secrets.yml');
  const res = await vault(['view', file, '--vault-password-file', PROD_PASSWORD_FILE]);
  t.is(res.code, 1);
  t.is(res.stdout, '');
  t.is(res.stderr, `ERROR: ${file}: cannot decrypt: wrong vault password (tried default from ${PROD_PASSWORD_FILE})`);
});

test('no password and no terminal: an error saying how to give one, not a hang', async (t) => {
  const res = await vault(['view', join(FIXTURES, 'secrets.yml')]);
  t.is(res.code, 1);
  t.regex(res.stderr, /^ERROR: cannot ask for vault password: stdin is not a terminal\n {2}hint: give it with --vault-password-file/);
});

test('encrypt_string reads stdin with --stdin-name, taking the password from MOSIP_PLAY_VAULT_PASSWORD', async (t) => {
  const res = await vault(['encrypt_string', '--stdin-name', 'db_password'], { input: 'from-stdin', env: { MOSIP_PLAY_VAULT_PASSWORD: 'env-pw' } });
  t.is(res.code, 0, res.stderr);
  t.regex(res.stdout, /^db_password: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n/);
  const secrets = new VaultSecrets([{ id: 'default', password: Buffer.from('env-pw'), source: 'test' }]);
  t.deepEqual(decryptTree(parseYaml(res.stdout, 'out.yml'), secrets, 'out.yml'), { db_password: 'from-stdin' });
});

test('decrypt with no file goes from stdin to stdout', async (t) => {
  const res = await vault(['decrypt', '--vault-password-file', PASSWORD_FILE], { input: readFileSync(join(FIXTURES, 'secrets.yml'), 'utf8') });
  t.is(res.code, 0, res.stderr);
  t.regex(res.stdout, /^# secrets\.yml as MOSIP deployments keep it\ndb_password: hunter2-pass\n/);
});

test('several passwords and no --encrypt-vault-id: encrypting refuses to guess', async (t) => {
  const res = await vault(['encrypt_string', 'x', '--vault-id', `a@${PASSWORD_FILE}`, '--vault-id', `b@${PROD_PASSWORD_FILE}`]);
  t.is(res.code, 1);
  t.regex(res.stderr, /several vault passwords were given \(a, b\): say which one encrypts with --encrypt-vault-id/);
});
