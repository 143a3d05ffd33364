// apt_repository on lab host h07: a flat repository the test builds on the
// host (file: URI, so apt-get update really reads it), re-applies, check
// mode, removal, a commented line in another file, an unreachable source
// (the update fails and the file is put back), and signed-by keys.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { H, playOf, outcomes } from '../fixtures/modules/apt/h07.js';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { withAptHost } from '../fixtures/modules/apt/host-lock.js';
import { parseSourceLine, signedBy, suggestFilename } from '../../src/modules/apt-sources.js';

const REPO = '/srv/mp-test/apt_repository/repo';
const LINE = `deb [trusted=yes] file:${REPO} ./`;
const D = '/etc/apt/sources.list.d';
const FILE = `${D}/mp-test-aptrepo.list`;
const OTHER = `${D}/mp-test-aptrepo-other.list`;
const KEY = '/etc/apt/keyrings/mp-test-aptrepo.asc';
const MAKE_REPO = readFileSync(new URL('../fixtures/modules/apt/make-repo.sh', import.meta.url), 'utf8');

const repoTask = (repo: string, extra = ''): string => `    - apt_repository:\n        repo: "${repo}"\n        filename: mp-test-aptrepo\n${extra}`;

const cleanup = `rm -f ${D}/mp-test-aptrepo*.list ${D}/10_213_0_99_debian.list ${KEY}`;

test.before(() => withAptHost(() => onHost(H, `sh -s ${REPO} && ${cleanup}`, MAKE_REPO)));

test.after.always(() => withAptHost(() => onHost(H, `${cleanup}; rm -rf /srv/mp-test/apt_repository`)));

test.serial('adds a source, updates the cache with it, converges on any spelling', async (t) => {
  await withAptHost(async () => {
    const first = await play(playOf(repoTask(LINE)), ['-D']);
    t.is(first.code, 0, first.stdout);
    t.like(recapOf(first.stdout, H), { changed: 1, failed: 0 });
    t.true(first.stdout.includes(`+${LINE}`), first.stdout);
    t.is(await onHost(H, `stat -c %a ${FILE}; cat ${FILE}`), `644\n${LINE}`);
    t.regex(await onHost(H, 'apt-cache madison mp-test-pkg'), new RegExp(`mp-test-pkg \\| +1\\.1 \\| file:${REPO} \\./ Packages`), 'apt-get update read the new source');

    const again = await play(playOf(repoTask(`  deb   [trusted=yes]  file:${REPO}  ./ `)));
    t.like(recapOf(again.stdout, H), { ok: 1, changed: 0 });
  });
});

test.serial('check mode shows the new file and writes nothing; absent removes the file', async (t) => {
  await withAptHost(async () => {
    const paths = [FILE, `${D}/mp-test-aptrepo-check.list`];
    const before = [await fingerprint(H, paths), await onHost(H, `stat -c %Y /var/lib/apt/lists`)];
    const line = `deb [trusted=yes] file:${REPO} ./ extra`;
    const check = await play(playOf(`    - apt_repository: { repo: "${line}", filename: mp-test-aptrepo-check }\n`), ['--check', '-D']);
    t.is(check.code, 0, check.stdout);
    t.like(recapOf(check.stdout, H), { changed: 1 });
    t.true(check.stdout.includes(`+++ ${D}/mp-test-aptrepo-check.list (after)`) && check.stdout.includes(`+${line}`), check.stdout);
    t.deepEqual([await fingerprint(H, paths), await onHost(H, `stat -c %Y /var/lib/apt/lists`)], before);

    const gone = await play(playOf(`${repoTask(LINE, '        state: absent\n')}${repoTask(LINE, '        state: absent\n')}`), ['-D']);
    t.is(gone.code, 0, gone.stdout);
    t.deepEqual(outcomes(gone.stdout), ['changed', 'ok']);
    t.true(gone.stdout.includes(`-${LINE}`));
    t.is(await onHost(H, `test -e ${FILE} && echo present || echo absent`), 'absent');
  });
});

test.serial('a commented-out source in another file is enabled there, and removed from there', async (t) => {
  await withAptHost(async () => {
    await onHost(H, `printf '# keep me\\n#${LINE}\\n' > ${OTHER}`);
    const run = await play(playOf(`${repoTask(LINE, '        update_cache: false\n')}${repoTask(LINE, '        update_cache: false\n')}`));
    t.deepEqual(outcomes(run.stdout), ['changed', 'ok']);
    t.is(await onHost(H, `cat ${OTHER}; test -e ${FILE} && echo "${FILE} exists" || true`), `# keep me\n${LINE}`);

    const gone = await play(playOf(repoTask(LINE, '        state: absent\n        update_cache: no\n')));
    t.like(recapOf(gone.stdout, H), { changed: 1 });
    t.is(await onHost(H, `cat ${OTHER}`), '# keep me', 'the file keeps its other lines');
  });
});

test.serial('an unreachable source fails the update and is taken out again; signed-by keys', async (t) => {
  await withAptHost(async () => {
    const bad = 'deb http://10.213.0.99/debian bookworm main';
    const run = await play(playOf(`    - apt_repository: { repo: "${bad}" }\n      ignore_errors: true\n`));
    t.deepEqual(outcomes(run.stdout), ['fatal'], run.stdout);
    t.regex(run.stdout, /Failed to update apt cache: E: Failed to fetch http:\/\/10\.213\.0\.99\/debian\/dists\/bookworm\/InRelease .*\(the source files were put back as they were\)/);
    t.is(await onHost(H, `ls ${D} | grep -c 10_213_0_99 || true`), '0');

    const signed = `deb [signed-by=${KEY}] file:${REPO} ./`;
    const task = repoTask(signed, "        mode: '0600'\n        update_cache: false\n");
    const missing = await play(playOf(`${task}      ignore_errors: true\n`));
    t.regex(missing.stdout, /the key \/etc\/apt\/keyrings\/mp-test-aptrepo\.asc named by signed-by does not exist on the host/);
    t.is(await onHost(H, `test -e ${FILE} && echo present || echo absent`), 'absent', 'nothing is written without the key');

    await onHost(H, `mkdir -p /etc/apt/keyrings && echo 'not a real key' > ${KEY}`);
    const ok = await play(playOf(task));
    t.like(recapOf(ok.stdout, H), { changed: 1, failed: 0 });
    t.is(await onHost(H, `stat -c %a ${FILE}; cat ${FILE}`), `600\n${signed}`);
  });
});

test('pure: file names and source lines as Ansible derives and compares them', (t) => {
  t.is(suggestFilename('deb http://dl.google.com/linux/chrome/deb/ stable main'), 'dl_google_com_linux_chrome_deb');
  t.is(suggestFilename('deb [arch=amd64 signed-by=/k.asc] https://user:pw@download.docker.com/linux/debian bookworm stable'), 'download_docker_com_linux_debian');
  t.deepEqual(parseSourceLine('#  deb   [ trusted=yes ]  file:/r  ./  # note'), { source: 'deb [trusted=yes] file:/r ./', enabled: false });
  t.is(parseSourceLine('# a comment'), undefined);
  t.is(signedBy('deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://x y z'), '/etc/apt/keyrings/docker.asc');
});
