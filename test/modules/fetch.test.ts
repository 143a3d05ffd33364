// fetch from lab host h05 to the controller: stored at dest/h05/<src> (or
// flat), converges, check-runs without writing on either side while
// reporting (and diffing) the change; Ansible's answers for missing files.
import test from 'ava';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_INVENTORY, mosipPlay, recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';
import { statuses } from './edit-cases.js';

const H = 'h05';
const DIR = '/srv/mp-test/files/fetch';

/** Every file below `dir` with its mode and content, to prove nothing on the controller changed. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => `${path} ${(statSync(path).mode & 0o777).toString(8)} ${readFileSync(path, 'base64')}`)
    .sort();
}

test('fetches, converges, check-runs without writing anywhere, and shows the diff', async (t) => {
  const P = `${DIR}/main`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && printf 'a: 1\\nb: 2\\n' > ${P}/conf && printf '\\000\\001\\002' > ${P}/bin`);
  const dir = tempTree({
    'play.yml': `
- hosts: ${H}
  gather_facts: false
  tasks:
    - fetch: { src: ${P}/conf, dest: fetched }
    - fetch: { src: ${P}/bin, dest: "{{ playbook_dir }}/flat/", flat: true }
`,
  });
  const run = (args: string[] = []) => mosipPlay([join(dir, 'play.yml'), '-i', LAB_INVENTORY, ...args]);
  const first = await run();
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { ok: 2, changed: 2 });
  const conf = join(dir, 'fetched', H, P, 'conf');
  t.is(readFileSync(conf, 'utf8'), 'a: 1\nb: 2\n');
  t.deepEqual(readFileSync(join(dir, 'flat', 'bin')), Buffer.from([0, 1, 2]));
  t.is(statSync(conf).mode & 0o777, 0o666 & ~process.umask(), 'a new file gets the mode a plain write would');
  t.deepEqual(readdirSync(join(dir, 'fetched', H, P)), ['conf'], 'no temp file left behind');

  const second = await run();
  t.like(recapOf(second.stdout, H), { ok: 2, changed: 0 });

  writeFileSync(conf, 'a: 1\nb: local\n');
  const [before, hostBefore] = [tree(dir), await fingerprint(H, [`${P}/conf`, `${P}/bin`])];
  const check = await run(['--check', '-D']);
  t.like(recapOf(check.stdout, H), { ok: 2, changed: 1 });
  t.deepEqual(tree(dir), before, 'check mode wrote nothing on the controller');
  t.is(await fingerprint(H, [`${P}/conf`, `${P}/bin`]), hostBefore);
  t.regex(check.stdout, / a: 1\n-b: local\n\+b: 2/);
});

test("missing sources, directories and a flat dest that is a directory: Ansible's answers", async (t) => {
  const P = `${DIR}/rules`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/adir`);
  const out = tempTree({ 'existing/.keep': '' });
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: missing
      fetch: { src: ${P}/nope, dest: ${out} }
      ignore_errors: true
    - name: missing allowed
      fetch: { src: ${P}/nope, dest: ${out}, fail_on_missing: false }
    - name: directory
      fetch: { src: ${P}/adir, dest: ${out} }
      ignore_errors: true
    - name: flat into a directory without a slash
      fetch: { src: ${P}/adir, dest: ${out}/existing, flat: true }
      ignore_errors: true
`, ['-v']);
  t.deepEqual([...statuses(run.stdout).values()], ['fatal', 'ok', 'fatal', 'fatal']);
  t.regex(run.stdout, /"msg":"the remote file does not exist"/);
  t.regex(run.stdout, /"msg":"the remote file does not exist, not transferring, ignored"/);
  t.regex(run.stdout, /"msg":"remote file is a directory, fetch cannot work on directories"/);
  t.regex(run.stdout, /"msg":"dest is an existing directory, use a trailing slash if you want to fetch src into that directory"/);
  t.deepEqual(tree(out).length, 1, 'nothing was written');
});
