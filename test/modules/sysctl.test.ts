// sysctl on lab host h08: the file entry and the live value, net.* keys that
// really apply, and vm.* keys that the container refuses with a clear message.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h08';
const FILE = '/etc/sysctl.d/90-mp-test-sysctl.conf';
const LIVE = '/proc/sys/net/ipv4/ip_forward';

const task = (extra = ''): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: forward
      sysctl:
        name: net.ipv4.ip_forward
        value: "1"
        sysctl_file: ${FILE}
${extra}`;

test.before(async () => {
  await onHost(H, `rm -f ${FILE}; sysctl -qw net.ipv4.ip_forward=0 net.core.somaxconn=4096`);
});

test.after.always(async () => {
  await onHost(H, `rm -f ${FILE}; sysctl -qw net.ipv4.ip_forward=0 net.core.somaxconn=4096`);
});

test.serial('applies the file entry and the live value, then converges', async (t) => {
  const first = await play(task(), ['-D']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.like(recapOf(first.stdout, H), { changed: 1, failed: 0 });
  t.regex(first.stdout, /\+net\.ipv4\.ip_forward=1/);
  t.regex(first.stdout, /net\.ipv4\.ip_forward \(running\): value 0 -> 1/);
  t.is(await onHost(H, `cat ${LIVE}`), '1');
  t.is(await onHost(H, `cat ${FILE}`), 'net.ipv4.ip_forward=1');

  const again = await play(task());
  t.is(again.code, 0, again.stdout + again.stderr);
  t.like(recapOf(again.stdout, H), { ok: 1, changed: 0 });
});

test.serial('check mode reports a live drift and changes nothing', async (t) => {
  await onHost(H, 'sysctl -qw net.ipv4.ip_forward=0');
  const before = await fingerprint(H, [FILE, LIVE]);
  const run = await play(task(), ['--check', '-D']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, /value 0 -> 1/);
  t.notRegex(run.stdout, /\(before\)/, 'the file already holds the entry: no file diff');
  t.is(await fingerprint(H, [FILE, LIVE]), before);
});

test.serial('edits only its own lines of an existing file', async (t) => {
  await onHost(H, `printf '# keep me\\nnet.ipv4.ip_forward = 0\\nnet.core.somaxconn = 1024\\nnet.ipv4.ip_forward=0\\n' > ${FILE}`);
  const run = await play(task());
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(await onHost(H, `cat ${FILE}`), '# keep me\nnet.ipv4.ip_forward=1\nnet.core.somaxconn = 1024');
  const absent = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - sysctl: name=net.core.somaxconn state=absent sysctl_file=${FILE}
`);
  t.like(recapOf(absent.stdout, H), { changed: 1 });
  t.is(await onHost(H, `cat ${FILE}`), '# keep me\nnet.ipv4.ip_forward=1');
});

test.serial('an unwritable vm.* key fails with the kernel\'s answer and does not break later keys of the file', async (t) => {
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: swappiness
      sysctl: name=vm.swappiness value=10 sysctl_file=${FILE}
      ignore_errors: true
    - name: somaxconn
      sysctl: name=net.core.somaxconn value=2048 sysctl_file=${FILE}
`);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.regex(run.stdout, /setting vm\.swappiness failed: sysctl: permission denied on key \\"vm\.swappiness\\"/);
  t.like(recapOf(run.stdout, H), { changed: 1, ignored: 1 });
  t.is(await onHost(H, 'cat /proc/sys/net/core/somaxconn'), '2048');
  t.regex(await onHost(H, `cat ${FILE}`), /^vm\.swappiness=10$/m, 'the file keeps the entry, as Ansible does');
});

test.serial('writes through Debian\'s 99-sysctl.conf symlink instead of replacing it', async (t) => {
  const link = '/etc/sysctl.d/99-sysctl.conf';
  const original = await onHost(H, 'sha256sum < /etc/sysctl.conf');
  const entry = (state: string): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - sysctl: { name: net.ipv4.tcp_syncookies, value: 1, sysctl_file: ${link}, reload: false, state: ${state} }
`;
  const add = await play(entry('present'));
  t.like(recapOf(add.stdout, H), { changed: 1 });
  t.is(await onHost(H, `readlink ${link}; tail -n 1 /etc/sysctl.conf`), '../sysctl.conf\nnet.ipv4.tcp_syncookies=1');
  t.like(recapOf((await play(entry('absent'))).stdout, H), { changed: 1 });
  t.is(await onHost(H, 'sha256sum < /etc/sysctl.conf'), original, 'back to the byte');
});

test('bad arguments are refused before reaching the host', async (t) => {
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - sysctl: name=net.ipv4.ip_forward
`);
  t.is(run.code, 2, run.stdout + run.stderr);
  t.regex(run.stdout + run.stderr, /value is required and cannot be blank with state=present/);
});
