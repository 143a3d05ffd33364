// authorized_key on lab host h08: a generated key is added for a test user,
// who then logs in with it over plain ssh; removed, the login fails.
import test from 'ava';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

const H = 'h08';
const U = 'mpkey';
const KEYS = `/home/${U}/.ssh/authorized_keys`;

const dir = tempTree({});
const keygen = async (name: string): Promise<string> => {
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@mp-test`, '-f', join(dir, name)]);
  return readFileSync(join(dir, `${name}.pub`), 'utf8').trim();
};

const yaml = (args: string): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - authorized_key: { user: ${U}, ${args} }
`;

/** Log in as the test user with one key only, the way a person would. */
async function login(key: string): Promise<string> {
  const res = await execa(
    'ssh',
    [
      ...['-F', '/dev/null', '-i', join(dir, key), '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'],
      ...['-o', 'UserKnownHostsFile=.lab/known_hosts', '-o', 'StrictHostKeyChecking=yes', `${U}@10.213.0.18`, 'id -un'],
    ],
    { cwd: REPO, reject: false },
  );
  return res.exitCode === 0 ? String(res.stdout) : `failed: ${String(res.stderr).trim()}`;
}

let one = '';
let two = '';

// The user's login sessions (systemd --user) linger a moment after logout; userdel waits for them.
const removeUser = `for i in 1 2 3 4 5 6 7 8 9 10; do id ${U} >/dev/null 2>&1 || break; userdel -r ${U} >/dev/null 2>&1 || sleep 1; done`;

test.before(async () => {
  [one, two] = await Promise.all([keygen('one'), keygen('two')]);
  await onHost(H, `${removeUser}; useradd -m -s /bin/sh ${U}`);
});

test.after.always(async () => {
  await onHost(H, removeUser);
});

test.serial('adds a key (creating ~/.ssh 0700 and the file 0600), the user logs in with it, then converges', async (t) => {
  t.regex(await login('one'), /^failed: .*Permission denied/);
  const first = await play(yaml(`key: "${one}"`), ['-D']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.like(recapOf(first.stdout, H), { changed: 1 });
  t.true(first.stdout.includes(`+${one}`));
  t.is(await onHost(H, `stat -c '%a %U %G' /home/${U}/.ssh ${KEYS}`), `700 ${U} ${U}\n600 ${U} ${U}`);
  t.is(await login('one'), U);
  t.like(recapOf((await play(yaml(`key: "${one}"`))).stdout, H), { ok: 1, changed: 0 });
});

test.serial('check mode shows a second key with options and writes nothing', async (t) => {
  const before = await fingerprint(H, [KEYS]);
  const run = await play(yaml(`key: "${two}", key_options: 'no-port-forwarding,from="10.213.0.0/24"'`), ['--check', '-D']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.true(run.stdout.includes(`+no-port-forwarding,from="10.213.0.0/24" ${two}`), run.stdout);
  t.is(await fingerprint(H, [KEYS]), before);
});

test.serial('several keys at once, then exclusive keeps only the given one', async (t) => {
  const both = await play(yaml(`key: "${one}\\n${two}"`));
  t.like(recapOf(both.stdout, H), { changed: 1 });
  t.is(await onHost(H, `cat ${KEYS}`), `${one}\n${two}`);
  t.is(await login('two'), U);
  const only = await play(yaml(`key: "${two}", exclusive: true`));
  t.like(recapOf(only.stdout, H), { changed: 1 });
  t.is(await onHost(H, `cat ${KEYS}`), two);
  t.regex(await login('one'), /^failed: .*Permission denied/);
});

test.serial('different options replace the key in place; absent removes it and the login fails', async (t) => {
  const opts = await play(yaml(`key: "${two}", key_options: "no-pty"`));
  t.like(recapOf(opts.stdout, H), { changed: 1 });
  t.is(await onHost(H, `cat ${KEYS}`), `no-pty ${two}`);
  const gone = await play(yaml(`key: "${two}", state: absent`), ['-D']);
  t.like(recapOf(gone.stdout, H), { changed: 1 });
  t.true(gone.stdout.includes(`-no-pty ${two}`));
  t.is(await onHost(H, `cat ${KEYS}`), '');
  t.regex(await login('two'), /^failed: .*Permission denied/);
});

test('a line that is not a key is refused', async (t) => {
  const run = await play(yaml('key: "not a key"'));
  t.is(run.code, 2);
  t.regex(run.stdout, /invalid key specified: not a key/);
});
