// Ansible keywords users bring in their playbooks, through the real CLI on
// lab hosts: connection/remote_user/port (inventory variables beat them, they
// beat -u), local_action, async with poll, become_method, collections and
// gather_subset; and the clear refusals where mosip-play differs.
import { hostname } from 'node:os';
import test from 'ava';
import { LAB_INVENTORY, mosipPlay, recapOf } from '../helpers/cli.js';
import { labHost, labVars } from '../helpers/lab.js';
import { onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

/** h02 in an inventory that says nothing about the login user or port, so the keywords decide. */
function bareInventory(): string {
  const { ansible_user: _keywordsDecide, ...vars } = labVars(labHost('h02'));
  const line = Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  return `${tempTree({ 'hosts.ini': `h02 ${line}\n` })}/hosts.ini`;
}

test('connection: local runs on the controller; a task can go back to ssh', async (t) => {
  const run = await play(`
- hosts: h02
  gather_facts: false
  connection: local
  tasks:
    - command: hostname
      register: here
    - command: hostname
      connection: ssh
      register: there
    - assert: {that: ["here.stdout == '${hostname()}'", "there.stdout != '${hostname()}'"]}
`);
  t.is(run.code, 0, run.stdout);
});

test('remote_user beats -u, and the inventory ansible_user beats remote_user', async (t) => {
  const yaml = (user: string) => `
- hosts: h02
  gather_facts: false
  remote_user: ${user}
  tasks:
    - command: id -un
      register: who
    - assert: {that: ["who.stdout == 'root'"]}
`;
  const dir = tempTree({ 'root.yml': yaml('root'), 'nobody.yml': yaml('nobody') });
  // Only root's key is authorised on lab hosts: logging in as 'nobody' would fail.
  const keyword = await mosipPlay([`${dir}/root.yml`, '-i', bareInventory(), '-u', 'nobody']);
  t.is(keyword.code, 0, keyword.stdout + keyword.stderr);
  const inventory = await mosipPlay([`${dir}/nobody.yml`, '-i', LAB_INVENTORY]);
  t.is(inventory.code, 0, inventory.stdout + inventory.stderr);
  const withoutInventory = await mosipPlay([`${dir}/nobody.yml`, '-i', bareInventory()]);
  t.is(withoutInventory.code, 4, 'remote_user was not used');
});

test('local_action runs the module on the controller, in both spellings', async (t) => {
  const dest = `/tmp/local-action-${process.pid}`;
  const run = await play(`
- hosts: h02
  gather_facts: false
  tasks:
    - local_action: command hostname
      register: here
    - local_action:
        module: copy
        content: "from {{ inventory_hostname }}\\n"
        dest: ${dest}
    - assert: {that: ["here.stdout == '${hostname()}'"]}
`);
  t.is(run.code, 0, run.stdout);
  const { readFileSync, rmSync } = await import('node:fs');
  t.is(readFileSync(dest, 'utf8'), 'from h02\n');
  rmSync(dest);
  t.is(await onHost('h02', `test -e ${dest} && echo there || echo absent`), 'absent');
});

test('async with poll waits for the task, failing it past the async limit', async (t) => {
  const run = await play(`
- hosts: h02
  gather_facts: false
  tasks:
    - command: echo done
      async: 30
      poll: 1
      register: quick
    - shell: sleep 20
      async: 2
      poll: 1
      register: slow
      ignore_errors: true
    - assert: {that: ["quick.stdout == 'done'", "slow.failed", "'within the requested time - 2s' in slow.msg"]}
`);
  t.is(run.code, 0, run.stdout);
});

test('become_method sudo, collections and gather_subset are accepted', async (t) => {
  const run = await play(`
- hosts: h02
  gather_subset: [min]
  collections: [ansible.posix]
  become: true
  become_method: sudo
  tasks:
    - command: id -un
      register: who
    - assert: {that: ["who.stdout == 'root'", "ansible_facts.hostname is defined"]}
`);
  t.is(run.code, 0, run.stdout);
});

for (const [name, task, message] of [
  ['become_method other than sudo', '    - command: id\n      become_method: su\n', /6:7: 'become_method': only 'sudo' is supported/],
  ['poll: 0', '    - command: id\n      async: 10\n      poll: 0\n', /7:7: 'poll: 0' \(fire and forget\) is not supported/],
  ['local_action with delegate_to', '    - local_action: command id\n      delegate_to: h01\n', /6:7: a task cannot have both 'local_action' and 'delegate_to'/],
  ['local_action of an unknown module', '    - local_action: comand id\n', /5:7: unknown module 'comand'[\s\S]*did you mean 'command'/],
  ['an unknown connection on a play', '  connection: winrm\n  tasks: []\n', /4:3: 'connection': ssh or local/],
] as const) {
  test(`refused before any connection: ${name}`, async (t) => {
    const body = task.startsWith('    ') ? `  tasks:\n${task}` : task;
    const dir = tempTree({ 'p.yml': `\n- hosts: h02\n  gather_facts: false\n${body}` });
    const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY]);
    t.is(run.code, 1, run.stdout + run.stderr);
    t.regex(run.stderr, message);
    t.false(run.stdout.includes('TASK ['), 'something ran');
  });
}

/** h02 reached on port 2 (refused) by one task, then a second task, with or without ignore_unreachable. */
function portTwo(ignore: boolean) {
  const dir = tempTree({
    'p.yml': `
- hosts: h02
  gather_facts: false
  tasks:
    - ping:
      port: 2
      ignore_unreachable: ${ignore}
      register: lost
    - assert: {that: ["lost.unreachable"]}
`,
  });
  return mosipPlay([`${dir}/p.yml`, '-i', bareInventory()]);
}

test('port: the task reaches the host on that port; unreachable, the host leaves the play', async (t) => {
  const run = await portTwo(false);
  t.is(run.code, 4, run.stdout);
  t.like(recapOf(run.stdout, 'h02'), { ok: 0, unreachable: 1 });
  t.regex(run.stdout, /port 2\b.*refused|refused.*port 2\b|:2\b.*refused/i);
});

test('ignore_unreachable: the host is counted ok and ignored, stays in the play, and the result is registered', async (t) => {
  const run = await portTwo(true);
  t.is(run.code, 0, run.stdout);
  t.regex(run.stdout, /UNREACHABLE![^\n]*\n\.\.\.ignoring/);
  t.like(recapOf(run.stdout, 'h02'), { ok: 2, unreachable: 0, ignored: 1, failed: 0 });
});
