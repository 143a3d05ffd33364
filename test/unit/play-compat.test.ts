// In-process: a templated play `hosts` (which variables it sees, its errors
// at file:line:col) and YAML `!unsafe` values, which no templating touches.
// The same through the CLI on lab hosts: test/language/play-compat.test.ts.
import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import type { Vars } from '../../src/inventory/model.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import type { Task } from '../../src/playbook/model.js';
import { renderValue } from '../../src/template/render.js';
import { Unsafe } from '../../src/template/unsafe.js';
import { buildScope } from '../../src/vars/scope.js';
import { parseYaml } from '../../src/yaml/load.js';
import { tempTree } from '../helpers/tmp.js';

function playFile(yaml: string, files: Record<string, string> = {}): string {
  return `${tempTree({ 'play.yml': yaml, ...files })}/play.yml`;
}

function load(yaml: string, extraVars: Vars = {}, files: Record<string, string> = {}) {
  return loadPlaybook(playFile(yaml, files), { extraVars, groups: { all: ['a', 'b', 'c'], web: ['b', 'c'] } });
}

test('hosts: templated with play vars, overridden by extra vars; an unnamed play is named after the result', (t) => {
  const yaml = `
- hosts: "{{ target }}"
  vars: {target: "{{ tier }}-web", tier: prod}
  tasks: []
`;
  t.like(load(yaml)[0], { hosts: 'prod-web', name: 'prod-web' });
  t.like(load(yaml, { target: 'b' })[0], { hosts: 'b', name: 'b' });
});

test('a play name is templated with what hosts sees; an undefined variable in it is an error at the name', (t) => {
  const [play] = load(`
- name: "deploy {{ tier }} to {{ target }}"
  hosts: "{{ target }}"
  vars: {tier: prod}
  tasks: []
`, { target: 'b' });
  t.like(play, { name: 'deploy prod to b' });
  const err = t.throws(() => load('- name: "{{ nope }}"\n  hosts: a\n  tasks: []\n'), { instanceOf: TemplateError });
  t.like(err?.location, { line: 1, col: 3 });
});

test('hosts: a list of patterns, each templated; a template may give the list, not an entry of it', (t) => {
  const [play] = load(`
- hosts: ["{{ first }}", c]
  vars: {first: a}
  tasks: []
`);
  // ansible-playbook 2.14 names such a play "a,c" (the patterns joined with ',').
  t.like(play, { hosts: 'a:c', name: 'a,c' });
  t.like(load('- hosts: "{{ groups.web }}"\n  tasks: []\n')[0], { hosts: 'b:c' });
  // Ansible: "the field 'hosts' should be a list of (<class 'str'>,), but the item '['b', 'c']' is a <class 'list'>".
  const err = t.throws(() => load('- hosts: [a, "{{ groups.web }}"]\n  tasks: []\n'));
  t.is(err!.message, "'hosts' must give host patterns, but an entry is a list");
});

test('hosts: sees vars_files, vars_prompt answers, role defaults and vars, playbook_dir', (t) => {
  const file = playFile(
    `
- hosts: "{{ from_file }}:{{ asked }}:{{ role_default }}:{{ role_var }}:{{ basename playbook_dir }}"
  vars_files: [fv.yml]
  vars_prompt:
    - {name: asked, default: p}
  roles: [r]
  tasks: []
`,
    { 'fv.yml': 'from_file: f\n', 'roles/r/defaults/main.yml': 'role_default: d\n', 'roles/r/vars/main.yml': 'role_var: v\n' },
  );
  const dir = file.split('/').at(-2);
  t.is(loadPlaybook(file)[0]!.hosts, `f:p:d:v:${dir}`);
});

test('hosts: an undefined variable is an error at the hosts key, in a list too', (t) => {
  for (const hosts of ['"{{ nope }}"', '[a, "{{ nope }}"]']) {
    const file = playFile(`- hosts: a\n  tasks: []\n- name: second\n  hosts: ${hosts}\n  tasks: []\n`);
    const err = t.throws(() => loadPlaybook(file), { instanceOf: TemplateError });
    t.regex(err!.message, /undefined variable 'nope'/);
    t.deepEqual(err!.location, { file, line: 4, col: 3 });
  }
});

test('!unsafe: read as a marked string that rendering gives back as written', (t) => {
  const doc = parseYaml('u: !unsafe "{{ b }} raw"\nl: [!unsafe "{{ b }}", "{{ b }}"]\n', 'x.yml') as Vars;
  t.true(doc.u instanceof Unsafe);
  t.deepEqual(renderValue(doc, { b: 'B' }), { u: '{{ b }} raw', l: ['{{ b }}', 'B'] });
});

test('!unsafe: variables holding it, or built from it, keep its braces', (t) => {
  const scope = buildScope([
    { b: 'B', u: new Unsafe('{{ b }}'), plain: new Unsafe('text'), derived: 'x {{ u }}', nested: { k: [new Unsafe('{{ b }}')] } },
  ]);
  t.deepEqual({ ...scope }, { b: 'B', u: '{{ b }}', plain: 'text', derived: 'x {{ b }}', nested: { k: ['{{ b }}'] } });
  t.is(renderValue('{{ u }}', scope), '{{ b }}');
});

test('!unsafe: a free-form module string and a task name are never templated', (t) => {
  const [play] = load(`
- hosts: a
  tasks:
    - name: !unsafe "show {{ b }}"
      shell: !unsafe "docker ps --format '{{ .Names }}' chdir=/tmp"
`);
  const task = play!.sections[1]!.steps[0] as Task;
  t.like(task, { name: 'show {{ b }}', literalName: true });
  t.deepEqual(renderValue(task.args, {}), { cmd: "docker ps --format '{{ .Names }}'", chdir: '/tmp' });
});
