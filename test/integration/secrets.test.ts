// Secrets declared with secret_vars or given to a no_log task are masked in
// every output, and never appear on a command line that ps can see.
import test from 'ava';
import { execa } from 'execa';
import { play } from '../helpers/play.js';

test('a declared secret is masked in output, errors and -vvv results, and hidden from ps on the host', async (t) => {
  const canary = `canary-${process.pid}-x9`;
  const run = play(
    `
- hosts: h01
  gather_facts: false
  vars:
    db_password: ${canary}
    secret_vars: [db_password]
  tasks:
    - shell: "sleep 5; echo pass={{ db_password }}"
      register: out
    - debug: {msg: "the password is {{ db_password }}"}
    - set_fact: {copied: "x{{ db_password }}y"}
    - debug: {var: copied}
    - fail: {msg: "failing with {{ db_password }}"}
`,
    ['-vvvv'],
  );
  const ps = await sampleWhileRunning('sleep 5');
  const res = await run;
  t.is(res.code, 2);
  t.true(ps.includes('sleep 5'), 'the task was running while ps was sampled');
  t.false(ps.includes(canary), 'ps on the host never shows the secret');
  t.false(res.stdout.includes(canary));
  t.false(res.stderr.includes(canary));
  t.regex(res.stdout, /the password is \*{8}/);
  t.regex(res.stdout, /failing with \*{8}/);
});

test('values given to a no_log task stay masked in later tasks', async (t) => {
  const canary = `token-${process.pid}-q7`;
  const res = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - command: "echo {{ token }}"
      vars: {token: ${canary}}
      no_log: true
    - debug: {msg: "later: ${canary}"}
`);
  t.is(res.code, 0, res.stdout);
  t.false(res.stdout.includes(canary));
  t.regex(res.stdout, /later: \*{8}/);
});

/** Sample the process list of h01 until `marker` shows up (or 10 s pass); returns every sample. */
async function sampleWhileRunning(marker: string): Promise<string> {
  let seen = '';
  for (const started = Date.now(); Date.now() - started < 10_000; ) {
    const ps = await execa('ssh', ['-F', '.lab/ssh_config', 'h01', 'ps -eo args'], { reject: false });
    seen += ps.stdout;
    if (ps.stdout.includes(marker)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return seen;
}

test('a generated password is masked in every output', async (t) => {
  const res = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - set_fact: {pw: "{{password 'test/masked-${process.pid}' length=24}}"}
    - debug: {msg: "the password is {{ pw }}"}
    - command: "echo {{ pw }}"
      register: echoed
    - assert: {that: size(echoed.stdout) == 24}
`, ['-v']);
  t.is(res.code, 0, res.stdout);
  t.regex(res.stdout, /the password is \*{8}/);
  t.notRegex(res.stdout, /"stdout":"[A-Za-z0-9.,:_-]{24}"/);
});

test('a no_log task masks what it is given, not the paths it names', async (t) => {
  const res = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - slurp: {src: /etc/hostname}
      no_log: true
    - debug: {msg: "read /etc/hostname"}
`);
  t.is(res.code, 0, res.stdout);
  t.true(res.stdout.includes('"msg": "read /etc/hostname"'));
});
