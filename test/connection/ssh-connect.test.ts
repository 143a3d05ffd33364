// Opening connections to real lab hosts: host keys, authentication, network failures, jump hosts.
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConnectionPool,
  HostUnreachableError,
  connectionSettings,
  type Connection,
  type UnreachableReason,
} from '../../src/connection/index.js';
import { lab, labHost, labVars, type LabHost } from '../helpers/lab.js';
import { tempTree } from '../helpers/tmp.js';
import { silentServer } from './silent-server.js';

const [h01, h02, h03] = [labHost('h01'), labHost('h02'), labHost('h03')];
const dir = tempTree({});
const pool = new ConnectionPool();
test.after.always(() => pool.closeAll());

/** A connection to `host` with its lab variables, some of them replaced. */
function connect(host: LabHost, vars: Record<string, unknown> = {}): Connection {
  const name = `${host.name}-${Math.random().toString(36).slice(2)}`;
  return pool.get(name, connectionSettings(name, { ...labVars(host), ...vars }, {}));
}

/** The message of the HostUnreachableError that opening `conn` fails with, for `reason`. */
async function unreachable(t: ExecutionContext, conn: Connection, reason: UnreachableReason): Promise<string> {
  const err = await t.throwsAsync(conn.open(), { instanceOf: HostUnreachableError });
  t.is(err?.reason, reason, err?.message);
  return err?.message ?? '';
}

/** A new key pair in the test's directory; the path of its private key. */
async function newKey(name: string): Promise<string> {
  const file = join(dir, name);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  return file;
}

/** The lab's known_hosts line of `host`, and the fingerprint ssh-keygen prints for it. */
async function labKey(host: LabHost): Promise<{ line: string; fingerprint: string }> {
  const line = readFileSync(lab().knownHosts, 'utf8').split('\n').find((l) => l.startsWith(`${host.address},`)) ?? '';
  const file = join(dir, `${host.name}.pub`);
  writeFileSync(file, line.split(' ').slice(1).join(' ') + '\n');
  const { stdout } = await execa('ssh-keygen', ['-lf', file]);
  return { line, fingerprint: stdout.split(' ')[1] ?? '' };
}

const knownHostsArgs = (file: string, checking: string) => ({
  ansible_ssh_common_args: `-o UserKnownHostsFile=${file} -o StrictHostKeyChecking=${checking}`,
});

test('a changed host key is refused under strict, naming known_hosts file:line and the offered fingerprint', async (t) => {
  const stale = readFileSync(`${await newKey('stale')}.pub`, 'utf8');
  const file = join(dir, 'known_hosts_changed');
  writeFileSync(file, `# stale entry below\n${h01.address} ${stale}`);
  const message = await unreachable(t, connect(h01, knownHostsArgs(file, 'yes')), 'hostkey');
  const { fingerprint } = await labKey(h01);
  t.regex(message, new RegExp(`^changed host key for h01-\\w+ \\(${h01.address}\\)`));
  t.true(message.includes(`ssh-ed25519 key ${fingerprint} does not match the key at ${file}:2`), message);
});

test('an unknown host is refused under strict', async (t) => {
  const file = join(dir, 'known_hosts_empty');
  writeFileSync(file, '');
  t.regex(await unreachable(t, connect(h01, knownHostsArgs(file, 'yes')), 'hostkey'), /unknown host key .* is not in/);
});

test('accept-new records the key of a new host, which strict then accepts', async (t) => {
  const file = join(dir, 'accept-new/known_hosts');
  await connect(h01, knownHostsArgs(file, 'accept-new')).open();
  const recorded = readFileSync(file, 'utf8');
  const { line } = await labKey(h01);
  t.is(recorded, `${h01.address} ${line.split(' ').slice(1).join(' ')}\n`);
  t.is((await connect(h01, knownHostsArgs(file, 'yes')).exec('echo ok')).stdout, 'ok\n');
});

test('a key the host does not accept is an auth failure naming user, address and key, never the password', async (t) => {
  const key = await newKey('unauthorized');
  const conn = connect(h01, { ansible_ssh_private_key_file: key, ansible_password: 'hunter2-secret' });
  const message = await unreachable(t, conn, 'auth');
  t.true(message.startsWith(`authentication failed for root@${h01.address} (tried key ${key}`), message);
  t.true(message.includes('password'));
  t.false(message.includes('hunter2'));
});

test('an unusable key file is named in the auth failure with the reason', async (t) => {
  const encrypted = join(dir, 'encrypted');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'passphrase', '-f', encrypted]);
  const missing = join(dir, 'missing');
  for (const [key, reason] of [[encrypted, 'encrypted: load it into ssh-agent'], [missing, 'not found']]) {
    const message = await unreachable(t, connect(h01, { ansible_ssh_private_key_file: key }), 'auth');
    t.true(message.includes(`tried key ${key} (${reason}`), message);
  }
});

test('a port with nothing listening is a network failure', async (t) => {
  const message = await unreachable(t, connect(h01, { ansible_port: 1 }), 'network');
  t.is(message, `cannot connect to ${h01.address}:1: connection refused (is sshd listening on that port?)`);
});

test('a server that accepts TCP but never speaks SSH times out', async (t) => {
  const server = await silentServer();
  t.teardown(() => server.close());
  const conn = connect(h01, { ansible_host: '127.0.0.1', ansible_port: server.port, ansible_ssh_timeout: 1 });
  t.is(await unreachable(t, conn, 'timeout'), `timed out after 1 s connecting to 127.0.0.1:${server.port}`);
});

test('a host behind a jump host: the target sees the jump host as its client', async (t) => {
  const conn = connect(h02, { ansible_ssh_jump: `root@${h01.address}` });
  const { stdout } = await conn.exec('echo "$SSH_CONNECTION"');
  t.true(stdout.startsWith(`${h01.address} `), stdout);
});

test('targets behind the same jump host share one connection to it', async (t) => {
  const via = { ansible_ssh_common_args: `-J root@${h01.address}:22 -o UserKnownHostsFile=${lab().knownHosts}` };
  const clientPorts = await Promise.all(
    [h02, h03].map(async (host) => (await connect(host, via).exec('echo "$SSH_CONNECTION"')).stdout.split(' ')[1]),
  );
  // On the jump host, both forwarded TCP connections belong to one sshd session process.
  const filter = clientPorts.map((port) => `sport = :${port}`).join(' or ');
  const { stdout } = await connect(h01).exec(`ss -tnpH state established '( ${filter} )'`);
  const owners = stdout.trim().split('\n').map((line) => /pid=(\d+)/.exec(line)?.[1]);
  t.is(owners.length, 2, stdout);
  t.is(owners[0], owners[1], stdout);
});

test('an unreachable jump host makes its targets unreachable, saying so', async (t) => {
  const message = await unreachable(t, connect(h02, { ansible_ssh_jump: `root@${h01.address}:1` }), 'network');
  t.is(message, `through jump host: cannot connect to ${h01.address}:1: connection refused (is sshd listening on that port?)`);
});

test('exec after close fails as closed', async (t) => {
  const conn = connect(h01);
  await conn.exec('true');
  await conn.close();
  t.regex(await unreachable(t, conn, 'closed'), /^connection to h01-\w+ was closed$/);
});
