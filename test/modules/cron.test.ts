// cron on lab host h08: a test user's crontab (through crontab -u) and a
// file in /etc/cron.d, with the `#Ansible: <name>` markers Ansible writes.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h08';
const USER = 'mpcron';
const SPOOL = `/var/spool/cron/crontabs/${USER}`;
const CRON_D = '/etc/cron.d/mp-test-cron';

const playOf = (tasks: string): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
${tasks}`;

const job = (minute: string, extra = ''): string =>
  playOf(`    - cron: { name: "mp job", user: ${USER}, minute: "${minute}", job: "echo hi >/dev/null"${extra} }
`);

const crontab = async (): Promise<string> => onHost(H, `crontab -u ${USER} -l 2>/dev/null || true`);

test.before(async () => {
  await onHost(
    H,
    `command -v crontab >/dev/null || apt-get install -y -q cron >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q cron; } >/dev/null
     id ${USER} >/dev/null 2>&1 || useradd -M ${USER}; crontab -u ${USER} -r 2>/dev/null; rm -f ${CRON_D}; true`,
  );
});

test.after.always(async () => {
  await onHost(H, `crontab -u ${USER} -r 2>/dev/null; userdel ${USER} 2>/dev/null; rm -f ${CRON_D}; true`);
});

test.serial('adds a named job to a user crontab, then converges', async (t) => {
  const first = await play(job('*/5'), ['-D']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.like(recapOf(first.stdout, H), { changed: 1, failed: 0 });
  t.regex(first.stdout, /\+#Ansible: mp job\n\+\*\/5 \* \* \* \* echo hi >\/dev\/null/);
  t.is(await crontab(), '#Ansible: mp job\n*/5 * * * * echo hi >/dev/null');
  t.like(recapOf((await play(job('*/5'))).stdout, H), { ok: 1, changed: 0 });
});

test.serial('check mode shows the update of a changed job and writes nothing', async (t) => {
  const before = await fingerprint(H, [SPOOL]);
  const run = await play(job('7'), ['--check', '-D']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, /-\*\/5 \* \* \* \* echo hi >\/dev\/null\n\+7 \* \* \* \* echo hi >\/dev\/null/);
  t.is(await fingerprint(H, [SPOOL]), before);
});

test.serial('variables go on top or after another one; disabled jobs are commented out; absent removes', async (t) => {
  const run = await play(
    playOf(`    - cron: { name: PATH, env: true, job: "/usr/bin:/bin", user: ${USER} }
    - cron: { name: MAILTO, env: true, job: "", user: ${USER}, insertafter: PATH }
    - cron: { name: "mp job", user: ${USER}, minute: "*/5", job: "echo hi >/dev/null", disabled: true }
`),
  );
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(await crontab(), 'PATH="/usr/bin:/bin"\nMAILTO=""\n#Ansible: mp job\n#*/5 * * * * echo hi >/dev/null');
  const gone = await play(
    playOf(`    - cron: { name: "mp job", user: ${USER}, state: absent }
    - cron: { name: MAILTO, env: true, user: ${USER}, state: absent }
`),
  );
  t.like(recapOf(gone.stdout, H), { changed: 2 });
  t.is(await crontab(), 'PATH="/usr/bin:/bin"');
});

test.serial('an Ansible-written crontab is recognised; an unmarked identical job is adopted', async (t) => {
  await onHost(H, `printf '#Ansible: legacy\\n0 3 * * * /usr/bin/true\\n15 4 * * * /bin/date\\n' | crontab -u ${USER} -`);
  const same = await play(playOf(`    - cron: { name: legacy, user: ${USER}, minute: "0", hour: "3", job: /usr/bin/true }
`));
  t.like(recapOf(same.stdout, H), { changed: 0 });
  const adopt = await play(playOf(`    - cron: { name: dated, user: ${USER}, minute: 15, hour: 4, job: /bin/date }
`));
  t.like(recapOf(adopt.stdout, H), { changed: 1 });
  t.is(await crontab(), '#Ansible: legacy\n0 3 * * * /usr/bin/true\n#Ansible: dated\n15 4 * * * /bin/date');
});

test.serial('a cron.d file names the user; removing its last job removes the file', async (t) => {
  const yaml = (state: string): string =>
    playOf(`    - cron: { name: at boot, special_time: reboot, user: root, job: /bin/true, cron_file: mp-test-cron, state: ${state} }
`);
  const run = await play(yaml('present'));
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(await onHost(H, `cat ${CRON_D}; stat -c %a ${CRON_D}`), '#Ansible: at boot\n@reboot root /bin/true\n644');
  t.like(recapOf((await play(yaml('present'))).stdout, H), { changed: 0 });
  t.like(recapOf((await play(yaml('absent'))).stdout, H), { changed: 1 });
  t.is(await onHost(H, `test -e ${CRON_D} && echo present || echo gone`), 'gone');
});

test('Ansible\'s argument checks', async (t) => {
  const run = await play(playOf(`    - cron: { name: x, job: /bin/true, cron_file: x }
`));
  t.is(run.code, 2);
  t.regex(run.stdout + run.stderr, /To use cron_file=\.\.\. parameter you must specify user=\.\.\. as well/);
});
