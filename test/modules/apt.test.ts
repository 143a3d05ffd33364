// apt on lab host h07: real installs through the lab's apt proxy (hello, sl),
// version pins, latest, downgrades and .deb files from a flat repository the
// test builds on the host (mp-test-pkg 1.0 and 1.1), check mode, and the
// dpkg lock held by another process.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { H, playOf, outcomes } from '../fixtures/modules/apt/h07.js';
import { LAB_INVENTORY, mosipPlay, recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';
import { withAptHost } from '../fixtures/modules/apt/host-lock.js';
import { versionMatches } from '../../src/modules/apt-plan.js';
import { snapshotDiff } from '../../src/modules/apt-run.js';
import { parseSimulation } from '../../src/modules/apt-simulate.js';

const REPO = '/srv/mp-test/apt/repo';
const LIST = '/etc/apt/sources.list.d/mp-test-apt.list';
const STAMP = '/var/lib/apt/periodic/update-success-stamp';
const MAKE_REPO = readFileSync(new URL('../fixtures/modules/apt/make-repo.sh', import.meta.url), 'utf8');

const version = (pkg: string): Promise<string> =>
  onHost(H, `dpkg-query -W -f='\${db:Status-Abbrev}\${Version}' ${pkg} 2>/dev/null || echo absent`);

test.before(async () => {
  await withAptHost(async () => {
    await onHost(H, `sh -s ${REPO}`, MAKE_REPO);
    await onHost(H, `echo 'deb [trusted=yes] file:${REPO} ./' > ${LIST}; dpkg --purge hello sl mp-test-pkg >/dev/null`);
  });
});

test.after.always(async () => {
  const purge = 'DEBIAN_FRONTEND=noninteractive apt-get -qq -y purge --auto-remove hello sl mp-test-pkg >/dev/null 2>&1';
  await withAptHost(() => onHost(H, `${purge}; rm -f ${LIST}; rm -rf /srv/mp-test/apt`));
});

test.serial('installs with update_cache, converges, and honours cache_valid_time', async (t) => {
  await withAptHost(async () => {
    await onHost(H, `dpkg --purge hello >/dev/null; mkdir -p /var/lib/apt/periodic; touch -d '2 hours ago' ${STAMP}`);
    const task = '    - apt: name=hello update_cache=yes cache_valid_time=3600\n';
    const first = await play(playOf(task), ['-v', '-D']);
    t.is(first.code, 0, first.stdout);
    t.like(recapOf(first.stdout, H), { changed: 1, failed: 0 });
    t.regex(first.stdout, /"cache_updated":true/);
    t.regex(first.stdout, /^\+hello 2\.10-3$/m, 'the diff lists the installed package');
    t.is(await version('hello'), 'ii 2.10-3');
    const age = Number(await onHost(H, `echo $(( $(date +%s) - $(stat -c %Y ${STAMP}) ))`));
    t.true(age < 60, `the update stamp is fresh (${age} s)`);

    const again = await play(playOf(`${task}    - apt: update_cache=yes cache_valid_time=3600\n    - apt: update_cache=yes\n`), ['-v']);
    t.is(again.code, 0, again.stdout);
    t.deepEqual(outcomes(again.stdout), ['ok', 'ok', 'changed'], 'a fresh cache is not updated; update_cache alone without cache_valid_time is');
    t.notRegex(again.stdout.split('TASK')[1]!, /"cache_updated":true/);
  });
});

test.serial('a host with no package lists at all updates the cache, whatever cache_valid_time says', async (t) => {
  await withAptHost(async () => {
    // A fresh host: the lists folder is young but holds no Packages file, and there is no update stamp.
    await onHost(H, `dpkg --purge hello >/dev/null; rm -f ${STAMP} /var/lib/apt/lists/*_Packages /var/lib/apt/lists/*_InRelease`);
    const run = await play(playOf('    - apt: name=hello update_cache=yes cache_valid_time=3600\n'), ['-v']);
    t.is(run.code, 0, run.stdout);
    t.regex(run.stdout, /"cache_updated":true/);
    t.is(await version('hello'), 'ii 2.10-3');
  });
});

test.serial('check mode: simulates installs and removals, touches neither dpkg nor the cache', async (t) => {
  await withAptHost(async () => {
    await onHost(H, `dpkg --purge sl >/dev/null; touch -d '2 hours ago' ${STAMP}`);
    const paths = ['/var/lib/dpkg/status', STAMP, '/var/cache/apt/pkgcache.bin', '/var/cache/apt/srcpkgcache.bin'];
    const mtimes = `stat -c '%n %Y' ${STAMP} /var/lib/apt/lists /var/cache/apt`;
    const before = [await fingerprint(H, paths), await onHost(H, mtimes)];
    const tasks = '    - apt: name=sl update_cache=yes cache_valid_time=60\n    - apt: name=hello state=absent purge=yes\n';
    const run = await play(playOf(tasks), ['--check', '-D', '-v']);
    t.is(run.code, 0, run.stdout);
    t.deepEqual(outcomes(run.stdout), ['changed', 'changed']);
    t.regex(run.stdout, /^\+sl 5\.02/m);
    t.regex(run.stdout, /^-hello 2\.10-3$/m);
    t.regex(run.stdout, /the apt cache would be updated/);
    t.deepEqual([await fingerprint(H, paths), await onHost(H, mtimes)], before, 'nothing on the host changed');
    t.is(await version('sl'), 'absent');
  });
});

test.serial('version globs, state=latest, downgrades and removal', async (t) => {
  await withAptHost(async () => {
    await onHost(H, `dpkg --purge mp-test-pkg >/dev/null; apt-get -qq update -o Dir::Etc::sourcelist=${LIST} -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0`);
    const tasks = [
      '    - apt: name=mp-test-pkg=1.0',
      "    - apt: { name: ['mp-test-pkg=1.*'] }",
      '    - apt: name=mp-test-pkg state=latest',
      '    - apt: pkg=mp-test-pkg state=latest',
      '    - apt: name=mp-test-pkg=1.0\n      ignore_errors: true\n      register: down',
      '    - assert: { that: [\'down.msg.contains("--allow-downgrades")\'] }',
      '    - apt: name=mp-test-pkg=1.0 allow_downgrade=yes',
      '    - apt: package=mp-test-pkg state=absent',
      '    - apt: name=mp-test-pkg state=absent purge=true',
    ].join('\n');
    const run = await play(playOf(`${tasks}\n`), ['-D']);
    t.is(run.code, 0, run.stdout);
    t.deepEqual(outcomes(run.stdout), ['changed', 'ok', 'changed', 'ok', 'fatal', 'ok', 'changed', 'changed', 'ok']);
    t.regex(run.stdout, /^-mp-test-pkg 1\.0\n\+mp-test-pkg 1\.1$/m, 'latest upgraded 1.0 to 1.1');
    t.is(await version('mp-test-pkg'), 'absent');
  });
});

test.serial('deb: a controller file is uploaded; a host path is installed in place', async (t) => {
  await withAptHost(async () => {
    await onHost(H, 'dpkg --purge mp-test-pkg >/dev/null');
    const dir = tempTree({
      'play.yml': playOf(
        ['    - apt: deb=mp-test-pkg_1.1_all.deb', '    - apt: deb=mp-test-pkg_1.1_all.deb', `    - apt: deb=${REPO}/mp-test-pkg_1.0_all.deb allow_downgrade=true`].join('\n') + '\n',
      ),
    });
    mkdirSync(join(dir, 'files'));
    writeFileSync(join(dir, 'files/mp-test-pkg_1.1_all.deb'), Buffer.from(await onHost(H, `base64 -w0 ${REPO}/mp-test-pkg_1.1_all.deb`), 'base64'));
    const run = await mosipPlay([join(dir, 'play.yml'), '-i', LAB_INVENTORY, '-D']);
    t.is(run.code, 0, run.stdout);
    t.deepEqual(outcomes(run.stdout), ['changed', 'ok', 'changed']);
    t.is(await version('mp-test-pkg'), 'ii 1.0');
    t.is(await onHost(H, 'ls /tmp/tmp.*.deb 2>/dev/null | wc -l'), '0', 'the uploaded .deb (mktemp) is removed');
  });
});

/** Holds dpkg's frontend lock from another process for `seconds`; returns its PID. */
async function holdLock(seconds: number): Promise<string> {
  const py = `import fcntl,time; f=open("/var/lib/dpkg/lock-frontend","w"); fcntl.lockf(f, fcntl.LOCK_EX); open("/run/mp-test-apt-held","w"); time.sleep(${seconds})`;
  return onHost(H, `rm -f /run/mp-test-apt-held; python3 -c '${py}' >/dev/null 2>&1 & pid=$!; i=0; while [ ! -e /run/mp-test-apt-held ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; echo $pid`);
}

test.serial('waits for the dpkg lock, and gives up after lock_timeout with a clear message', async (t) => {
  await withAptHost(async () => {
    await onHost(H, 'dpkg --purge sl >/dev/null');
    await holdLock(3);
    const start = Date.now();
    const waited = await play(playOf('    - apt: name=sl install_recommends=no\n'));
    t.is(waited.code, 0, waited.stdout);
    t.true(Date.now() - start > 2000, 'the install waited for the lock');
    t.is(await version('sl'), 'ii 5.02-1+b1');

    const holder = await holdLock(60);
    try {
      const stuck = await play(playOf('    - apt: name=sl state=absent lock_timeout=2\n'));
      t.is(stuck.code, 2, stuck.stdout);
      t.regex(stuck.stdout, /another apt\/dpkg process still held the lock after 2 s \(lock_timeout\): E: Could not get lock \/var\/lib\/dpkg\/lock-frontend/);
      t.is(await version('sl'), 'ii 5.02-1+b1');
    } finally {
      await onHost(H, `kill ${holder}`);
    }
  });
});

test('pure: version globs match like fnmatch; apt-get -s output becomes a package diff', (t) => {
  t.true(versionMatches('20.10.24+dfsg1', '20.10.*'));
  t.false(versionMatches('20.10.24+dfsg1', '20.1.*'));
  t.true(versionMatches('1:2.3~rc1-1', '1:2.3~rc?-1'));
  const sim = parseSimulation(['Inst libx [1.0] (1.1 Debian:12 [amd64])', 'Inst hello (2.10-3 Debian:12 [amd64])', 'Remv sl [5.02-1+b1]', 'Purg sl [5.02-1+b1]', 'Conf hello (2.10-3 Debian:12 [amd64])'].join('\n'));
  t.deepEqual(snapshotDiff(sim.before, sim.after), { before: 'libx 1.0\nsl 5.02-1+b1\n', after: 'hello 2.10-3\nlibx 1.1\n', changed: true });
});
