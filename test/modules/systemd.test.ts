// systemd (and systemd_service, service) on lab host h07, with units the test
// writes itself: start/stop/enable/mask/restart, daemon_reload, check mode,
// and the condition trap (a start skipped by ConditionVirtualization=!container
// exits 0; the module must not call that a change).
import test from 'ava';
import { H, playOf, outcomes } from '../fixtures/modules/apt/h07.js';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const DIR = '/usr/local/lib/systemd/system';
const SVC = 'mp-test-svc';
const COND = 'mp-test-cond';
const WANTS = `/etc/systemd/system/multi-user.target.wants/${SVC}.service`;

const unit = (description: string, condition = ''): string =>
  `[Unit]\nDescription=${description}\n${condition}\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n`;

/** ActiveState, UnitFileState, MainPID... read with plain systemctl. */
async function props(name: string): Promise<Record<string, string>> {
  const out = await onHost(H, `systemctl show -p ActiveState,UnitFileState,MainPID,ConditionResult,NeedDaemonReload,Description ${name}`);
  return Object.fromEntries(out.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

async function reset(): Promise<void> {
  await onHost(
    H,
    `systemctl disable --now ${SVC} ${COND} >/dev/null 2>&1; systemctl unmask ${SVC} >/dev/null 2>&1; mkdir -p ${DIR}; ` +
      `printf '%s' '${unit('mp test')}' > ${DIR}/${SVC}.service; printf '%s' '${unit('mp cond', 'ConditionVirtualization=!container')}' > ${DIR}/${COND}.service; ` +
      'systemctl daemon-reload',
  );
}

test.before(reset);

test.after.always(async () => {
  await onHost(H, `systemctl disable --now ${SVC} ${COND} >/dev/null 2>&1; systemctl unmask ${SVC}; rm -f ${DIR}/${SVC}.service ${DIR}/${COND}.service; systemctl daemon-reload`);
});

test.serial('starts and enables, converges, restarts with a new main process, stops', async (t) => {
  const start = `    - systemd: name=${SVC} state=started enabled=yes\n`;
  const first = await play(playOf(start), ['-D']);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { changed: 1, failed: 0 });
  t.regex(first.stdout, new RegExp(`systemd unit ${SVC}: state inactive -> active`));
  t.regex(first.stdout, new RegExp(`systemd unit ${SVC}: enabled disabled -> enabled`));
  t.like(await props(SVC), { ActiveState: 'active', UnitFileState: 'enabled' });

  const again = await play(playOf(start));
  t.like(recapOf(again.stdout, H), { ok: 1, changed: 0 });

  const pid = (await props(SVC)).MainPID;
  const more = await play(playOf(`    - systemd_service: name=${SVC} state=restarted\n    - service: name=${SVC} state=stopped\n    - service: name=${SVC} state=stopped\n`), ['-D']);
  t.is(more.code, 0, more.stdout);
  t.deepEqual(outcomes(more.stdout), ['changed', 'changed', 'ok']);
  t.like(await props(SVC), { ActiveState: 'inactive', UnitFileState: 'enabled' });
  t.regex(more.stdout, new RegExp(`systemd unit ${SVC}: MainPID ${pid} -> [1-9]`), 'the restart started a new main process');
});

test.serial('check mode reports the change and leaves the unit alone', async (t) => {
  await onHost(H, `systemctl enable --now ${SVC}`);
  const before = [await fingerprint(H, [WANTS, `${DIR}/${SVC}.service`]), JSON.stringify(await props(SVC))];
  const run = await play(playOf(`    - systemd: name=${SVC} state=stopped enabled=false\n`), ['--check', '-D']);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, new RegExp(`systemd unit ${SVC}: state active -> inactive`));
  t.regex(run.stdout, new RegExp(`systemd unit ${SVC}: enabled enabled -> disabled`));
  t.deepEqual([await fingerprint(H, [WANTS, `${DIR}/${SVC}.service`]), JSON.stringify(await props(SVC))], before);
});

test.serial('masks and unmasks; a masked unit cannot be started', async (t) => {
  await onHost(H, `systemctl disable --now ${SVC}`);
  const run = await play(
    playOf(
      [
        `    - systemd: name=${SVC} masked=true`,
        `    - systemd: name=${SVC} masked=yes`,
        `    - systemd: name=${SVC} state=started\n      ignore_errors: true`,
      ].join('\n') + '\n',
    ),
  );
  t.deepEqual(outcomes(run.stdout), ['changed', 'ok', 'fatal']);
  t.regex(run.stdout, /systemctl start mp-test-svc failed: Failed to start mp-test-svc\.service: Unit mp-test-svc\.service is masked/);
  t.is((await props(SVC)).UnitFileState, 'masked');

  const unmask = await play(playOf(`    - systemd: name=${SVC} masked=no state=started\n`));
  t.like(recapOf(unmask.stdout, H), { changed: 1, failed: 0 });
  t.like(await props(SVC), { ActiveState: 'active', UnitFileState: 'disabled' });
});

test.serial('daemon_reload loads a changed unit file before acting', async (t) => {
  await onHost(H, `systemctl start ${SVC}; sed -i 's/^Description=.*/Description=mp test v2/' ${DIR}/${SVC}.service`);
  t.is((await props(SVC)).NeedDaemonReload, 'yes');
  const warned = await play(playOf(`    - systemd: name=${SVC} state=started\n`), ['-v']);
  t.regex(warned.stdout, /changed on disk; add daemon_reload: true/);
  const run = await play(playOf(`    - systemd: name=${SVC} state=restarted daemon_reload=yes\n`));
  t.is(run.code, 0, run.stdout);
  t.like(await props(SVC), { NeedDaemonReload: 'no', Description: 'mp test v2', ActiveState: 'active' });
});

test.serial('the condition trap: a start skipped by an unmet condition is not a change', async (t) => {
  const run = await play(playOf(`    - systemd: name=${COND} state=started\n      register: r\n    - assert: { that: ['!r.changed', 'r.status.ConditionResult == "no"'] }\n`), ['-v']);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { changed: 0, failed: 0 });
  t.regex(run.stdout, /mp-test-cond did not start: mp-test-cond\.service - mp cond was skipped because of an unmet condition check \(ConditionVirtualization=!container\)/);
  t.like(await props(COND), { ActiveState: 'inactive', ConditionResult: 'no' });

  const check = await play(playOf(`    - systemd: name=${COND} state=started\n`), ['--check', '-v']);
  t.like(recapOf(check.stdout, H), { changed: 0 });
  t.regex(check.stdout, /would most likely not start/);
});

test.serial('errors: a unit that does not exist, a service manager that is not systemd', async (t) => {
  const run = await play(playOf('    - systemd: name=mp-test-nonexistent state=started\n      ignore_errors: true\n    - service: name=ssh state=started use=sysvinit\n      ignore_errors: true\n'));
  t.deepEqual(outcomes(run.stdout), ['fatal', 'fatal']);
  t.regex(run.stdout, /Could not find the requested service mp-test-nonexistent: host/);
  t.regex(run.stdout, /service manager is 'sysvinit'; only systemd is supported/);
});
