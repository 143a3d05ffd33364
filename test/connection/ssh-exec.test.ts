// Running commands over one real SSH connection to a lab host.
import test from 'ava';
import { createHash, randomBytes } from 'node:crypto';
import { ConnectionPool, connectionSettings } from '../../src/connection/index.js';
import { labHost, labVars } from '../helpers/lab.js';

const h01 = labHost('h01');
const pool = new ConnectionPool();
const conn = pool.get(h01.name, connectionSettings(h01.name, labVars(h01), {}));
test.after.always(() => pool.closeAll());

test('rc, stdout and stderr come back separately; a non-zero exit is a result', async (t) => {
  t.deepEqual(await conn.exec('printf out; printf err >&2; exit 7'), { rc: 7, stdout: 'out', stderr: 'err' });
});

test('the script runs under /bin/sh as written: quotes, $, newlines', async (t) => {
  const script = `printf '%s|' "it's" '$HOME' "$((1 + 2))"\necho\nreadlink /proc/$$/exe`;
  t.deepEqual(await conn.exec(script), { rc: 0, stdout: "it's|$HOME|3|\n/usr/bin/dash\n", stderr: '' });
});

test('1 MB of stdin arrives intact', async (t) => {
  const bytes = randomBytes(1 << 20);
  const { stdout } = await conn.exec('sha256sum', { stdin: bytes });
  t.is(stdout, `${createHash('sha256').update(bytes).digest('hex')}  -\n`);
  const text = 'line of text\n'.repeat(80_000);
  t.is((await conn.exec('cat', { stdin: text })).stdout, text);
});

test('300 KB of multibyte UTF-8 comes back intact and untrimmed, on both streams', async (t) => {
  const line = 'é 日本語 ünïcödé\n';
  const count = 12_000;
  const expected = line.repeat(count) + '\n\n';
  t.true(Buffer.byteLength(expected) > 300_000);
  const script = `i=0; while [ $i -lt ${count} ]; do printf '${line.trimEnd()}\\n'; i=$((i + 1)); done; printf '\\n\\n'`;
  const out = await conn.exec(`{ ${script}; } | tee /dev/stderr`);
  t.is(out.stdout, expected);
  t.is(out.stderr, expected);
  t.is((await conn.exec('cat', { stdin: expected })).stdout, expected);
});

test('50 concurrent execs all succeed over one TCP connection, at most 8 channels at a time', async (t) => {
  const dir = `/tmp/mosip-play-channels-${process.pid}`;
  await conn.exec(`rm -rf ${dir}; mkdir ${dir}`);
  // Each exec marks itself present, counts who else is, then leaves.
  const script = `mkdir ${dir}/$$; ls ${dir} | wc -l; echo "$SSH_CONNECTION" >&2; sleep 0.2; rmdir ${dir}/$$`;
  const results = await Promise.all(Array.from({ length: 50 }, () => conn.exec(script)));
  t.true(results.every((r) => r.rc === 0));
  t.is(new Set(results.map((r) => r.stderr)).size, 1, 'every exec saw the same client address and port');
  const concurrent = Math.max(...results.map((r) => Number(r.stdout)));
  t.true(concurrent >= 2 && concurrent <= 8, `at most 8 at once, saw ${concurrent}`);
});

test('become runs the script as another user through sudo', async (t) => {
  t.deepEqual(await conn.exec('id -un; echo "$HOME"', { become: { user: 'nobody' } }), {
    rc: 0,
    stdout: 'nobody\n/nonexistent\n',
    stderr: '',
  });
});

test('a become that sudo refuses is a failed result, not a prompt or an exception', async (t) => {
  const result = await conn.exec('true', { become: { user: 'no-such-user' } });
  t.not(result.rc, 0);
  t.regex(result.stderr, /sudo: unknown user/);
});

test('a command killed by a signal gives rc 255 and names the signal', async (t) => {
  const result = await conn.exec('echo before; kill -TERM $$');
  t.deepEqual(result, { rc: 255, stdout: 'before\n', stderr: 'command killed by signal SIGTERM\n' });
});

test('onOutput sees each chunk as it arrives', async (t) => {
  const chunks: Array<[string, string, number]> = [];
  const start = Date.now();
  const result = await conn.exec('echo a; sleep 0.5; echo b >&2', {
    onOutput: (stream, chunk) => chunks.push([stream, chunk.toString(), Date.now() - start]),
  });
  t.deepEqual(chunks.map(([stream, text]) => [stream, text]), [['stdout', 'a\n'], ['stderr', 'b\n']]);
  t.true((chunks[0]?.[2] ?? Infinity) < (chunks[1]?.[2] ?? 0) - 300, 'the first chunk came before the sleep ended');
  t.deepEqual(result, { rc: 0, stdout: 'a\n', stderr: 'b\n' });
});
