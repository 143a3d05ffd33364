// Bad input gets one clear line naming the file and line, exit code 1, and
// never a stack trace.
import test from 'ava';
import { LAB_INVENTORY, mosipPlay } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

function noStack(t: { notRegex: (s: string, r: RegExp) => void }, text: string): void {
  t.notRegex(text, /\n\s+at .*\(.*:\d+:\d+\)/);
}

test('a missing playbook', async (t) => {
  const run = await mosipPlay(['nope.yml', '-i', LAB_INVENTORY]);
  t.is(run.code, 1);
  t.regex(run.stderr, /^ERROR: cannot read .*nope\.yml: ENOENT/);
  noStack(t, run.stderr);
});

test('an unknown module, with file:line:col and the offending line', async (t) => {
  const dir = tempTree({ 'p.yml': '- hosts: all\n  tasks:\n    - shel: echo\n' });
  const run = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY]);
  t.is(run.code, 1);
  t.regex(run.stderr, new RegExp(`^ERROR: ${dir}/p.yml:3:7: unknown module or keyword 'shel'`));
  t.regex(run.stderr, /3 \|     - shel: echo\n\s+\|       \^/);
  t.regex(run.stderr, /hint: did you mean 'shell'\?/);
});

test('unknown inventory syntax', async (t) => {
  const dir = tempTree({ 'hosts.ini': '[web]\nh1\n[web:bogus]\nx\n', 'p.yml': '- hosts: all\n  tasks: []\n' });
  const run = await mosipPlay([`${dir}/p.yml`, '-i', `${dir}/hosts.ini`]);
  t.is(run.code, 1);
  t.regex(run.stderr, new RegExp(`^ERROR: ${dir}/hosts.ini:3:\\d+: `));
  noStack(t, run.stderr);
});

test('a bad limit pattern', async (t) => {
  const run = await mosipPlay(['test/fixtures/hello.yml', '-i', LAB_INVENTORY, '-l', '~(unclosed']);
  t.is(run.code, 1);
  t.regex(run.stderr, /^ERROR: .*(pattern|regex)/i);
  noStack(t, run.stderr);
});

test('an unknown option', async (t) => {
  const run = await mosipPlay(['test/fixtures/hello.yml', '--bogus']);
  t.is(run.code, 1);
  t.regex(run.stderr, /^ERROR: Unknown argument: bogus/);
});

test('--syntax-check validates without connecting', async (t) => {
  const ok = await mosipPlay(['playbooks/site.yml', '-i', LAB_INVENTORY, '--syntax-check']);
  t.is(ok.code, 0, ok.stderr);
  const dir = tempTree({ 'p.yml': '- hosts: all\n  tasks:\n    - command: x\n      whne: y\n' });
  const bad = await mosipPlay([`${dir}/p.yml`, '-i', LAB_INVENTORY, '--syntax-check']);
  t.is(bad.code, 1);
  t.regex(bad.stderr, /p\.yml:4:7: unknown task keyword 'whne'/);
});

test('options that repeat take one value each, so the playbook may come after them', async (t) => {
  const run = await mosipPlay(['-i', LAB_INVENTORY, '-e', 'a=1', '-t', 'x', '--skip-tags', 'y', 'test/fixtures/hello.yml', '--list-hosts']);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /playbook: test\/fixtures\/hello\.yml/);
});

test('-l repeated selects the hosts of any of the patterns', async (t) => {
  const run = await mosipPlay(['test/fixtures/hello.yml', '-i', LAB_INVENTORY, '-l', 'h01', '-l', 'h02', '--list-hosts']);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /hosts \(2\):\n\s+h01\n\s+h02/);
});
