import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError } from '../../src/vault/errors.js';
import { formatEnvelope, isVaulted, parseEnvelope } from '../../src/vault/format.js';
import { VaultSecrets } from '../../src/vault/secrets.js';
import { FIXTURES } from './helpers.js';

const secret = { id: 'default', password: Buffer.from('pw'), source: 'test' };

test('reads the 1.1 and 1.2 envelopes ansible-vault wrote', (t) => {
  const v11 = parseEnvelope(readFileSync(join(FIXTURES, 'secrets.yml'), 'utf8'), 'secrets.yml');
  t.is(v11.vaultId, 'default');
  t.is(v11.payload.salt.length, 32);
  t.is(v11.payload.hmac.length, 32);
  t.is(v11.payload.ciphertext.length % 16, 0);
  t.is(parseEnvelope(readFileSync(join(FIXTURES, 'prod.yml'), 'utf8'), 'prod.yml').vaultId, 'prod');
});

test('writes 1.1 for the default id and 1.2 with any other, wrapped at 80 columns', (t) => {
  const payload = { salt: Buffer.alloc(32, 1), hmac: Buffer.alloc(32, 2), ciphertext: Buffer.alloc(48, 3) };
  const v11 = formatEnvelope(payload, 'default');
  const v12 = formatEnvelope(payload, 'prod');
  t.true(v11.startsWith('$ANSIBLE_VAULT;1.1;AES256\n'));
  t.true(v12.startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n'));
  t.true(v11.endsWith('\n'));
  t.true(v11.split('\n').slice(1, -2).every((l) => l.length === 80));
  t.deepEqual(parseEnvelope(v12, 'x').payload, payload);
});

test('encrypts and decrypts any bytes, an empty value and whole blocks included', (t) => {
  const secrets = new VaultSecrets([secret]);
  for (const text of ['', 'x', '0123456789abcdef', 'ünïcödé\nmulti-line\n', '\u0000\u00ff']) {
    const vaulted = secrets.encrypt(text, secret);
    t.true(isVaulted(vaulted));
    t.is(secrets.open(vaulted, 'f').plaintext.toString('utf8'), text);
  }
});

test('an indented block (as inside YAML) or CRLF line ends still parse', (t) => {
  const secrets = new VaultSecrets([secret]);
  const vaulted = secrets.encrypt('value', secret);
  const indented = vaulted.split('\n').map((l, i) => (i === 0 ? l : `    ${l}`)).join('\r\n');
  t.is(secrets.open(indented, 'f').plaintext.toString(), 'value');
});

test('damaged or unsupported vault data is a VaultError naming the file, not a crash', (t) => {
  const secrets = new VaultSecrets([secret]);
  const good = secrets.encrypt('value', secret);
  const cases = [
    good.replace('1.1', '1.0'),
    good.replace('AES256', 'AES'),
    good.slice(0, 60),
    `${good.slice(0, 40)}zz${good.slice(42)}`,
  ];
  for (const text of cases) {
    const err = t.throws(() => secrets.open(text, 'broken.yml'), { instanceOf: VaultError });
    t.regex(err?.message ?? '', /^broken\.yml: /);
  }
});
