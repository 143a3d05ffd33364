// hostname on lab host h08, with hostnamectl and with the /etc/hostname
// strategy; the host gets its name back at the end whatever happens.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h08';
const NEW = 'h08-mp-test.lab.example';
const STATE = ['/etc/hostname', '/proc/sys/kernel/hostname'];
const restore = `hostnamectl set-hostname ${H}`;

const yaml = (name: string, use = ''): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - hostname:
        name: ${name}
${use ? `        use: ${use}\n` : ''}    - assert:
        that: ansible_hostname == "${name.split('.')[0]}"
`;

const names = async (): Promise<string> => onHost(H, 'echo "$(uname -n) $(cat /etc/hostname)"');

test.before(async () => {
  await onHost(H, restore);
});

test.after.always(async () => {
  await onHost(H, restore);
});

test.serial('sets the running and the permanent name with hostnamectl, then converges', async (t) => {
  const first = await play(yaml(NEW), ['-D']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.like(recapOf(first.stdout, H), { changed: 1, failed: 0 });
  t.regex(first.stdout, /-hostname = h08\n\+hostname = h08-mp-test\.lab\.example/);
  t.is(await names(), `${NEW} ${NEW}`);
  t.like(recapOf((await play(yaml(NEW))).stdout, H), { changed: 0 });
});

test.serial('check mode reports the change and leaves the name alone', async (t) => {
  await onHost(H, restore);
  const before = await fingerprint(H, STATE);
  const run = await play(yaml(NEW), ['--check', '-D']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, /\+hostname = h08-mp-test/);
  t.is(await fingerprint(H, STATE), before);
  t.is(await names(), `${H} ${H}`);
});

test.serial('the /etc/hostname strategy writes the file and sets the running name', async (t) => {
  const run = await play(yaml('h08-mp-file', 'debian'));
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(await names(), 'h08-mp-file h08-mp-file');
  t.is(await onHost(H, 'stat -c %a /etc/hostname'), '644');
  t.like(recapOf((await play(yaml('h08-mp-file', 'debian'))).stdout, H), { changed: 0 });
  const back = await play(yaml(H));
  t.like(recapOf(back.stdout, H), { changed: 1 });
  t.is(await names(), `${H} ${H}`);
});
