// On a terminal the output has a spinner; on a terminal without a size (a
// pty nobody sized, as under `script` with no terminal of its own) it must
// fall back to plain lines instead of erasing lines forever.
import { execa } from 'execa';
import test from 'ava';
import { REPO } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

test('a terminal of size 0x0 gets plain output, not an endless spinner', async (t) => {
  const dir = tempTree({ 'p.yml': '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: {msg: hi}\n' });
  const { CI: _notCi, ...env } = process.env;
  // setsid: no controlling terminal, so the pty `script` opens keeps the size 0x0.
  const run = await execa('setsid', ['script', '-qec', `stty size; node ${REPO}/dist/cli.js ${dir}/p.yml`, '/dev/null'], {
    env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: 30_000,
    maxBuffer: 1_000_000,
  });
  t.regex(run.stdout, /^0 0/, 'the pty was sized after all: this test proves nothing');
  t.is(run.exitCode, 0, run.stdout.slice(0, 2000));
  t.true(run.stdout.length < 5000, `${run.stdout.length} bytes of output for one task`);
  t.regex(run.stdout, /PLAY RECAP/);
});
