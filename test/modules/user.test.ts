// user on lab host h08: useradd/usermod/userdel, groups with and without
// append, a crypted password that never shows in the output, locking.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h08';
const U = 'mpuser';
const G = 'mpusers';
// `openssl passwd -6 -salt mptestsalt not-a-real-secret`
const HASH = '$6$mptestsalt$W4J/YwPSzuh83lVqZlKorSW/ie2NN8zG1IDC4AM95wAEuu7ASuJCrKP9IKTe2E3NX7gG9PKePitpjVToMOihL0';
// Every line of the account databases that names the test user or group, byte for byte
// (not the whole files: other tests on this host add their own users meanwhile).
const entries = async (): Promise<string> => onHost(H, `grep -h mpuser /etc/passwd /etc/shadow /etc/group /etc/gshadow | sha256sum`);

const yaml = (args: string): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - user: { name: ${U}, ${args} }
`;

const full = `uid: 52040, group: ${G}, groups: [adm], shell: /bin/bash, comment: "MOSIP test", password: '${HASH}'`;
const account = async (): Promise<string> => onHost(H, `getent passwd ${U} && id -Gn ${U} && getent shadow ${U} | cut -d: -f2 || echo absent`);
const cleanup = `userdel -r ${U} 2>/dev/null; groupdel ${G} 2>/dev/null; true`;

test.before(async () => {
  await onHost(H, `${cleanup}; groupadd ${G}`);
});

test.after.always(async () => {
  await onHost(H, cleanup);
});

test.serial('creates the account with its home, groups and hash, then converges', async (t) => {
  const first = await play(yaml(full), ['-D', '-vvv']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.like(recapOf(first.stdout, H), { changed: 1 });
  t.regex(first.stdout, /user mpuser: state absent -> present\nuser mpuser: uid \(none\) -> 52040/);
  t.regex(first.stdout, /"password":"NOT_LOGGING_PASSWORD"/);
  t.false((first.stdout + first.stderr).includes('W4J/YwPSzuh83'), 'the hash never shows');
  t.is(await account(), `${U}:x:52040:${(await onHost(H, `getent group ${G} | cut -d: -f3`))}:MOSIP test:/home/${U}:/bin/bash\n${G} adm\n${HASH}`);
  t.is(await onHost(H, `stat -c '%a %U %G' /home/${U}`), `755 ${U} ${G}`);
  const again = await play(yaml(full), ['-vvv']);
  t.like(recapOf(again.stdout, H), { ok: 1, changed: 0 });
  t.false((again.stdout + again.stderr).includes('W4J/YwPSzuh83'));
});

test.serial('check mode lists the drifted attributes and changes nothing', async (t) => {
  await onHost(H, `usermod -s /bin/sh -c drifted ${U} && rm -rf /home/${U}`);
  const before = (await entries()) + (await fingerprint(H, [`/home/${U}`]));
  const run = await play(yaml(full), ['--check', '-D']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, /user mpuser: comment drifted -> MOSIP test\nuser mpuser: shell \/bin\/sh -> \/bin\/bash\nuser mpuser: home_directory absent -> present/);
  t.notRegex(run.stdout, /uid|password/, 'only what differs');
  t.is((await entries()) + (await fingerprint(H, [`/home/${U}`])), before);
  t.like(recapOf((await play(yaml(full))).stdout, H), { changed: 1 });
  t.regex(await onHost(H, `getent passwd ${U}`), /:MOSIP test:\/home\/mpuser:\/bin\/bash$/);
  t.is(await onHost(H, `stat -c '%a %U %G' /home/${U} /home/${U}/.bashrc`), `755 ${U} ${G}\n644 ${U} ${G}`, 'made as useradd -m makes it');
});

test.serial('groups: append adds, without append replaces', async (t) => {
  await play(yaml('groups: [users], append: true'));
  t.regex(await onHost(H, `id -Gn ${U}`), /^mpusers (adm users|users adm)$/);
  const replace = `
    - user: { name: ${U}, groups: users }
    - name: the primary group named as a member
      user: { name: ${U}, groups: [users, ${G}] }
`;
  t.like(recapOf((await play(yaml('groups: [users], append: true') + replace)).stdout, H), { changed: 2 });
  t.is(await onHost(H, `id -Gn ${U}`), `${G} users`);
  t.like(recapOf((await play(yaml(`groups: [users, ${G}]`))).stdout, H), { changed: 0 }, 'and that converges');
});

test.serial('password_lock locks and unlocks, idempotently', async (t) => {
  t.like(recapOf((await play(yaml('password_lock: true'))).stdout, H), { changed: 1 });
  t.is(await onHost(H, `getent shadow ${U} | cut -d: -f2`), `!${HASH}`);
  const unlock = `    - user: { name: ${U}, password_lock: false }
`;
  const run = await play(yaml(`password_lock: true, password: '${HASH}'`) + unlock);
  t.like(recapOf(run.stdout, H), { ok: 2, changed: 1 }, 'the locked hash is the same password');
  t.is(await onHost(H, `getent shadow ${U} | cut -d: -f2`), HASH);
});

test.serial('a missing group fails with Ansible\'s message', async (t) => {
  const run = await play(yaml('groups: [mp-no-such-group]'));
  t.is(run.code, 2);
  t.regex(run.stdout, /Group mp-no-such-group does not exist/);
});

test.serial('absent with remove deletes the account and its home', async (t) => {
  const run = await play(yaml('state: absent, remove: true'), ['-D']);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, /user mpuser: state present -> absent/);
  t.is(await account(), 'absent');
  t.is(await onHost(H, `test -e /home/${U} && echo there || echo gone`), 'gone');
  t.like(recapOf((await play(yaml('state: absent'))).stdout, H), { changed: 0 });
});
