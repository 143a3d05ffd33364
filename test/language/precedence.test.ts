// Variable precedence, one level at a time: the same variable is defined at
// every level up to one, and that level must win (docs/variables.md).
import test from 'ava';
import { mosipPlay } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const LEVELS = [
  'role_defaults', 'inventory_all', 'group_vars_all', 'inventory_group', 'group_vars_group', 'inventory_host',
  'host_vars', 'play_vars', 'vars_prompt', 'vars_files', 'role_vars', 'block_vars', 'task_vars', 'set_fact', 'extra_vars',
] as const;
type Level = (typeof LEVELS)[number];

function project(upTo: number): { files: Record<string, string>; extra: string[] } {
  const on = (l: Level) => LEVELS.indexOf(l) <= upTo;
  const v = (l: Level) => (on(l) ? `v: ${l}\n` : '');
  const files: Record<string, string> = {
    'inv/hosts.ini': [
      `[g]\ntarget ansible_connection=local${on('inventory_host') ? ' v=inventory_host' : ''}`,
      on('inventory_group') ? '[g:vars]\nv=inventory_group' : '',
      on('inventory_all') ? '[all:vars]\nv=inventory_all' : '',
    ].join('\n'),
    'inv/group_vars/all.yml': v('group_vars_all') || '{}\n',
    'inv/group_vars/g.yml': v('group_vars_group') || '{}\n',
    'inv/host_vars/target.yml': v('host_vars') || '{}\n',
    'roles/r/defaults/main.yml': v('role_defaults') || '{}\n',
    'roles/r/vars/main.yml': v('role_vars') || '{}\n',
    'roles/r/tasks/main.yml': '- debug: {msg: role}\n',
    'vars.yml': v('vars_files') || '{}\n',
    'play.yml': `
- hosts: target
  gather_facts: false
  ${on('play_vars') ? 'vars: {v: play_vars}' : ''}
  ${on('vars_prompt') ? 'vars_prompt: [{name: v, default: vars_prompt, private: false}]' : ''}
  vars_files: [vars.yml]
  roles: [r]
  tasks:
    ${on('set_fact') ? '- set_fact: {v: set_fact}' : '- debug: {msg: no set_fact}'}
    - block:
        - debug: {msg: "winner={{ v }}"}
          ${on('task_vars') ? 'vars: {v: task_vars}' : ''}
      ${on('block_vars') ? 'vars: {v: block_vars}' : ''}
`,
  };
  return { files, extra: on('extra_vars') ? ['-e', 'v=extra_vars'] : [] };
}

for (const [i, level] of LEVELS.entries()) {
  test(`precedence: ${level} beats every level below it`, async (t) => {
    const { files, extra } = project(i);
    const dir = tempTree(files);
    const run = await mosipPlay([`${dir}/play.yml`, '-i', `${dir}/inv`, ...extra]);
    t.is(run.code, 0, run.stdout + run.stderr);
    t.true(run.stdout.includes(`"msg": "winner=${level}"`), run.stdout);
  });
}
