// with_nested, with_together, with_subelements, with_sequence and
// with_indexed_items through the real CLI on a lab host. The item lines
// expected are what ansible-playbook 2.14 printed for the same playbook run
// on localhost (templates written in Handlebars here: `item.[0]` for `item.0`).
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { play } from '../helpers/play.js';

test('each lookup loop runs its items in order, with loop_control, labels as Ansible shows them', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  vars:
    users:
      - name: alice
        authorized: [one.pub, two.pub]
      - name: bob
        authorized: [id.pub]
      - name: carol
    dbs: [db1, db2]
  tasks:
    - command: "echo {{ item.[0] }}@{{ item.[1] }}"
      with_nested: [[alice, bob], "{{ dbs }}"]
      register: nested_out
    - debug: var=item
      with_together: [[a, b, c], [1, 2]]
    - command: "echo {{ item.[0].name }}:{{ item.[1] }}"
      with_subelements: ["{{ users }}", authorized, {skip_missing: true}]
      register: sub_out
    - command: "echo {{ n }}/{{ i }}"
      with_sequence: start=2 end=10 stride=4 format=node%02d
      loop_control: {loop_var: n, index_var: i, label: "seq {{ n }}"}
      register: seq_out
    - debug: {msg: "{{ item.[0] }}={{ item.[1] }}"}
      with_indexed_items: "{{ dbs }}"
    - assert:
        that:
          - nested_out.results.map(r, r.stdout) == ["alice@db1", "alice@db2", "bob@db1", "bob@db2"]
          - sub_out.results.map(r, r.stdout) == ["alice:one.pub", "alice:two.pub", "bob:id.pub"]
          - seq_out.results.map(r, r.stdout) == ["node02/0", "node06/1", "node10/2"]
`);
  t.is(run.code, 0, run.stdout);
  const ansible = `
changed: [h01] => (item=['alice', 'db1'])
changed: [h01] => (item=['alice', 'db2'])
changed: [h01] => (item=['bob', 'db1'])
changed: [h01] => (item=['bob', 'db2'])
ok: [h01] => (item=['a', 1]) => {
ok: [h01] => (item=['b', 2]) => {
ok: [h01] => (item=['c', None]) => {
changed: [h01] => (item=[{'name': 'alice'}, 'one.pub'])
changed: [h01] => (item=[{'name': 'alice'}, 'two.pub'])
changed: [h01] => (item=[{'name': 'bob'}, 'id.pub'])
changed: [h01] => (item=seq node02)
changed: [h01] => (item=seq node06)
changed: [h01] => (item=seq node10)
ok: [h01] => (item=[0, 'db1']) => {
ok: [h01] => (item=[1, 'db2']) => {`;
  const itemLines = run.stdout.split('\n').filter((l) => l.includes('(item='));
  t.deepEqual(itemLines, ansible.trim().split('\n'));
  t.true(run.stdout.includes('"msg": "1=db2"'));
  t.like(recapOf(run.stdout, 'h01'), { ok: 6, changed: 3, failed: 0 });
});

test("a loop the lookup refuses fails the task with the plugin's message at the task's file:line:col", async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - debug: var=item
      with_sequence: start=1 end=5 count=3
`);
  t.is(run.code, 2, run.stdout);
  t.regex(run.stdout, /fatal: \[h01\]: FAILED! => .*play\.yml:5:7: can't specify both count and end in with_sequence/);
});
