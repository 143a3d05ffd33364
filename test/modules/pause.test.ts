// pause: waits on the controller (no connection needed), in check mode too,
// and never waits for the keyboard.
import test from 'ava';
import { mosipPlay, recapOf } from '../helpers/cli.js';
import { play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

test('pauses for the given time on the controller, without touching the host, in check mode too', async (t) => {
  // A host nobody answers for: pause must not need it.
  const dir = tempTree({
    'hosts.ini': 'ghost ansible_host=10.213.0.254 ansible_user=root\n',
    'play.yml': `
- hosts: ghost
  gather_facts: false
  tasks:
    - pause: {seconds: 1.5}
      register: p
    - pause: {minutes: 0.02}
      register: m
    - assert: {that: ['p.delta == 1', 'p.stdout == "Paused for 1 seconds"', '!p.changed', 'm.stdout == "Paused for 0.0 minutes"']}
`,
  });
  for (const args of [[], ['--check']]) {
    const start = Date.now();
    const run = await mosipPlay([`${dir}/play.yml`, '-i', `${dir}/hosts.ini`, ...args]);
    t.is(run.code, 0, run.stdout + run.stderr);
    t.like(recapOf(run.stdout, 'ghost'), { ok: 3, changed: 0, unreachable: 0 });
    t.true(Date.now() - start >= 2700, 'both pauses were waited out');
  }
});

test('prompt, or no duration, is refused at once: a run never waits for the keyboard', async (t) => {
  const start = Date.now();
  const run = await play(`
- hosts: h09
  gather_facts: false
  tasks:
    - pause: {prompt: "Press enter to continue"}
    - pause:
`);
  t.is(run.code, 2, run.stdout);
  t.regex(run.stdout, /invalid arguments for 'pause': prompt\/echo are not supported: a run never waits for keyboard input; use seconds or minutes/);
  t.true(Date.now() - start < 15_000);

  const empty = await play(`
- hosts: h09
  gather_facts: false
  tasks:
    - pause:
`);
  t.regex(empty.stdout, /seconds or minutes is required: a pause without a duration would wait for keyboard input/);
});
