// blockinfile on lab host h06: Ansible's placement and replacement rules case
// by case (edit-cases.ts applies, re-applies and check-runs the table), then
// the failures.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { onHost, play } from '../helpers/play.js';
import { H, runCases, type EditCase } from './edit-cases.js';

const DIR = '/srv/mp-test/edit/blockinfile';
const B = '# BEGIN ANSIBLE MANAGED BLOCK\n';
const E = '# END ANSIBLE MANAGED BLOCK\n';

const cases: EditCase[] = [
  {
    name: 'inserts at EOF by default',
    initial: 'a\n',
    args: { block: 'x\ny\n' },
    expected: `a\n${B}x\ny\n${E}`,
    changed: true,
    diff: ['+# BEGIN ANSIBLE MANAGED BLOCK', '+x', '+# END ANSIBLE MANAGED BLOCK'],
  },
  { name: 'replaces a block where it is', initial: `a\n${B}old\n${E}b\n`, args: { block: 'new' }, expected: `a\n${B}new\n${E}b\n`, changed: true, diff: ['-old', '+new'] },
  { name: 'an identical block is left alone', initial: `a\n${B}z\n${E}b\n`, args: { block: 'z' }, expected: `a\n${B}z\n${E}b\n`, changed: false },
  { name: 'insertafter the last matching line', initial: '[a]\nk\n[a]\nk\n', args: { block: 'z', insertafter: '^\\[a\\]' }, expected: `[a]\nk\n[a]\n${B}z\n${E}k\n`, changed: true },
  { name: 'insertafter matching nothing goes to EOF', initial: 'a\n', args: { block: 'z', insertafter: '^nomatch' }, expected: `a\n${B}z\n${E}`, changed: true },
  { name: 'insertbefore BOF', initial: 'a\n', args: { block: 'z', insertbefore: 'BOF' }, expected: `${B}z\n${E}a\n`, changed: true },
  { name: 'insertbefore a pattern', initial: 'a\nb\n', args: { block: 'z', insertbefore: '^b' }, expected: `a\n${B}z\n${E}b\n`, changed: true },
  { name: 'a multiline insertafter searches the whole file', initial: 'a\nb\nc\n', args: { block: 'z', insertafter: '(?m)^a\\nb$' }, expected: `a\nb\n${B}z\n${E}c\n`, changed: true },
  { name: 'state absent removes the block', initial: `a\n${B}z\n${E}b\n`, args: { state: 'absent' }, expected: 'a\nb\n', changed: true, diff: ['-z'] },
  { name: 'an empty block removes it too', initial: `a\n${B}z\n${E}b\n`, args: { block: '' }, expected: 'a\nb\n', changed: true },
  {
    name: 'custom markers',
    initial: '',
    args: { block: 'z', marker: '// {mark} managed', marker_begin: 'start', marker_end: 'stop' },
    expected: '// start managed\nz\n// stop managed\n',
    changed: true,
  },
  { name: 'create with the content alias', args: { content: 'z', create: true }, expected: `${B}z\n${E}`, changed: true, diff: ['+z'] },
  { name: 'a missing final newline is added first', initial: 'a', args: { block: 'z' }, expected: `a\n${B}z\n${E}`, changed: true },
  {
    name: 'prepend and append a blank line',
    initial: 'a\nb\n',
    args: { block: 'z', insertafter: '^a', prepend_newline: true, append_newline: true },
    expected: `a\n\n${B}z\n${E}\nb\n`,
    changed: true,
  },
  { name: 'only the mode differs', initial: `${B}z\n${E}`, pathKey: 'dest', args: { block: 'z', mode: '0600' }, expected: `${B}z\n${E}`, changed: true, diff: ['$f: mode 0644 -> 0600'] },
];

test('Ansible semantics: applies, converges, check mode changes nothing and shows the diff', async (t) => {
  await runCases(t, 'blockinfile', `${DIR}/cases`, cases);
});

test('failures leave the file alone and say why', async (t) => {
  const P = `${DIR}/failures`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && printf 'a\\n' > ${P}/f`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - blockinfile: { path: ${P}/missing, block: x }
      ignore_errors: true
    - blockinfile: { path: ${P}/missing, state: absent }
      ignore_errors: true
    - blockinfile: { path: ${P}/missing, state: absent, create: true }
    - blockinfile: { path: ${P}/f, block: x, validate: "false %s" }
      ignore_errors: true
`);
  t.like(recapOf(run.stdout, H), { failed: 0, ignored: 3, changed: 0, ok: 4 }, run.stdout);
  t.is(run.stdout.match(/"rc":257,"msg":"Path \/srv\/mp-test\/edit\/blockinfile\/failures\/missing does not exist !"/g)?.length, 2, run.stdout);
  t.regex(run.stdout, /writing \/srv\/mp-test\/edit\/blockinfile\/failures\/f failed/);
  t.is(await onHost(H, `cat ${P}/f; ls -A ${P} | tr '\\n' ' '`), 'a\nf ');
});
