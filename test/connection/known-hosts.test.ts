// known_hosts parsing and matching, checked against what OpenSSH's own tools write and print.
import test from 'ava';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostKeyCheck } from '../../src/connection/host-key.js';
import {
  fingerprint,
  hostMatches,
  keyTypeOf,
  knownHostsName,
  parseKnownHosts,
  readKnownHosts,
} from '../../src/connection/known-hosts.js';
import type { ConnectionSettings } from '../../src/connection/types.js';
import { tempTree } from '../helpers/tmp.js';

interface PublicKey {
  keyType: string;
  /** `keytype base64`, as a known_hosts line has it. */
  line: string;
  blob: Buffer;
  /** What `ssh-keygen -lf` prints for it. */
  fingerprint: string;
}

const dir = tempTree({});

async function newKey(type: 'ed25519' | 'ecdsa' | 'rsa'): Promise<PublicKey> {
  const file = join(dir, `${type}-${Math.random().toString(36).slice(2)}`);
  await execa('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const [keyType = '', base64 = ''] = readFileSync(`${file}.pub`, 'utf8').split(' ');
  const { stdout } = await execa('ssh-keygen', ['-lf', `${file}.pub`]);
  return { keyType, line: `${keyType} ${base64}`, blob: Buffer.from(base64, 'base64'), fingerprint: stdout.split(' ')[1] ?? '' };
}

function settingsFor(knownHostsFile: string, hostKeyChecking: ConnectionSettings['hostKeyChecking'] = 'strict'): ConnectionSettings {
  return {
    hostname: 'web1',
    transport: 'ssh',
    address: '10.1.2.3',
    port: 22,
    user: 'root',
    hostKeyChecking,
    knownHostsFiles: [knownHostsFile],
    connectTimeoutMs: 1000,
  };
}

test('fingerprints and key types of ed25519, ecdsa and rsa keys are those ssh-keygen prints', async (t) => {
  for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
    const key = await newKey(type);
    t.is(fingerprint(key.blob), key.fingerprint);
    t.is(keyTypeOf(key.blob), key.keyType);
  }
});

test('the lookup name is the address on port 22 and [address]:port elsewhere', (t) => {
  t.is(knownHostsName('10.1.2.3', 22), '10.1.2.3');
  t.is(knownHostsName('10.1.2.3', 2222), '[10.1.2.3]:2222');
});

test('host fields: names, comma lists, [host]:port, wildcards and negation, case-insensitively', (t) => {
  t.true(hostMatches('web1,10.1.2.3', '10.1.2.3'));
  t.false(hostMatches('10.1.2.30', '10.1.2.3'));
  t.true(hostMatches('[10.1.2.3]:2222', '[10.1.2.3]:2222'));
  t.false(hostMatches('10.1.2.3', '[10.1.2.3]:2222'));
  t.true(hostMatches('*.example.com', 'WEB.example.com'));
  t.true(hostMatches('10.1.2.?', '10.1.2.3'));
  t.false(hostMatches('*.example.com,!db.example.com', 'db.example.com'));
});

test('hashed host names written by ssh-keygen -H match their host and no other', async (t) => {
  const key = await newKey('ed25519');
  const file = join(dir, 'hashed_known_hosts');
  writeFileSync(file, `10.1.2.3 ${key.line}\n[10.1.2.3]:2222 ${key.line}\n`);
  await execa('ssh-keygen', ['-H', '-f', file]);
  const [plain22, plain2222] = parseKnownHosts(readFileSync(file, 'utf8'), file);
  t.regex(plain22?.hosts ?? '', /^\|1\|/);
  t.true(hostMatches(plain22?.hosts ?? '', '10.1.2.3'));
  t.false(hostMatches(plain22?.hosts ?? '', '10.1.2.4'));
  t.true(hostMatches(plain2222?.hosts ?? '', '[10.1.2.3]:2222'));
  t.false(hostMatches(plain2222?.hosts ?? '', '10.1.2.3'));
});

test('parsing keeps file:line, marks @revoked, skips @cert-authority, comments, blanks and junk', async (t) => {
  const key = await newKey('ed25519');
  const text = [
    '# comment',
    '',
    `@cert-authority *.example.com ${key.line}`,
    `@revoked 10.1.2.3 ${key.line}`,
    'junk',
    `web1 ${key.line} me@laptop`,
  ].join('\n');
  const entries = parseKnownHosts(text, '/kh');
  t.deepEqual(
    entries.map(({ line, revoked, hosts, keyType }) => ({ line, revoked, hosts, keyType })),
    [
      { line: 4, revoked: true, hosts: '10.1.2.3', keyType: 'ssh-ed25519' },
      { line: 6, revoked: false, hosts: 'web1', keyType: 'ssh-ed25519' },
    ],
  );
  t.true(entries[1]?.key.equals(key.blob));
});

test('a missing known_hosts file has no entries', async (t) => {
  t.deepEqual(await readKnownHosts([join(dir, 'nope')]), []);
});

test('strict: a known key is accepted, an unknown host refused with the files it was looked up in', async (t) => {
  const key = await newKey('ed25519');
  const file = join(dir, 'kh-strict');
  writeFileSync(file, `10.1.2.3 ${key.line}\n`);
  t.true(await (await HostKeyCheck.load(settingsFor(file))).verify(key.blob));
  const empty = join(dir, 'kh-empty');
  writeFileSync(empty, '');
  const check = await HostKeyCheck.load(settingsFor(empty));
  t.false(await check.verify(key.blob));
  t.is(
    check.refusal,
    `unknown host key for web1 (10.1.2.3): the offered ssh-ed25519 key ${key.fingerprint} is not in ${empty}` +
      ' (strict checking: add it with ssh-keyscan, or use accept-new)',
  );
});

test('a changed key is refused in every mode but off, naming the stale entry by file:line', async (t) => {
  const [known, offered] = [await newKey('ed25519'), await newKey('ed25519')];
  const file = join(dir, 'kh-changed');
  writeFileSync(file, `# lab\n10.1.2.3 ${known.line}\n`);
  for (const mode of ['strict', 'accept-new'] as const) {
    const check = await HostKeyCheck.load(settingsFor(file, mode));
    t.false(await check.verify(offered.blob));
    t.is(
      check.refusal,
      `changed host key for web1 (10.1.2.3): the offered ssh-ed25519 key ${offered.fingerprint} does not match` +
        ` the key at ${file}:2 (a man-in-the-middle, or a reinstalled host: then run ssh-keygen -R '10.1.2.3' -f ${file})`,
    );
  }
  t.true(await (await HostKeyCheck.load(settingsFor(file, 'off'))).verify(offered.blob));
});

test('a key marked @revoked is refused even when another line trusts it', async (t) => {
  const key = await newKey('ed25519');
  const file = join(dir, 'kh-revoked');
  writeFileSync(file, `10.1.2.3 ${key.line}\n@revoked * ${key.line}\n`);
  const check = await HostKeyCheck.load(settingsFor(file, 'accept-new'));
  t.false(await check.verify(key.blob));
  t.regex(check.refusal ?? '', /is marked @revoked at .*kh-revoked:2$/);
});

test('accept-new records an unknown key in the first file, creating it, without gluing lines', async (t) => {
  const key = await newKey('ecdsa');
  const file = join(dir, 'new/known_hosts');
  t.true(await (await HostKeyCheck.load(settingsFor(file, 'accept-new'))).verify(key.blob));
  t.is(readFileSync(file, 'utf8'), `10.1.2.3 ${key.line}\n`);
  const unterminated = join(dir, 'kh-unterminated');
  writeFileSync(unterminated, 'other ssh-ed25519 AAAA');
  await (await HostKeyCheck.load(settingsFor(unterminated, 'accept-new'))).verify(key.blob);
  t.is(readFileSync(unterminated, 'utf8'), `other ssh-ed25519 AAAA\n10.1.2.3 ${key.line}\n`);
});

test('host key algorithms put the types the host is known by first, as ssh does', async (t) => {
  const rsa = await newKey('rsa');
  const file = join(dir, 'kh-rsa');
  writeFileSync(file, `10.1.2.3 ${rsa.line}\nother ${(await newKey('ed25519')).line}\n`);
  const algorithms = (await HostKeyCheck.load(settingsFor(file))).algorithms();
  t.deepEqual(algorithms.slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  t.true(algorithms.includes('ssh-ed25519'));
});
