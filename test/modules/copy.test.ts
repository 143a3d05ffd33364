// copy on lab host h05: content, a file into a directory, a directory tree,
// a binary file, remote_src, backup and force=no applied, converged,
// check-run from a different starting state and diffed; then validate and
// the failures; then a transfer cut off mid-way.
import test from 'ava';
import { execa } from 'execa';
import { randomBytes, createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAB_INVENTORY, REPO, recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';
import { statuses } from './edit-cases.js';

const H = 'h05';
const DIR = '/srv/mp-test/files/copy';

const files = {
  'files/app.conf': 'port=80\nhost=a\n',
  'files/tree/one': '1\n',
  'files/tree/sub/two': '2\n',
  'files/logo.bin': '\u0000\u0001PNG\u0000',
};

const tasks = (P: string) => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: content
      copy: { content: "hello\\n", dest: ${P}/hello, mode: '0640', owner: daemon }
    - name: into a directory
      copy: { src: app.conf, dest: ${P}/etc, backup: true }
    - name: tree
      copy: { src: tree, dest: ${P}/, directory_mode: '0700' }
    - name: binary
      copy: { src: logo.bin, dest: ${P}/logo.bin }
    - name: remote_src
      copy: { src: ${P}/hello, dest: ${P}/hello.copy, remote_src: true, mode: preserve }
    - name: force no
      copy: { content: "new\\n", dest: ${P}/keep, force: false }
`;

const PATHS = ['hello', 'etc/app.conf', 'tree/one', 'tree/sub/two', 'logo.bin', 'hello.copy', 'keep'];

test('applies, converges, check-runs without touching the host, and shows the diff', async (t) => {
  const P = `${DIR}/main`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/etc && printf 'port=80\\nhost=old\\n' > ${P}/etc/app.conf && echo old > ${P}/keep`);
  const run = (args: string[] = []) => play(tasks(P), args, files);
  const first = await run(['-v']);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { ok: 6, changed: 5, failed: 0 });
  const backup = /"backup_file":"([^"]+)"/.exec(first.stdout)?.[1];
  t.truthy(backup, 'the result names the backup');
  t.is(
    await onHost(H, `cd ${P} && stat -c '%n %a %U' hello hello.copy tree tree/sub etc/app.conf && cat hello.copy etc/app.conf tree/sub/two keep ${backup} && od -An -tx1 logo.bin`),
    'hello 640 daemon\nhello.copy 640 root\ntree 700 root\ntree/sub 700 root\netc/app.conf 644 root\nhello\nport=80\nhost=a\n2\nold\nport=80\nhost=old\n 00 01 50 4e 47 00',
  );

  const second = await run();
  t.like(recapOf(second.stdout, H), { ok: 6, changed: 0, failed: 0 });

  await onHost(H, `cd ${P} && printf 'port=81\\nhost=a\\n' > etc/app.conf && printf 'x' > logo.bin && rm -r tree/sub && chown root hello && chmod 0600 hello`);
  const paths = [...PATHS, 'tree/sub'].map((p) => `${P}/${p}`);
  const before = await fingerprint(H, paths);
  const check = await run(['--check', '-D']);
  t.is(check.code, 0, check.stdout);
  t.is(await fingerprint(H, paths), before, 'check mode changed nothing');
  const s = statuses(check.stdout);
  t.deepEqual(['content', 'into a directory', 'tree', 'binary', 'remote_src', 'force no'].map((n) => s.get(n)), ['changed', 'changed', 'changed', 'changed', 'changed', 'ok']);
  for (const line of [
    '-port=81',
    '+port=80',
    `${P}/tree/sub: state absent -> directory`,
    `+++ ${P}/tree/sub/two (after)`,
    `${P}/logo.bin: binary file differs`,
    `${P}/hello: mode 0600 -> 0640`,
    `${P}/hello: owner root -> daemon`,
    `${P}/hello.copy: mode 0640 -> 0600`,
  ]) {
    t.true(check.stdout.includes(line), `diff shows ${line}\n${check.stdout}`);
  }
});

test('validate, and the failures Ansible reports', async (t) => {
  const P = `${DIR}/rules`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/adir && echo keep > ${P}/v`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - name: rejected
      copy: { content: "bad\\n", dest: ${P}/v, validate: "grep -q good %s" }
      ignore_errors: true
    - name: accepted
      copy: { content: "good\\n", dest: ${P}/v2, validate: "grep -q good %s" }
    - name: no parent
      copy: { content: "x", dest: ${P}/missing/f }
      ignore_errors: true
    - name: content into a directory
      copy: { content: "x", dest: ${P}/adir }
      ignore_errors: true
    - name: both src and content
      copy: { content: "x", src: a, dest: ${P}/x }
      ignore_errors: true
`);
  const s = statuses(run.stdout);
  t.deepEqual(['rejected', 'accepted', 'no parent', 'content into a directory'].map((n) => s.get(n)), ['fatal', 'changed', 'fatal', 'fatal']);
  t.regex(run.stdout, /Destination directory \/srv\/mp-test\/files\/copy\/rules\/missing does not exist/);
  t.regex(run.stdout, /can not use content with a dir as dest/);
  t.regex(run.stdout + run.stderr, /exactly one of src and content is required/);
  t.is(await onHost(H, `cat ${P}/v ${P}/v2; ls -A ${P}`), 'keep\ngood\nadir\nv\nv2', 'the rejected file left no temp file behind');
});

test('a copy cut off mid-transfer leaves the old file or the new one, never a mix', async (t) => {
  const P = `${DIR}/cut`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && echo old > ${P}/big`);
  const big = randomBytes(50 * 1024 * 1024);
  const dir = tempTree({ 'play.yml': `- hosts: ${H}\n  gather_facts: false\n  tasks:\n    - copy: { src: big, dest: ${P}/big }\n` });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'big'), big);
  const cli = execa('node', [resolve(REPO, 'dist/cli.js'), join(dir, 'play.yml'), '-i', LAB_INVENTORY], { reject: false });
  // One ssh session polls on the host, so the kill follows the first MB by a fraction of a second.
  const seen = await onHost(H, `for i in $(seq 1 600); do s=$(stat -c '%s %a' ${P}/.mosip-play.* 2>/dev/null); if [ -n "$s" ] && [ "\${s% *}" -gt 1000000 ]; then echo "$s"; exit 0; fi; sleep 0.05; done`);
  cli.kill('SIGKILL');
  const killed = await cli;
  t.regex(seen, /^\d+ 600$/, `the temp file was seen growing, readable by its owner only\n${String(killed.stdout)}`);
  await new Promise((r) => setTimeout(r, 1000));
  const [sum, left = ''] = (await onHost(H, `sha256sum < ${P}/big | cut -d' ' -f1; stat -c %a ${P}/.mosip-play.* 2>/dev/null || true`)).split('\n');
  t.true([sha('old\n'), sha(big)].includes(sum!), 'the destination is whole: the old file or the new one');
  t.true(left === '' || left === '600', `a temp file left behind is 0600, not ${left}`);
});

function sha(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}
