// wait_for on lab host h09: ports opening, closing and draining, files
// appearing (with a regex) and vanishing, a regex on a server banner, and a
// timeout that is never exceeded. Things "happen later" through systemd-run
// timers on the host, so the wait really has to poll.
import test from 'ava';
import { recapOf, type CliRun } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h09';
const DIR = '/srv/mp-test/wait_for';
const UNITS = ['mp-wf-late', 'mp-wf-stop', 'mp-wf-file', 'mp-wf-rm', 'mp-wf-drain', 'mp-wf-hold'];

const playOf = (tasks: string, args = ''): Promise<CliRun> =>
  play(`
- hosts: ${H}
  gather_facts: false
  tasks:
${tasks}
`, args ? args.split(' ') : []);

/**
 * A task that runs `cmd` on the host `after` seconds later (a transient timer),
 * so the event happens while the next task is already waiting for it; it
 * runs in check mode too.
 */
const later = (unit: string, after: number, cmd: string): string =>
  `    - command: ${JSON.stringify(`systemd-run -q --unit=${unit} --on-active=${after} --timer-property=AccuracySec=10ms ${cmd}`)}\n      check_mode: false`;

const stopUnits = () => onHost(H, `for u in ${UNITS.join(' ')}; do systemctl stop $u.timer $u.service 2>/dev/null; systemctl reset-failed $u.service 2>/dev/null; done; true`);

test.before(async () => {
  await stopUnits();
  await onHost(H, `rm -rf ${DIR}; mkdir -p ${DIR}`);
});

test.after.always(async () => {
  await stopUnits();
  await onHost(H, `rm -rf ${DIR}; rmdir /srv/mp-test 2>/dev/null; true`);
});

test('waits for a port to open, then to close; ok and unchanged', async (t) => {
  const run = await playOf(`
${later('mp-wf-late', 2, 'python3 -m http.server 9998 --bind 127.0.0.1')}
    - wait_for: {port: 9998, timeout: 20}
      register: up
${later('mp-wf-stop', 2, 'systemctl stop mp-wf-late.service')}
    - wait_for: {port: 9998, state: stopped, timeout: 20}
      register: down
    - assert: {that: ['up.elapsed >= 1', 'up.state == "started"', 'up.port == 9998', '!up.changed', 'down.elapsed >= 1']}`);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { ok: 5, changed: 2, failed: 0 }, 'only the two scheduling commands changed');
});

test('waits for a file with a matching line (groups returned) and for it to vanish; also in check mode', async (t) => {
  const flag = `${DIR}/flag`;
  t.is((await fingerprint(H, [flag])).trim(), `${flag} absent`);
  const found = await playOf(`
${later('mp-wf-file', 2, `sh -c 'echo starting > ${flag}; sleep 1; echo "ready port=8080 name=api" >> ${flag}'`)}
    - wait_for: {path: ${flag}, search_regex: 'ready port=(\\d+) name=(?P<name>\\w+)', timeout: 20}
      register: w
    - assert: {that: ['w.match_groups == ["8080", "api"]', 'w.match_groupdict.name == "api"', 'w.elapsed >= 2']}`, '--check');
  t.is(found.code, 0, found.stdout);
  t.like(recapOf(found.stdout, H), { ok: 3, changed: 1 });
  t.is(await onHost(H, `cat ${flag}`), 'starting\nready port=8080 name=api', 'check mode waited until the file was complete');

  const gone = await playOf(`
${later('mp-wf-rm', 2, `rm -f ${flag}`)}
    - wait_for: {path: ${flag}, state: absent, timeout: 20}
      register: w
    - assert: {that: ['w.elapsed >= 1']}`);
  t.is(gone.code, 0, gone.stdout);
  t.is(await onHost(H, `test -e ${flag} && echo there || echo gone`), 'gone');
});

test('a regex on a port reads the server banner', async (t) => {
  const run = await playOf(`
    - wait_for: {port: 22, search_regex: 'OpenSSH_(\\d+)', timeout: 10}
      register: w
    - assert: {that: ['size(w.match_groups) == 1']}`);
  t.is(run.code, 0, run.stdout);
});

test('drained: waits until no connection to the port is active', async (t) => {
  await onHost(H, 'systemd-run -q --unit=mp-wf-drain python3 -m http.server 9996 --bind 127.0.0.1');
  const held = `${DIR}/held`;
  const run = await playOf(`
    - wait_for: {port: 9996, timeout: 20}
    - command: ${JSON.stringify(`systemd-run -q --unit=mp-wf-hold bash -c 'exec 3<>/dev/tcp/127.0.0.1/9996; touch ${held}; sleep 3'`)}
    - wait_for: {path: ${held}, timeout: 20}
    - wait_for: {port: 9996, state: drained, timeout: 20}
      register: w
    - assert: {that: ['w.elapsed >= 1']}`);
  t.is(run.code, 0, run.stdout);
});

test('times out with Ansible\'s message, or msg, never later than timeout, even when connects hang', async (t) => {
  const start = Date.now();
  const run = await playOf(`
    - wait_for: {port: 9997, timeout: 2}
    - wait_for: {host: 10.213.0.254, port: 80, timeout: 3, connect_timeout: 30, msg: no such host}`);
  t.is(run.code, 2, run.stdout);
  t.regex(run.stdout, /FAILED! => .*"elapsed":[23].*"msg":"Timeout when waiting for 127\.0\.0\.1:9997"/);
  t.notRegex(run.stdout, /no such host/, 'the play stopped at the first failure');
  t.true(Date.now() - start < 20_000);

  const hang = Date.now();
  const blackhole = await playOf('    - wait_for: {host: 10.213.0.254, port: 80, timeout: 3, connect_timeout: 30, msg: no such host}');
  t.regex(blackhole.stdout, /"elapsed":[34].*"msg":"no such host"/);
  t.true(Date.now() - hang < 20_000, 'a hanging connect is cut at the deadline (elapsed is measured on the host)');
});

test('bad argument combinations are refused before anything runs', async (t) => {
  const run = await playOf(`    - wait_for: {path: /tmp/x, state: stopped}`);
  t.is(run.code, 2, run.stdout + run.stderr);
  t.regex(run.stdout + run.stderr, /state=stopped should only be used for checking a port/);
});

test('with neither port nor path it just waits out the timeout, as Ansible does', async (t) => {
  const run = await playOf(`
    - wait_for: {timeout: 2}
      register: w
    - assert: {that: ['w.elapsed >= 1', 'w.elapsed <= 3']}`);
  t.is(run.code, 0, run.stdout);
});
