// Through the real CLI on lab hosts, compared with what ansible-playbook 2.14
// does with the same plays: a templated play `hosts`, `play_hosts` as the
// serial batch, and YAML `!unsafe` values that no templating touches.
// In-process: test/unit/play-compat.test.ts.
import test from 'ava';
import { mosipPlay, recapOf } from '../helpers/cli.js';
import { onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

const TARGETED = `
- hosts: "{{ target }}"
  gather_facts: false
  vars: {target: h01}
  tasks:
    - debug: {msg: "on {{ inventory_hostname }}"}
- hosts: ["{{ asked }}", h04]
  gather_facts: false
  vars_prompt:
    - {name: asked, prompt: Which host, default: h03}
  tasks:
    - debug: {msg: "on {{ inventory_hostname }}"}
`;

test('hosts: templated with play vars, -e and vars_prompt answers; the play is named after the result', async (t) => {
  const run = await play(TARGETED, ['-e', 'asked=h02']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.true(run.stdout.includes('PLAY [h01] ***'), run.stdout);
  t.true(run.stdout.includes('PLAY [h02,h04] ***'), run.stdout);
  t.deepEqual(recapOf(run.stdout, 'h02').ok, 1);
  t.false(run.stdout.includes('h03'));
  const defaulted = await play(TARGETED, ['-e', 'target=h02']);
  t.is(defaulted.code, 0, defaulted.stdout + defaulted.stderr);
  t.true(defaulted.stdout.includes('PLAY [h02] ***'), defaulted.stdout);
  t.true(defaulted.stdout.includes('PLAY [h03,h04] ***'), defaulted.stdout);
  t.false(defaulted.stdout.includes('h01'));
});

test('--list-hosts shows the templated patterns and the hosts they match', async (t) => {
  const run = await play(TARGETED, ['--list-hosts', '-e', 'target=h04']);
  t.is(run.code, 0, run.stderr);
  t.true(run.stdout.includes("play #1 (h04): h04\n    pattern: ['h04']\n    hosts (1):\n      h04"), run.stdout);
  t.true(run.stdout.includes("play #2 (h03:h04): h03,h04\n    pattern: ['h03:h04']\n    hosts (2):\n      h03\n      h04"), run.stdout);
});

test('hosts: an undefined variable is an error at the hosts key before any host is touched', async (t) => {
  const dir = tempTree({
    'play.yml': `- hosts: h01
  gather_facts: false
  tasks:
    - file: {path: /tmp/play-compat-never, state: touch}
- name: second
  hosts: [h02, "{{ nope }}"]
  tasks: []
`,
  });
  const run = await mosipPlay([`${dir}/play.yml`, '-i', 'inventory/lab/hosts.ini']);
  t.is(run.code, 1);
  t.true(run.stderr.includes(`${dir}/play.yml:6:3: undefined variable 'nope'`), run.stderr);
  t.is(await onHost('h01', 'test -e /tmp/play-compat-never && echo yes || echo no'), 'no');
});

test('play_hosts is the serial batch (Ansible\'s alias of ansible_play_batch); ansible_play_hosts is every host', async (t) => {
  const run = await play(`
- hosts: h01:h02:h03
  gather_facts: false
  serial: 2
  tasks:
    - debug: {msg: "{{ join play_hosts ',' }} / {{ join ansible_play_hosts ',' }}"}
`);
  t.is(run.code, 0, run.stdout);
  // ansible-playbook 2.14 with serial: 2 on a,b,c printed "['a', 'b'] ['a', 'b', 'c']" twice, then "['c'] ['a', 'b', 'c']".
  const msgs = [...run.stdout.matchAll(/"msg": "([^"]*)"/g)].map((m) => m[1]);
  t.deepEqual(msgs, ['h01,h02 / h01,h02,h03', 'h01,h02 / h01,h02,h03', 'h03 / h01,h02,h03']);
});

test('!unsafe: never templated in variables, module arguments, task names, loops; registered as written', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  vars:
    b: B
    u: !unsafe "{{ b }} raw"
    derived: "x {{ u }}"
    l: ["{{ b }}", !unsafe "{{ b }}"]
  tasks:
    - name: !unsafe "name {{ b }}"
      shell: !unsafe "printf '%s' '{{ b }}' > /tmp/play-compat-unsafe"
    - command: "cat /tmp/play-compat-unsafe"
      register: written
    - debug: {msg: "{{ derived }}|{{ written.stdout }}|{{ upper u }}"}
    - debug: {msg: "{{ item }}"}
      loop: "{{ l }}"
    - set_fact: {kept: "{{ u }}"}
    - assert:
        that: ['kept == u', 'kept != "B raw"']
`);
  t.is(run.code, 0, run.stdout);
  t.true(run.stdout.includes('TASK [name {{ b }}] ***'), run.stdout);
  t.is(await onHost('h01', 'cat /tmp/play-compat-unsafe; rm -f /tmp/play-compat-unsafe'), '{{ b }}');
  // ansible-playbook 2.14: "x {{ b }} raw", "{{ b }}", "{{ B }} RAW"; the loop gives "B" then "{{ b }}".
  t.true(run.stdout.includes('"msg": "x {{ b }} raw|{{ b }}|{{ B }} RAW"'), run.stdout);
  t.true(run.stdout.includes('(item=B) => {\n    "msg": "B"'), run.stdout);
  t.true(run.stdout.includes('(item={{ b }}) => {\n    "msg": "{{ b }}"'), run.stdout);
  t.like(recapOf(run.stdout, 'h01'), { failed: 0 });
});
