// The pool's bookkeeping, on loopback only.
import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionPool, HostUnreachableError, connectionSettings } from '../../src/connection/index.js';
import { silentServer } from './silent-server.js';

test('one connection per host and way of reaching it, created without connecting', async (t) => {
  const pool = new ConnectionPool();
  const vars = { ansible_host: '127.0.0.1', ansible_port: 1, ansible_user: 'a' };
  const first = pool.get('web1', connectionSettings('web1', vars, {}));
  t.is(pool.get('web1', connectionSettings('web1', { ...vars }, {})), first);
  // A task's remote_user or port reaches the same host another way: its own connection.
  t.not(pool.get('web1', connectionSettings('web1', { ...vars, ansible_user: 'b' }, {})), first);
  t.not(pool.get('web1', connectionSettings('web1', { ...vars, ansible_port: 2 }, {})), first);
  t.not(pool.get('web2', connectionSettings('web2', {}, {})), first);
  t.is(pool.get('localhost', connectionSettings('localhost', { ansible_connection: 'local' }, {})).constructor.name, 'LocalConnection');
  await pool.closeAll();
});

test('at most maxHandshakes connections are being set up at once', async (t) => {
  const server = await silentServer();
  t.teardown(() => server.close());
  const pool = new ConnectionPool({ maxHandshakes: 2 });
  // Each handshake hangs until its 0.3 s timeout: 5 of them, 2 at a time, take 3 rounds.
  const vars = { ansible_host: '127.0.0.1', ansible_port: server.port, ansible_ssh_timeout: 0.3 };
  const start = Date.now();
  const opens = Array.from({ length: 5 }, (_, i) => pool.get(`h${i}`, connectionSettings(`h${i}`, vars, {})).open());
  await sleep(250);
  t.true(server.accepted() <= 2, `${server.accepted()} connections before any handshake timed out`);
  const results = await Promise.allSettled(opens);
  t.true(Date.now() - start >= 900);
  t.is(server.accepted(), 5);
  t.true(results.every((r) => r.status === 'rejected' && (r.reason as HostUnreachableError).reason === 'timeout'));
  await pool.closeAll();
});
