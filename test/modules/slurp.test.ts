// slurp on lab host h05: binary content comes back base64-encoded byte for
// byte; Ansible's messages for a missing file and a directory; never changed,
// the same in check mode, nothing to diff.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { statuses } from './edit-cases.js';

const H = 'h05';
const P = '/srv/mp-test/files/slurp';

const yaml = `
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: binary
      slurp: src=${P}/bin
    - name: by path
      slurp: { path: ${P}/bin }
    - name: missing
      slurp: { src: ${P}/missing }
      ignore_errors: true
    - name: directory
      slurp: { src: ${P} }
      ignore_errors: true
`;

test('returns the bytes base64-encoded, never changes, and check mode is the same', async (t) => {
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && head -c 3000 /dev/urandom > ${P}/bin && printf '\\000\\377\\n' >> ${P}/bin`);
  const expected = await onHost(H, `base64 -w0 < ${P}/bin`);
  for (const args of [['-v'], ['-v', '--check', '-D']]) {
    const before = await fingerprint(H, [`${P}/bin`]);
    const run = await play(yaml, args);
    t.like(recapOf(run.stdout, H), { ok: 4, changed: 0, ignored: 2 });
    t.deepEqual([...statuses(run.stdout).values()], ['ok', 'ok', 'fatal', 'fatal']);
    const ok = [...run.stdout.matchAll(/^ok: \[h05\] => (.*)$/gm)].map((m) => JSON.parse(m[1]!));
    t.deepEqual(ok[0], { changed: false, content: expected, encoding: 'base64', source: `${P}/bin` });
    t.is(ok[1].content, expected);
    t.regex(run.stdout, new RegExp(`"msg":"file not found: ${P}/missing"`));
    t.regex(run.stdout, /"msg":"source is a directory and must be a file"/);
    t.notRegex(run.stdout, /\(before\)| -> /, 'slurp has nothing to diff');
    t.is(await fingerprint(H, [`${P}/bin`]), before);
  }
});
