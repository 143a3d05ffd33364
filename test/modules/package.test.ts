// package on lab host h07: picks apt from the gathered facts and passes apt's
// arguments on; another package manager is a clear error.
import test from 'ava';
import { H, playOf } from '../fixtures/modules/apt/h07.js';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { withAptHost } from '../fixtures/modules/apt/host-lock.js';

const status = (): Promise<string> => onHost(H, "dpkg-query -W -f='${db:Status-Abbrev}${Version}' figlet 2>/dev/null || echo absent");

test.after.always(() => withAptHost(() => onHost(H, 'DEBIAN_FRONTEND=noninteractive apt-get -qq -y purge --auto-remove figlet >/dev/null 2>&1 || true')));

test.serial('installs through apt (pkg_mgr fact), converges, check mode changes nothing', async (t) => {
  await withAptHost(async () => {
    await onHost(H, 'dpkg --purge figlet >/dev/null');
    const before = await fingerprint(H, ['/var/lib/dpkg/status']);
    const check = await play(playOf('    - package: name=figlet state=present install_recommends=no\n', true), ['--check', '-D']);
    t.is(check.code, 0, check.stdout);
    t.like(recapOf(check.stdout, H), { changed: 1 });
    t.regex(check.stdout, /^\+figlet 2\./m);
    t.is(await fingerprint(H, ['/var/lib/dpkg/status']), before);

    const tasks = '    - package: { name: figlet, install_recommends: false }\n    - package: { name: [figlet], use: apt }\n';
    const run = await play(playOf(tasks, true), ['-D']);
    t.is(run.code, 0, run.stdout);
    t.like(recapOf(run.stdout, H), { changed: 1, failed: 0 });
    t.regex(run.stdout, /^\+figlet 2\./m);
    t.regex(await status(), /^ii 2\./);
  });
});

test.serial('another package manager is refused with a clear message', async (t) => {
  const run = await play(playOf('    - package: name=figlet use=dnf\n'));
  t.is(run.code, 2, run.stdout);
  t.regex(run.stdout, /package: the host's package manager is 'dnf'; only apt is supported/);
});
