// vars_prompt and the play's `order` through the real CLI on lab hosts: a
// value from -e reaches the tasks (masked unless private: false), a default
// is used when -e says nothing, a missing value stops the run before any
// connection; hosts are batched and shown in the play's order.
import test from 'ava';
import { onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

const MARKER = '/tmp/vars-prompt-marker';

const PROMPTED = `
- hosts: h01
  gather_facts: false
  vars_prompt:
    - name: admin_password
      prompt: Admin password
    - name: admin_name
      prompt: Admin name
      private: false
    - name: release
      default: "2.{{ minor }}"
  vars: {minor: 7}
  tasks:
    - copy: {dest: "/tmp/vars-prompt-{{ admin_name }}", content: "{{ admin_password }}"}
    - command: cat /tmp/vars-prompt-{{ admin_name }}
      register: out
    - debug: {msg: "name={{ admin_name }} password={{ out.stdout }} release={{ release }}"}
`;

test('vars_prompt: values from -e reach the host, private ones masked in the output', async (t) => {
  const run = await play(PROMPTED, ['-e', 'admin_password=s3cret-Pa55', '-e', 'admin_name=operator1', '-v']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(await onHost('h01', 'cat /tmp/vars-prompt-operator1'), 's3cret-Pa55');
  t.true(run.stdout.includes('"msg": "name=operator1 password=******** release=2.7"'), run.stdout);
  t.false((run.stdout + run.stderr).includes('s3cret-Pa55'));
});

test('vars_prompt: with no value the run stops before any play, at the entry, saying how to pass it', async (t) => {
  await onHost('h01', `rm -f ${MARKER}`);
  const first = `
- hosts: h01
  gather_facts: false
  tasks:
    - file: {path: ${MARKER}, state: touch}
`;
  const run = await play(first + PROMPTED, ['-e', 'admin_name=operator1']);
  t.is(run.code, 1, run.stdout + run.stderr);
  t.is(run.stdout, '');
  t.regex(run.stderr, /play\.yml:10:7: the play asks for 'admin_password' \("Admin password"\) and mosip-play never prompts/);
  t.true(run.stderr.includes('hint: give it with -e admin_password=..., or in a vars file with -e @file.yml'), run.stderr);
  t.is(await onHost('h01', `test -e ${MARKER} && echo present || echo absent`), 'absent');
});

test('vars_prompt: a vars file given with -e @file answers it too', async (t) => {
  const answers = tempTree({ 'answers.yml': 'admin_password: from-file-Pa55\nadmin_name: from-file\nrelease: "3.0"\n' });
  const run = await play(PROMPTED, ['-e', `@${answers}/answers.yml`]);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.true(run.stdout.includes('"msg": "name=from-file password=******** release=3.0"'), run.stdout);
});

test('order: reverse_sorted with serial 1 runs and shows the hosts in that order', async (t) => {
  const run = await play(`
- hosts: h02:h04:h01:h03
  gather_facts: false
  order: reverse_sorted
  serial: 1
  tasks:
    - command: hostname
`);
  t.is(run.code, 0, run.stdout + run.stderr);
  const shown = [...run.stdout.matchAll(/^changed: \[(h0\d)\]/gm)].map((m) => m[1]);
  t.deepEqual(shown, ['h04', 'h03', 'h02', 'h01']);
});

test('order: the batch and run_once follow it; ansible_play_hosts_all keeps inventory order, as in Ansible', async (t) => {
  const run = await play(`
- hosts: h01:h02:h03:h04
  gather_facts: false
  order: reverse_inventory
  tasks:
    - debug: {msg: "all={{ join ansible_play_hosts_all ' ' }} batch={{ join ansible_play_batch ' ' }}"}
      run_once: true
`);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.true(run.stdout.includes('ok: [h04] => {\n    "msg": "all=h01 h02 h03 h04 batch=h04 h03 h02 h01"'), run.stdout);
});
