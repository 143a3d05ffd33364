// lineinfile on lab host h06: Ansible's algorithm case by case (edit-cases.ts
// applies, re-applies and check-runs the table), then what the table cannot
// show: failures, symlinks, new directories, attributes, validate.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { onHost, play } from '../helpers/play.js';
import { H, runCases, type EditCase } from './edit-cases.js';

const DIR = '/srv/mp-test/edit/lineinfile';

const cases: EditCase[] = [
  {
    name: 'regexp replaces the last matching line',
    initial: 'x=1\nx=2\ny\n',
    args: { regexp: '^x=', line: 'x=9' },
    expected: 'x=1\nx=9\ny\n',
    changed: true,
    diff: ['-x=2', '+x=9'],
  },
  { name: 'firstmatch replaces the first', initial: 'x=1\nx=2\ny\n', args: { regexp: '^x=', line: 'x=9', firstmatch: true }, expected: 'x=9\nx=2\ny\n', changed: true },
  { name: 'backrefs without a match change nothing', initial: 'a=1\n', args: { regexp: '^(b)=(\\d)$', line: '\\1=3', backrefs: true }, expected: 'a=1\n', changed: false },
  {
    name: 'backrefs fill named and numbered groups',
    initial: 'host=old # c\n',
    args: { regexp: '^(?P<k>host)=(\\S+)(.*)$', line: '\\g<k>=new\\3', backrefs: true },
    expected: 'host=new # c\n',
    changed: true,
    diff: ['-host=old # c', '+host=new # c'],
  },
  { name: 'a dollar in line is literal', initial: 'v=1\n', args: { regexp: '^v=(\\d)$', line: 'v=$1\\1', backrefs: true }, expected: 'v=$11\n', changed: true },
  { name: 'insertafter matching nothing appends at EOF', initial: 'a\nb\n', args: { line: 'c', insertafter: '^nomatch' }, expected: 'a\nb\nc\n', changed: true, diff: ['+c'] },
  { name: 'insertafter the last matching line', initial: '[s]\nk=1\n[s]\nk=2\n', args: { line: 'new', insertafter: '^\\[s\\]' }, expected: '[s]\nk=1\n[s]\nnew\nk=2\n', changed: true },
  { name: 'insertbefore BOF', initial: 'a\n', args: { line: '#!/bin/sh', insertbefore: 'BOF' }, expected: '#!/bin/sh\na\n', changed: true },
  { name: 'insertbefore a pattern', initial: 'a\nb\n', args: { line: 'x', insertbefore: '^b' }, expected: 'a\nx\nb\n', changed: true },
  { name: 'a line present anywhere is left alone', initial: 'keep\nthis\n', args: { line: 'keep' }, expected: 'keep\nthis\n', changed: false },
  { name: 'a missing final newline is added before the line', initial: 'a\nb', args: { line: 'c' }, expected: 'a\nb\nc\n', changed: true },
  // Ansible 2.14 gives 'a\nfoox\n' here: the new line glued onto the last one.
  { name: 'deviation: insertafter the last line without a newline', initial: 'a\nfoo', args: { line: 'x', insertafter: '^foo' }, expected: 'a\nfoo\nx\n', changed: true },
  { name: 'create makes the file', args: { line: 'first', create: true }, expected: 'first\n', changed: true, diff: ['+first'] },
  { name: 'absent removes every matching line', initial: 'a\n#x\nb\n#y\n', args: { regexp: '^#', state: 'absent' }, expected: 'a\nb\n', changed: true, diff: ['-#x', '-#y'] },
  { name: 'absent by the exact line', initial: 'a\nb\n', args: { line: 'b', state: 'absent' }, expected: 'a\n', changed: true },
  { name: 'search_string finds the line', initial: 'listen 80;\nroot /x;\n', args: { search_string: 'listen', line: 'listen 8080;' }, expected: 'listen 8080;\nroot /x;\n', changed: true },
  { name: 'only the mode differs', initial: 'a\n', args: { line: 'a', mode: '0600' }, expected: 'a\n', changed: true, diff: ['$f: mode 0644 -> 0600'] },
  { name: 'aliases dest and value', initial: 'a\n', pathKey: 'dest', args: { value: 'b' }, expected: 'a\nb\n', changed: true },
];

test('Ansible semantics: applies, converges, check mode changes nothing and shows the diff', async (t) => {
  await runCases(t, 'lineinfile', `${DIR}/cases`, cases);
});

test('follows a symlink, creates directories, sets owner and mode, k=v form', async (t) => {
  const P = `${DIR}/links`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && printf 'a\\n' > ${P}/target && ln -s target ${P}/link`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - lineinfile: path=${P}/link line=b
    - lineinfile: path=${P}/new/dir/file line=x create=yes mode=0640 owner=nobody group=nogroup
    - lineinfile: path=${P}/new/dir/file line=x mode=0640 owner=65534 group=nogroup
`);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { changed: 2 }, 'numeric ids that match do not count as a change');
  t.is(await onHost(H, `test -L ${P}/link && readlink ${P}/link && cat ${P}/target`), 'target\na\nb');
  t.is(await onHost(H, `stat -c '%a %U %G' ${P}/new/dir/file && cat ${P}/new/dir/file`), '640 nobody nogroup\nx');
});

test('failures leave the file alone and say why', async (t) => {
  const P = `${DIR}/failures`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/dir && printf 'a\\n' > ${P}/f && printf 'caf\\351\\n' > ${P}/latin1`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - lineinfile: { path: ${P}/missing, line: x }
      ignore_errors: true
    - lineinfile: { path: ${P}/dir, line: x }
      ignore_errors: true
    - lineinfile: { path: ${P}/f, line: x, validate: "grep -q nothing-like-this %s" }
      ignore_errors: true
    - lineinfile: { path: ${P}/latin1, line: x }
      ignore_errors: true
`);
  t.like(recapOf(run.stdout, H), { failed: 0, ignored: 4, changed: 0 }, run.stdout);
  t.regex(run.stdout, /"rc":257.*Destination \/srv\/mp-test\/edit\/lineinfile\/failures\/missing does not exist !/);
  t.regex(run.stdout, /Path \/srv\/mp-test\/edit\/lineinfile\/failures\/dir is a directory !/);
  t.regex(run.stdout, /writing \/srv\/mp-test\/edit\/lineinfile\/failures\/f failed/);
  t.regex(run.stdout, /latin1 is not UTF-8 text; refusing to edit it/);
  t.is(await onHost(H, `cat ${P}/f; ls -A ${P} | tr '\\n' ' '`), 'a\ndir f latin1 ');
});

test('bad arguments are reported before anything runs', async (t) => {
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - lineinfile: { path: /x, regexp: "(unclosed", line: x, insertbefore: a, insertafter: b }
`);
  t.not(run.code, 0);
  t.regex(run.stdout + run.stderr, /insertafter and insertbefore are mutually exclusive/);
  t.regex(run.stdout + run.stderr, /regexp: Invalid regular expression/);
});
