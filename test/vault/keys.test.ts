// The cost of the vault is PBKDF2, so these count derivations (never time them).
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope } from '../../src/vault/format.js';
import { VaultSecrets } from '../../src/vault/secrets.js';
import { decryptTree, loadMaybeEncrypted } from '../../src/vault/tree.js';
import { parseYaml } from '../../src/yaml/load.js';
import { workdir } from './helpers.js';

const prod = { id: 'prod', password: Buffer.from('prod-pw'), source: 'test' };
const wrong = { id: 'default', password: Buffer.from('not-it'), source: 'test' };
const HOSTS = 50;

/** A vars file of `n` inline values, as `vault encrypt_string` of n strings writes them, in one run. */
function inlineVarsFile(n: number): string {
  const writer = new VaultSecrets([prod]);
  const lines = Array.from({ length: n }, (_, i) => `v${i}: !vault |\n  ${writer.encrypt(`secret-${i}`, prod).trimEnd().replace(/\n/g, '\n  ')}`);
  return `${lines.join('\n')}\n`;
}

test('every value encrypted gets its own salt: a shared salt would share a keystream', (t) => {
  const secrets = new VaultSecrets([prod]);
  const salts = Array.from({ length: 20 }, () => parseEnvelope(secrets.encrypt('same text', prod), 'x').payload.salt.toString('hex'));
  t.is(new Set(salts).size, salts.length);
});

test('inline values cost one derivation each, once a run, however many hosts read them', (t) => {
  const text = inlineVarsFile(20);
  const secrets = new VaultSecrets([prod]);
  for (let host = 0; host < HOSTS; host++) {
    const vars = decryptTree(parseYaml(text, 'group_vars/all.yml'), secrets, 'group_vars/all.yml') as Record<string, string>;
    t.is(vars.v19, 'secret-19');
  }
  t.is(secrets.keys.derivations, 20);
});

test('200 values in one encrypted file cost ONE derivation, however many hosts read them', (t) => {
  const writer = new VaultSecrets([prod]);
  const plain = Array.from({ length: 200 }, (_, i) => `v${i}: secret-${i}`).join('\n');
  const file = join(workdir(), 'secrets.yml');
  writeFileSync(file, writer.encrypt(plain, prod));
  const secrets = new VaultSecrets([prod]);
  const plaintexts: string[] = [];
  secrets.onDecrypt((p) => plaintexts.push(p));
  for (let host = 0; host < HOSTS; host++) t.is((loadMaybeEncrypted(file, secrets) as Record<string, string>).v199, 'secret-199');
  t.is(secrets.keys.derivations, 1);
  t.is(new Set(plaintexts).size, 200);
});

test("passwords are tried in Ansible's order, and a wrong one too is derived once a value", (t) => {
  const text = inlineVarsFile(3);
  const secrets = new VaultSecrets([wrong, prod]);
  for (let host = 0; host < HOSTS; host++) decryptTree(parseYaml(text, 'vars.yml'), secrets, 'vars.yml');
  t.is(secrets.keys.derivations, 3, 'the values say vault id prod, so the prod password goes first');
  const anonymous = new VaultSecrets([prod]).encrypt('x', { ...prod, id: 'default' });
  const before = secrets.keys.derivations;
  for (let host = 0; host < HOSTS; host++) secrets.open(anonymous, 'x.yml');
  t.is(secrets.keys.derivations - before, 2, 'a 1.1 value: the default password, then prod, each derived once');
});
