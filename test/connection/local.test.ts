// ansible_connection=local: the same contract as SSH, on this machine.
import test from 'ava';
import { userInfo } from 'node:os';
import { ConnectionPool, connectionSettings } from '../../src/connection/index.js';

const pool = new ConnectionPool();
const conn = pool.get('localhost', connectionSettings('localhost', { ansible_connection: 'local' }, {}));
test.after.always(() => pool.closeAll());

test('rc, stdout and stderr come back separately; a non-zero exit is a result', async (t) => {
  t.deepEqual(await conn.exec('printf out; printf err >&2; exit 7'), { rc: 7, stdout: 'out', stderr: 'err' });
});

test('stdin goes in, multibyte output comes back untrimmed', async (t) => {
  const text = 'é 日本語\n'.repeat(40_000) + '\n\n';
  t.deepEqual(await conn.exec('cat', { stdin: text }), { rc: 0, stdout: text, stderr: '' });
});

test('without stdin, a command reading it sees end of file at once', async (t) => {
  t.deepEqual(await conn.exec('wc -c'), { rc: 0, stdout: '0\n', stderr: '' });
});

test('the script runs under /bin/sh with quotes and $ as written', async (t) => {
  t.is((await conn.exec(`printf '%s|' "it's" '$HOME'`)).stdout, "it's|$HOME|");
});

test('becoming the user we already are needs no sudo', async (t) => {
  const me = userInfo().username;
  t.deepEqual(await conn.exec('id -un', { become: { user: me } }), { rc: 0, stdout: `${me}\n`, stderr: '' });
});

test('a command killed by a signal gives rc 255 and names the signal', async (t) => {
  t.deepEqual(await conn.exec('kill -KILL $$'), { rc: 255, stdout: '', stderr: 'command killed by signal SIGKILL\n' });
});

test('onOutput sees the chunks', async (t) => {
  const seen: string[] = [];
  await conn.exec('echo a; echo b >&2', { onOutput: (stream, chunk) => seen.push(`${stream}:${chunk.toString()}`) });
  t.deepEqual(seen.sort(), ['stderr:b\n', 'stdout:a\n']);
});
