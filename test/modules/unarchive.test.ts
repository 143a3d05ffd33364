// unarchive on lab host h06: tar.gz sent from the controller's files/, tar.xz
// and zip already on the host, idempotence by `tar --diff` / content compare,
// check mode, attributes, creates, and the errors for a missing unzip (a PATH
// without it) and a missing dest.
import test from 'ava';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LAB_INVENTORY, REPO, mosipPlay, recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

const H = 'h06';
const DIR = '/srv/mp-test/edit/unarchive';
const FIXTURES = resolve(REPO, 'test/fixtures/modules/unarchive');
const MEMBERS = ['app', 'app/bin', 'app/bin/run.sh', 'app/conf', 'app/conf/app.conf'];
const NO_UNZIP = `${DIR}/bin-without-unzip`;

/** The tools the archives need, installed once; a PATH that has everything but unzip. */
test.before(async () => {
  await onHost(H, 'for t in xz unzip; do command -v $t >/dev/null || miss=1; done; [ -z "$miss" ] || { apt-get update -qq && apt-get install -y -qq xz-utils unzip; } >/dev/null 2>&1');
  await onHost(H, `rm -rf ${DIR} && mkdir -p ${NO_UNZIP} && for f in /usr/bin/*; do [ "\${f##*/}" = unzip ] || ln -s "$f" ${NO_UNZIP}/; done`);
  const b64 = (name: string): string => readFileSync(`${FIXTURES}/${name}`).toString('base64');
  await onHost(H, `base64 -d > ${DIR}/app.tar.xz && echo ${b64('app.zip')} | base64 -d > ${DIR}/app.zip`, b64('app.tar.xz'));
});

/** A playbook with the tar.gz fixture in its files/ directory, run with the real CLI. */
async function playWithFiles(tasks: string, args: string[] = []) {
  const dir = tempTree({ 'play.yml': `- hosts: ${H}\n  gather_facts: false\n  tasks:\n${tasks}` });
  mkdirSync(`${dir}/files`);
  writeFileSync(`${dir}/files/app.tar.gz`, readFileSync(`${FIXTURES}/app.tar.gz`));
  return mosipPlay([`${dir}/play.yml`, '-i', LAB_INVENTORY, ...args]);
}

const listing = (dest: string): Promise<string> =>
  onHost(H, `cd ${dest} && find app | sort | while read -r f; do stat -c '%n %a %U' "$f"; done; cat app/conf/app.conf`);

test('tar.gz from the controller: extracts, converges, check mode spots drift without touching it', async (t) => {
  const dest = `${DIR}/tgz`;
  await onHost(H, `mkdir -p ${dest}`);
  const task = `    - unarchive: { src: app.tar.gz, dest: ${dest} }\n`;
  const first = await playWithFiles(task, ['-D']);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { changed: 1 });
  t.regex(first.stdout, new RegExp(`${dest}/app/conf/app.conf: state absent -> extracted`));
  t.is(await listing(dest), 'app 755 root\napp/bin 755 root\napp/bin/run.sh 755 root\napp/conf 755 root\napp/conf/app.conf 644 root\nport=8080');

  const again = await playWithFiles(task);
  t.like(recapOf(again.stdout, H), { ok: 1, changed: 0 }, again.stdout);

  await onHost(H, `echo port=9 > ${dest}/app/conf/app.conf`);
  const paths = MEMBERS.map((m) => `${dest}/${m}`);
  const before = await fingerprint(H, paths);
  const check = await playWithFiles(task, ['--check', '-D']);
  t.like(recapOf(check.stdout, H), { changed: 1 }, check.stdout);
  t.regex(check.stdout, new RegExp(`${dest}/app/conf/app.conf: state (mod time differs, size differs|size differs, mod time differs) -> extracted`));
  t.is(await fingerprint(H, paths), before);

  const repair = await playWithFiles(task);
  t.like(recapOf(repair.stdout, H), { changed: 1 });
  t.is(await onHost(H, `cat ${dest}/app/conf/app.conf`), 'port=8080');
});

test('tar.xz on the host: extra_opts, mode/owner/group on every member, list_files, creates', async (t) => {
  const dest = `${DIR}/txz`;
  await onHost(H, `mkdir -p ${dest}`);
  const yaml = `
- hosts: ${H}
  gather_facts: false
  tasks:
    - unarchive:
        src: ${DIR}/app.tar.xz
        dest: ${dest}
        remote_src: yes
        extra_opts: [--strip-components=1]
        owner: nobody
        group: nogroup
        mode: u=rwX,g=rX,o=
        list_files: true
      register: r
    - assert: { that: [ 'r.handler == "TarXzArchive"', '"bin/run.sh" in r.files' ] }
    - unarchive: { src: ${DIR}/app.tar.xz, dest: ${dest}, remote_src: true, creates: ${dest}/bin }
`;
  const first = await play(yaml);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { changed: 1, skipped: 1 });
  t.regex(first.stdout, /skipping: \[h06\]/);
  t.is(
    await onHost(H, `cd ${dest} && find bin conf | sort | while read -r f; do stat -c '%n %a %U %G' "$f"; done`),
    'bin 750 nobody nogroup\nbin/run.sh 750 nobody nogroup\nconf 750 nobody nogroup\nconf/app.conf 640 nobody nogroup',
  );
  const again = await play(yaml);
  t.like(recapOf(again.stdout, H), { changed: 0 }, again.stdout);

  await onHost(H, `chmod 0700 ${dest}/bin/run.sh`);
  const check = await play(yaml, ['--check', '-D']);
  t.like(recapOf(check.stdout, H), { changed: 1 }, check.stdout);
  t.regex(check.stdout, new RegExp(`${dest}/bin/run.sh: mode 0700 -> 0750`));
  t.is(await onHost(H, `stat -c %a ${dest}/bin/run.sh`), '700');
});

test('zip needs unzip on the host, then extracts and converges', async (t) => {
  const dest = `${DIR}/zip`;
  await onHost(H, `mkdir -p ${dest}`);
  const task = (env = ''): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - unarchive: { src: ${DIR}/app.zip, dest: ${dest}, remote_src: true }
${env}`;
  const without = await play(task(`      environment: { PATH: ${NO_UNZIP} }`));
  t.is(without.code, 2);
  t.regex(without.stdout, /app\.zip is a ZipArchive archive, but 'unzip' is not installed on the host/);
  t.is(await onHost(H, `ls -A ${dest}`), '');

  const first = await play(task());
  t.like(recapOf(first.stdout, H), { changed: 1 }, first.stdout);
  t.is(await onHost(H, `cat ${dest}/app/conf/app.conf; ${dest}/app/bin/run.sh`), 'port=8080\nrun');
  const again = await play(task());
  t.like(recapOf(again.stdout, H), { changed: 0 }, again.stdout);
  await onHost(H, `rm ${dest}/app/bin/run.sh`);
  const back = await play(task());
  t.like(recapOf(back.stdout, H), { changed: 1 });
  t.is(await onHost(H, `${dest}/app/bin/run.sh`), 'run');
});

test('a missing dest and a missing remote src fail with a clear message', async (t) => {
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - unarchive: { src: ${DIR}/app.zip, dest: ${DIR}/nowhere, remote_src: true }
      ignore_errors: true
    - unarchive: { src: ${DIR}/nothing.tgz, dest: ${DIR}, remote_src: true }
      ignore_errors: true
    - unarchive: { src: "https://example.invalid/x.tgz", dest: ${DIR} }
      ignore_errors: true
`);
  t.like(recapOf(run.stdout, H), { ignored: 3, failed: 0 }, run.stdout);
  t.regex(run.stdout, /dest '\/srv\/mp-test\/edit\/unarchive\/nowhere' must be an existing dir/);
  t.regex(run.stdout, /Source '\/srv\/mp-test\/edit\/unarchive\/nothing.tgz' does not exist/);
  t.regex(run.stdout + run.stderr, /src URLs are not supported/);
});
