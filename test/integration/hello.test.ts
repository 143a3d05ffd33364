// The foundation end to end: the real CLI against real lab hosts over SSH.
import test from 'ava';
import { LAB_INVENTORY, mosipPlay, recapOf } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const HOSTS = ['h01', 'h02', 'h03'];

test.serial('hello.yml runs on three hosts, then converges on a second run', async (t) => {
  await labShell('h01 h02 h03', 'rm -f /tmp/mosip-play-hello');
  const first = await mosipPlay(['test/fixtures/hello.yml', '-i', LAB_INVENTORY, '-l', 'h01:h02:h03', '-f', '10']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.regex(first.stdout, /TASK \[Reach every host\] \*+/);
  t.true(first.stdout.includes('ok: [h02] => {\n    "msg": "h02 runs Debian 12 at 10.213.0.12"\n}'));
  for (const h of HOSTS) t.deepEqual(recapOf(first.stdout, h), { ok: 6, changed: 1, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });

  const second = await mosipPlay(['test/fixtures/hello.yml', '-i', LAB_INVENTORY, '-l', 'h01:h02:h03']);
  t.is(second.code, 0);
  for (const h of HOSTS) t.is(recapOf(second.stdout, h).changed, 0, 'creates makes the shell task idempotent');
});

test('a failing host drops out while the others finish; exit code 2', async (t) => {
  const dir = tempTree({
    'p.yml': `
- hosts: h01:h02:h03
  gather_facts: false
  tasks:
    - name: h02 fails
      command: /bin/false
      when: inventory_hostname == "h02"
    - name: the rest go on
      command: echo still here
`,
  });
  const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY]);
  t.is(run.code, 2);
  t.regex(run.stdout, /fatal: \[h02\]: FAILED! => .*"rc":1/);
  t.deepEqual(recapOf(run.stdout, 'h02'), { ok: 0, changed: 0, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 });
  t.is(recapOf(run.stdout, 'h01').changed, 1);
  t.is(recapOf(run.stdout, 'h01').skipped, 1);
  t.is(run.stdout.match(/changed: \[h0[13]\]/g)?.length, 2, 'the two healthy hosts ran the last task');
});

test('ignore_errors keeps the host going and counts as ignored', async (t) => {
  const dir = tempTree({
    'p.yml': `
- hosts: h01
  gather_facts: false
  tasks:
    - command: /bin/false
      ignore_errors: true
      register: r
    - assert:
        that: r.failed and r.rc == 1
`,
  });
  const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY]);
  t.is(run.code, 0, run.stdout);
  t.regex(run.stdout, /\.\.\.ignoring/);
  t.like(recapOf(run.stdout, 'h01'), { ok: 2, changed: 1, failed: 0, ignored: 1 });
});

test('multibyte UTF-8 output comes back whole and untrimmed', async (t) => {
  const dir = tempTree({
    'p.yml': `
- hosts: h01
  gather_facts: false
  tasks:
    - shell: "i=0; while [ $i -lt 40000 ]; do printf 'é日本'; i=$((i+1)); done; printf '\\\\n\\\\n'"
      register: out
    - assert:
        that:
          - size(out.stdout) == 120001
          - out.stdout.startsWith("é日本é日本")
          - out.stdout.endsWith("本\\n")
          - '!out.stdout.contains("\\uFFFD")'
`,
  });
  const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY]);
  t.is(run.code, 0, run.stdout + run.stderr);
});

test('check mode never runs a command without creates/removes and reports it skipped', async (t) => {
  const marker = `/tmp/mosip-play-check-${process.pid}`;
  const dir = tempTree({
    'p.yml': `
- hosts: h01
  gather_facts: false
  tasks:
    - name: would touch
      shell: touch ${marker}
    - name: guarded
      command: touch ${marker}
      args:
        creates: ${marker}
`,
  });
  const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY, '--check', '-v']);
  t.is(run.code, 0, run.stdout);
  t.regex(run.stdout, /skipping: \[h01\] => .*skipped in check mode/);
  t.regex(run.stdout, /changed: \[h01\] => .*command would have run/);
  const exists = await labShell('h01', `test -e ${marker} && echo yes || echo no`);
  t.is(exists.trim(), 'no');
});

test('extra vars override play vars, in every -e form', async (t) => {
  const dir = tempTree({
    'vars.yml': 'from_file: file\n',
    'p.yml': `
- hosts: h01
  gather_facts: false
  vars:
    a: play
  tasks:
    - assert:
        that:
          - a == "cli"
          - b == 2
          - from_file == "file"
`,
  });
  const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY, '-e', 'a=cli', '-e', '{"b": 2}', '-e', `@${dir}/vars.yml`]);
  t.is(run.code, 0, run.stdout);
});

test('--list-hosts shows the hosts of each play without connecting', async (t) => {
  const run = await mosipPlay(['test/fixtures/hello.yml', '-i', LAB_INVENTORY, '-l', 'h0[1-2]', '--list-hosts']);
  t.is(run.code, 0);
  t.regex(run.stdout, /hosts \(2\):\n\s+h01\n\s+h02/);
});

/** Run a shell command on lab hosts with the lab's own ssh config (the test's independent view). */
async function labShell(hosts: string, command: string): Promise<string> {
  const { execa } = await import('execa');
  let out = '';
  for (const h of hosts.split(' ')) {
    out += (await execa('ssh', ['-F', '.lab/ssh_config', h, command], { cwd: process.cwd() })).stdout;
  }
  return out;
}
