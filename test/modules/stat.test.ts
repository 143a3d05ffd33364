// stat on lab host h05: a file, a directory, a symlink (followed or not) and
// a missing path, compared with what coreutils says over plain ssh; never
// changed, the same in check mode, nothing to diff.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h05';
const P = '/srv/mp-test/files/stat';

const yaml = `
- hosts: ${H}
  gather_facts: false
  tasks:
    - stat: path=${P}/f
    - stat: { path: ${P}/f, checksum_algorithm: sha256 }
    - stat: { dest: ${P}/d, get_checksum: false, get_mime: false }
    - stat: { name: ${P}/l }
    - stat: { path: ${P}/l, follow: true }
    - stat: { path: ${P}/missing }
`;

/** The result of each task, from -v output. */
function results(stdout: string): Record<string, any>[] {
  return [...stdout.matchAll(/^ok: \[h05\] => (.*)$/gm)].map((m) => JSON.parse(m[1]!));
}

test('reports what coreutils sees, never changes, and check mode is the same', async (t) => {
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/d && printf 'hello\\n' > ${P}/f && chmod 0640 ${P}/f && chown daemon ${P}/f && ln -s f ${P}/l`);
  const run = await play(yaml, ['-v']);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { ok: 6, changed: 0 });
  const [file, sha256, dir, link, followed, missing] = results(run.stdout).map((r) => r.stat);
  const [size, mtime, inode, uid, sha1, sum256] = (await onHost(H, `stat -c '%s %Y %i %u' ${P}/f | tr ' ' '\\n'; sha1sum < ${P}/f; sha256sum < ${P}/f`)).split('\n');
  t.like(file, {
    exists: true, isreg: true, isdir: false, islnk: false, mode: '0640', pw_name: 'daemon', gr_name: 'root',
    uid: Number(uid), size: Number(size), inode: Number(inode), checksum: sha1!.split(' ')[0], rusr: true, rgrp: true, roth: false,
  });
  t.is(Math.floor(file.mtime), Number(mtime));
  t.is(sha256.checksum, sum256!.split(' ')[0]);
  t.like(dir, { exists: true, isdir: true, isreg: false, mode: '0755' });
  t.false('checksum' in dir);
  t.like(link, { exists: true, islnk: true, lnk_target: 'f', lnk_source: `${P}/f` });
  t.false('checksum' in link, 'a link itself has no checksum');
  t.like(followed, { islnk: false, isreg: true, mode: '0640', checksum: file.checksum });
  t.deepEqual(missing, { exists: false });

  const paths = [`${P}/f`, `${P}/d`, `${P}/l`];
  const before = await fingerprint(H, paths);
  const check = await play(yaml, ['-v', '--check', '-D']);
  t.like(recapOf(check.stdout, H), { ok: 6, changed: 0 });
  const timeless = (out: string) => results(out).map(({ stat: { atime: _a, ...stat } }) => stat);
  t.deepEqual(timeless(check.stdout), timeless(run.stdout), 'the same results in check mode (reading may move atime)');
  t.is(await fingerprint(H, paths), before);
  t.notRegex(check.stdout, /\(before\)| -> /, 'stat has nothing to diff');
});
