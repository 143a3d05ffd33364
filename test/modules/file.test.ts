// file on lab host h05: every state applied, converged, check-run from a
// different starting state (host untouched, change reported) and diffed;
// then Ansible's refusals, touch, symbolic and recursive modes, follow.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { statuses } from './edit-cases.js';

const H = 'h05';
const DIR = '/srv/mp-test/files/file';

const tasks = (P: string) => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: directory with parents
      file: { path: ${P}/a/b/c, state: directory, mode: '0750', group: daemon }
    - name: file attributes
      file: { path: ${P}/f, mode: 0600, owner: daemon }
    - name: symlink
      file: { path: ${P}/link, src: f, state: link }
    - name: hard link
      file: { dest: ${P}/hard, src: ${P}/f, state: hard }
    - name: absent
      file: { name: ${P}/gone, state: absent }
    - name: recurse
      file: { path: ${P}/tree, state: directory, recurse: true, mode: 'u=rwX,g=rX,o=', owner: daemon }
`;

test('states apply, converge, check-run without touching the host, and show their diff', async (t) => {
  const P = `${DIR}/main`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/tree/sub && cd ${P} && echo x > f && echo y > gone && echo z > tree/sub/z && chmod 0777 tree/sub/z`);
  const yaml = tasks(P);
  const first = await play(yaml);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { ok: 6, changed: 6, failed: 0 });
  t.is(
    await onHost(H, `cd ${P} && stat -c '%n %a %U %G' a a/b a/b/c f hard tree tree/sub tree/sub/z && readlink link && test ! -e gone && stat -c %i f hard | uniq | wc -l`),
    [
      'a 750 root daemon', 'a/b 750 root daemon', 'a/b/c 750 root daemon', 'f 600 daemon root', 'hard 600 daemon root',
      'tree 750 daemon root', 'tree/sub 750 daemon root', 'tree/sub/z 750 daemon root', 'f', '1',
    ].join('\n'),
    'new parents get the same mode and group (as in Ansible); X keeps z executable',
  );

  const second = await play(yaml);
  t.like(recapOf(second.stdout, H), { ok: 6, changed: 0, failed: 0 });

  await onHost(H, `cd ${P} && chmod 0700 a/b/c && chown root f && rm link && echo y > gone && chmod 0644 tree/sub/z`);
  const paths = ['a/b/c', 'f', 'link', 'hard', 'gone', 'tree/sub/z'].map((p) => `${P}/${p}`);
  const before = await fingerprint(H, paths);
  const check = await play(yaml, ['--check', '-D']);
  t.is(check.code, 0, check.stdout);
  t.like(recapOf(check.stdout, H), { changed: 5, failed: 0 });
  t.is(await fingerprint(H, paths), before, 'check mode changed nothing');
  t.is(await onHost(H, `test -L ${P}/link && echo link || echo none`), 'none');
  for (const line of [
    `${P}/a/b/c: mode 0700 -> 0750`,
    `${P}/f: owner root -> daemon`,
    `${P}/link: state absent -> link`,
    `${P}/gone: state file -> absent`,
    `${P}/tree: mode (below) 0644 -> u=rwX,g=rX,o=`,
  ]) {
    t.true(check.stdout.includes(line), `diff shows ${line}\n${check.stdout}`);
  }
  t.is(statuses(check.stdout).get('hard link'), 'ok');
});

test("Ansible's refusals and defaults, k=v arguments, touch", async (t) => {
  const P = `${DIR}/rules`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/emptydir && echo x > ${P}/f && echo y > ${P}/g`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: missing file
      file: path=${P}/missing state=file
      ignore_errors: true
    - name: file over a file
      file: { path: ${P}/g, src: f, state: link }
      ignore_errors: true
    - name: dangling src
      file: { path: ${P}/dangling, src: nowhere, state: link }
      ignore_errors: true
    - name: forced dangling src
      file: { path: ${P}/dangling, src: nowhere, state: link, force: yes }
    - name: forced over an empty directory
      file: { path: ${P}/emptydir, src: f, state: link, force: true }
    - name: directory over a file
      file: path=${P}/f state=directory
      ignore_errors: true
    - name: touch new
      file: path=${P}/t state=touch mode=u=rw,go=r
    - name: touch again
      file: path=${P}/t state=touch
    - name: default state keeps a link a link
      file: path=${P}/emptydir
    - name: recurse on a file
      file: path=${P}/f recurse=yes
      ignore_errors: true
`);
  t.is(run.code, 0, run.stdout);
  const s = statuses(run.stdout);
  t.deepEqual(
    ['missing file', 'file over a file', 'dangling src', 'forced dangling src', 'forced over an empty directory', 'directory over a file', 'touch new', 'touch again', 'default state keeps a link a link', 'recurse on a file'].map((n) => s.get(n)),
    ['fatal', 'fatal', 'fatal', 'changed', 'changed', 'fatal', 'changed', 'changed', 'ok', 'fatal'],
  );
  t.regex(run.stdout, /"msg":"file \(\/srv\/mp-test\/files\/file\/rules\/missing\) is absent, cannot continue"/);
  t.regex(run.stdout, /refusing to convert from file to symlink/);
  t.regex(run.stdout, /src file does not exist, use \\"force=yes\\"/);
  t.regex(run.stdout, /rules\/f already exists as a file/);
  t.regex(run.stdout, /recurse option requires state to be 'directory'/);
  t.is(await onHost(H, `cd ${P} && readlink dangling emptydir && stat -c '%a %s' t && cat g`), 'nowhere\nf\n644 0\ny');
});

test('follow: attributes of a symlinked path go to its target; a mode on a link goes to the target', async (t) => {
  const P = `${DIR}/follow`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && echo x > ${P}/target && chmod 0644 ${P}/target && ln -s target ${P}/l1 && ln -s l1 ${P}/l2`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - file: { path: ${P}/l2, mode: '0600' }
    - file: { path: ${P}/l2, mode: '0600' }
    - file: { path: ${P}/l1, src: target, state: link, mode: 'g+r' }
`);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { changed: 2, failed: 0 });
  t.is(await onHost(H, `cd ${P} && stat -c %a target && readlink l1 l2`), '640\ntarget\nl1');
});
