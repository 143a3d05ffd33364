// replace on lab host h06: multiline patterns, Python-style replacement
// templates and the after/before section, case by case (edit-cases.ts
// applies, re-applies and check-runs the table), then backup and failures.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { onHost, play } from '../helpers/play.js';
import { H, runCases, type EditCase } from './edit-cases.js';

const DIR = '/srv/mp-test/edit/replace';
const SECTIONS = 'a\n[s]\na\n[t]\na\n';

const cases: EditCase[] = [
  { name: 'every match is replaced', initial: 'a1 a2\na3\n', args: { regexp: 'a(\\d)', replace: 'b\\1' }, expected: 'b1 b2\nb3\n', changed: true, diff: ['-a1 a2', '+b1 b2'] },
  { name: 'caret and dollar work per line', initial: 'x = 1\ny = 2\n', args: { regexp: '^(\\w+) = (\\d+)$', replace: '\\1=\\2' }, expected: 'x=1\ny=2\n', changed: true },
  { name: 'between after and before', initial: SECTIONS, args: { regexp: '^a$', replace: 'b', after: '\\[s\\]', before: '\\[t\\]' }, expected: 'a\n[s]\nb\n[t]\na\n', changed: true },
  { name: 'after only', initial: SECTIONS, args: { regexp: '^a$', replace: 'b', after: '\\[t\\]' }, expected: 'a\n[s]\na\n[t]\nb\n', changed: true },
  { name: 'before only', initial: SECTIONS, args: { regexp: '^a$', replace: 'b', before: '\\[s\\]' }, expected: 'b\n[s]\na\n[t]\na\n', changed: true },
  { name: 'a section that does not match changes nothing', initial: SECTIONS, args: { regexp: '^a$', replace: 'b', after: 'nomatch' }, expected: SECTIONS, changed: false },
  { name: 'Python anchors \\A and \\Z ignore line breaks', initial: 'a\na\n-\n-', args: { regexp: '\\Aa|-\\Z', replace: 'b' }, expected: 'b\na\n-\nb', changed: true },
  { name: 'no match changes nothing', initial: 'a\n', args: { regexp: 'zzz', replace: 'y' }, expected: 'a\n', changed: false },
  {
    name: 'named groups and a newline in the template',
    initial: 'ListenAddress 1.2.3.4\n',
    args: { regexp: '^(?P<d>ListenAddress[ ]+)(?P<h>(?!0\\.0\\.0\\.0)[^\\n]+)$', replace: '#\\g<d>\\g<h>\\n\\g<d>0.0.0.0' },
    expected: '#ListenAddress 1.2.3.4\nListenAddress 0.0.0.0\n',
    changed: true,
    diff: ['-ListenAddress 1.2.3.4', '+#ListenAddress 1.2.3.4', '+ListenAddress 0.0.0.0'],
  },
  { name: 'an empty replace deletes', initial: 'keep\n# drop\nkeep2\n', pathKey: 'dest', args: { regexp: '^# drop\\n' }, expected: 'keep\nkeep2\n', changed: true },
  { name: 'only the mode differs', initial: 'a\n', args: { regexp: 'zzz', mode: '0600' }, expected: 'a\n', changed: true, diff: ['$f: mode 0644 -> 0600'] },
];

test('Ansible semantics: applies, converges, check mode changes nothing and shows the diff', async (t) => {
  await runCases(t, 'replace', `${DIR}/cases`, cases);
});

test('backup keeps the previous file; failures say why', async (t) => {
  const P = `${DIR}/extra`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && printf 'a\\n' > ${P}/f && printf 'a\\n' > ${P}/g`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - replace: { path: ${P}/f, regexp: a, replace: b, backup: true }
      register: r
    - assert: { that: [ 'r.msg == "1 replacements made"', 'r.rc == 0' ] }
    - replace: { path: ${P}/missing, regexp: a }
      ignore_errors: true
    - replace: { path: ${P}/g, regexp: a, replace: '\\2' }
      ignore_errors: true
`);
  t.like(recapOf(run.stdout, H), { failed: 0, ignored: 2, changed: 1 }, run.stdout);
  t.regex(run.stdout, /"rc":257,"msg":"Path \/srv\/mp-test\/edit\/replace\/extra\/missing does not exist !"/);
  t.regex(run.stdout, /Unable to process replace due to error: invalid group reference 2/);
  t.is(await onHost(H, `cat ${P}/f ${P}/f.*~ ${P}/g`), 'b\na\na');
});
