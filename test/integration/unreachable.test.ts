// Hosts that cannot be reached: a lab host stopped in the middle of a run,
// and a host whose key does not match known_hosts under strict checking.
import test from 'ava';
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { LAB_INVENTORY, REPO, mosipPlay, recapOf } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

/** Resolves once `re` appears in the stream's output so far. */
function seen(stream: Readable, re: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (re.test(text)) (stream.off('data', onData), resolve());
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`never saw ${re} in:\n${text}`)));
  });
}

const labHost = (action: 'stop' | 'start', host: string) => execa('bash', ['test/lab/host.sh', action, host], { cwd: REPO });

test.serial('a host stopped mid-run is unreachable (exit 4) while the others finish', async (t) => {
  const dir = tempTree({
    'p.yml': `
- hosts: h01:h04
  gather_facts: false
  tasks:
    - name: first
      ping:
    - name: long
      shell: sleep 8
    - name: after
      ping:
`,
  });
  const run = execa('node', [resolve(REPO, 'dist/cli.js'), `${dir}/p.yml`, '-i', LAB_INVENTORY], {
    cwd: REPO,
    reject: false,
    env: { CI: 'true', NO_COLOR: '1' },
    stdin: 'ignore',
  });
  try {
    // The next task's banner means `first` is done on both hosts (one task at a time): stop h04
    // during `long`, however slow a busy machine makes the start.
    await seen(run.stdout, /TASK \[long\]/);
    await labHost('stop', 'h04');
    const res = await run;
    t.is(res.exitCode, 4, `${res.stdout}${res.stderr}`);
    t.regex(res.stdout, /fatal: \[h04\]: UNREACHABLE!/);
    t.like(recapOf(res.stdout, 'h04'), { ok: 1, unreachable: 1, failed: 0 });
    t.like(recapOf(res.stdout, 'h01'), { ok: 3, changed: 1, unreachable: 0, failed: 0 });
  } finally {
    await labHost('start', 'h04');
  }
});

test('a wrong host key is refused under strict checking', async (t) => {
  const dir = tempTree({ 'p.yml': '- hosts: h01\n  gather_facts: false\n  tasks:\n    - ping:\n' });
  const { stdout: keyLine } = await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/other`], { input: 'y\n' }).then(
    () => execa('cat', [`${dir}/other.pub`]),
  );
  writeFileSync(`${dir}/known_hosts`, `10.213.0.11 ${keyLine.split(' ').slice(0, 2).join(' ')}\n`);
  const args = `-o UserKnownHostsFile=${dir}/known_hosts -o StrictHostKeyChecking=yes`;
  const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY, '-e', JSON.stringify({ ansible_ssh_common_args: args })]);
  t.is(run.code, 4, run.stdout);
  t.regex(run.stdout, /fatal: \[h01\]: UNREACHABLE! => .*host key/i);
  t.regex(run.stdout, new RegExp(`${dir}/known_hosts:1`));
});
