// A run with vaulted variables: an encrypted group_vars file and an inline
// !vault value decrypt with the run's password, and the plaintexts appear in
// no output, even at -vvvv with --diff.
import test from 'ava';
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { REPO, mosipPlay } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const cli = (args: string[], input?: string) =>
  execa('node', [`${REPO}/dist/cli.js`, ...args], { cwd: REPO, input, reject: false, env: { CI: 'true', NO_COLOR: '1' } });

test('vaulted group_vars and inline values are decrypted for the run and masked in all output', async (t) => {
  const fileCanary = `filecanary-${process.pid}`;
  const inlineCanary = `inlinecanary-${process.pid}`;
  const dir = tempTree({
    'pass': 'correct horse\n',
    'inv/hosts.ini': 'target ansible_connection=local\n',
    'inv/group_vars/all/secrets.yml': `db_password: ${fileCanary}\n`,
  });
  const enc = await cli(['vault', 'encrypt', `${dir}/inv/group_vars/all/secrets.yml`, '--vault-password-file', `${dir}/pass`]);
  t.is(enc.exitCode, 0, enc.stderr);
  const str = await cli(['vault', 'encrypt_string', '--vault-password-file', `${dir}/pass`, '--name', 'api_token', inlineCanary]);
  t.is(str.exitCode, 0, str.stderr);
  writeFileSync(`${dir}/play.yml`, `
- hosts: target
  gather_facts: false
  vars:
${String(str.stdout).split('\n').map((l) => `    ${l}`).join('\n')}
  tasks:
    - copy:
        content: "password={{ db_password }} token={{ api_token }}\\n"
        dest: ${dir}/rendered.conf
    - command: "echo {{ db_password }}"
    - assert: {that: 'db_password == "${fileCanary}" and api_token == "${inlineCanary}"'}
    - fail: {msg: "boom {{ db_password }}"}
`);
  const run = await mosipPlay([`${dir}/play.yml`, '-i', `${dir}/inv`, '--vault-password-file', `${dir}/pass`, '-vvvv', '--diff']);
  t.is(run.code, 2, run.stdout + run.stderr);
  t.regex(run.stdout, /boom \*{8}/);
  for (const canary of [fileCanary, inlineCanary]) {
    t.false(run.stdout.includes(canary), `${canary} in stdout`);
    t.false(run.stderr.includes(canary), `${canary} in stderr`);
  }
  const { statSync } = await import('node:fs');
  t.is(statSync(`${dir}/rendered.conf`).mode & 0o777, 0o600, 'a new file that receives a secret is 0600');
  const wrong = await mosipPlay([`${dir}/play.yml`, '-i', `${dir}/inv`, '-e', 'x=1']);
  t.is(wrong.code, 1);
  t.regex(wrong.stderr, /secrets\.yml/);
});
