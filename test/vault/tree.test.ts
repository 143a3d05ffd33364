import test from 'ava';
import { dump } from 'js-yaml';
import { join } from 'node:path';
import { parseYaml } from '../../src/yaml/load.js';
import { ANSIBLE_SCHEMA } from '../../src/yaml/schema.js';
import { VaultError } from '../../src/vault/errors.js';
import { VaultSecrets } from '../../src/vault/secrets.js';
import { loadVaultSecrets } from '../../src/vault/sources.js';
import { decryptTree, loadMaybeEncrypted } from '../../src/vault/tree.js';
import { VaultedValue } from '../../src/vault/value.js';
import { FIXTURES, PASSWORD_FILE, PROD_PASSWORD_FILE } from './helpers.js';

const fromFiles = (passwordFiles: string[], vaultIds: string[] = []) => loadVaultSecrets({ passwordFiles, vaultIds, askVaultPass: false }, { env: {} });

function heard(secrets: VaultSecrets): string[] {
  const out: string[] = [];
  secrets.onDecrypt((p) => out.push(p));
  return out;
}

test('`!vault |` loads as a VaultedValue and dumps back as one', (t) => {
  const doc = parseYaml('x: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n', 'f.yml') as { x: VaultedValue };
  t.true(doc.x instanceof VaultedValue);
  t.is(String(doc.x), '<vault-encrypted value>');
  t.is(dump(doc, { schema: ANSIBLE_SCHEMA }), 'x: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n');
});

test('an inline value from ansible-vault encrypt_string is replaced by its plaintext, and announced', async (t) => {
  const secrets = await fromFiles([PASSWORD_FILE]);
  const plaintexts = heard(secrets);
  const vars = loadMaybeEncrypted(join(FIXTURES, 'inline.yml'), secrets);
  t.deepEqual(vars, { db_user: 'mosip', db_password: 'inline-db-secret', ports: [5432] });
  t.deepEqual(plaintexts, ['inline-db-secret']);
});

test('a whole file ansible-vault encrypted (1.1) loads, and each value in it is announced', async (t) => {
  const secrets = await fromFiles([PASSWORD_FILE]);
  const plaintexts = heard(secrets);
  const vars = loadMaybeEncrypted(join(FIXTURES, 'secrets.yml'), secrets);
  t.deepEqual(vars, { db_password: 'hunter2-pass', keycloak: { admin_password: 'kc-admin-secret' } });
  t.deepEqual(plaintexts, ['hunter2-pass', 'kc-admin-secret']);
});

test('a 1.2 file is opened by the password of its vault id, tried first', async (t) => {
  const secrets = await fromFiles([], [`dev@${PASSWORD_FILE}`, `prod@${PROD_PASSWORD_FILE}`]);
  t.deepEqual(loadMaybeEncrypted(join(FIXTURES, 'prod.yml'), secrets), { minio_secret: 'minio-prod-secret' });
  t.is(secrets.keys.derivations, 1, 'the dev password was not tried');
});

test('without a matching vault id, every password is tried, as Ansible does', async (t) => {
  const secrets = await fromFiles([], [`dev@${PASSWORD_FILE}`, `other@${PROD_PASSWORD_FILE}`]);
  t.deepEqual(loadMaybeEncrypted(join(FIXTURES, 'prod.yml'), secrets), { minio_secret: 'minio-prod-secret' });
});

test('a wrong password for an inline value: one VaultError at the line of the value', async (t) => {
  const secrets = await fromFiles([PROD_PASSWORD_FILE]);
  const err = t.throws(() => loadMaybeEncrypted(join(FIXTURES, 'inline.yml'), secrets), { instanceOf: VaultError });
  t.deepEqual(err?.location, { file: join(FIXTURES, 'inline.yml'), line: 2, col: 1 });
  t.regex(err?.message ?? '', /cannot decrypt: wrong vault password \(tried default from .*prod-password\.txt\)/);
  t.notRegex(err?.message ?? '', /fixture-password/);
});

test('a wrong password for a whole file names the file', async (t) => {
  const secrets = await fromFiles([PROD_PASSWORD_FILE]);
  const err = t.throws(() => loadMaybeEncrypted(join(FIXTURES, 'secrets.yml'), secrets), { instanceOf: VaultError });
  t.is(err?.message, `${join(FIXTURES, 'secrets.yml')}: cannot decrypt: wrong vault password (tried default from ${PROD_PASSWORD_FILE})`);
});

test('a vault id no password was given for is named, with the fix', async (t) => {
  const secrets = await fromFiles([PASSWORD_FILE]);
  const err = t.throws(() => loadMaybeEncrypted(join(FIXTURES, 'prod.yml'), secrets), { instanceOf: VaultError });
  t.regex(err?.message ?? '', /encrypted with vault id 'prod', no password was given for that id/);
  t.is(err?.hint, 'add --vault-id prod@FILE');
});

test('vaulted data and no password at all: the error says how to give one', (t) => {
  const err = t.throws(() => loadMaybeEncrypted(join(FIXTURES, 'secrets.yml'), new VaultSecrets()), { instanceOf: VaultError });
  t.regex(err?.message ?? '', /no vault password was given/);
  t.regex(err?.hint ?? '', /--vault-password-file/);
});

test('decryptTree works in place, so positions stay, and through aliases and sequences', (t) => {
  const secret = { id: 'default', password: Buffer.from('pw'), source: 'test' };
  const secrets = new VaultSecrets([secret]);
  const block = secrets.encrypt('s3cret-value', secret).trimEnd().replace(/\n/g, '\n    ');
  const doc = parseYaml(`a: &v !vault |\n    ${block}\nlist:\n  - plain\n  - *v\n`, 'vars.yml') as Record<string, unknown>;
  const before = doc.list;
  t.is(decryptTree(doc, secrets, 'vars.yml'), doc);
  t.deepEqual(doc, { a: 's3cret-value', list: ['plain', 's3cret-value'] });
  t.is(doc.list, before);
});
