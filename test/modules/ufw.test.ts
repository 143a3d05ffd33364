// ufw on lab host h09: rules as ufw records them, idempotence, check mode,
// a port really blocked/refused/opened as seen from this machine, and the
// guard that never lets a run cut its own SSH connection.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import test from 'ava';
import { execa } from 'execa';
import { REPO, mosipPlay, recapOf, type CliRun } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';
import { parseSshConnection, sshAccepted } from '../../src/modules/ufw-ssh-guard.js';

const H = 'h09';
const ADDR = '10.213.0.19';
const CONTROLLER = '10.213.0.1';
const FILES = ['/etc/ufw/user.rules', '/etc/ufw/user6.rules', '/etc/ufw/ufw.conf', '/etc/default/ufw'];
const CLEAN = 'ufw --force reset >/dev/null; ufw disable >/dev/null; rm -f /etc/ufw/*.rules.[0-9]*_[0-9]*';
/** A sudoer who logs in with the lab key: under sudo, SSH_CONNECTION is gone from the environment. */
const SUDOER = 'mpufw';

const playOf = (...tasks: string[]): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
${tasks.map((t) => `    - ufw: ${t}`).join('\n')}
`;

const SSH_RULE = `{rule: allow, port: 22, proto: tcp, from_ip: ${CONTROLLER}, comment: ssh from controller}`;

/** Connect from this machine: 'open', 'refused' (REJECT) or 'timeout' (DROP). */
function tcpProbe(port: number, ms = 1000): Promise<'open' | 'refused' | 'timeout'> {
  return new Promise((resolve) => {
    const sock = connect({ host: ADDR, port, timeout: ms });
    sock.once('connect', () => (sock.destroy(), resolve('open')));
    sock.once('timeout', () => (sock.destroy(), resolve('timeout')));
    sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? 'refused' : 'timeout'));
  });
}

/** Run `yaml` logged in as SUDOER, with become. */
function playAsSudoer(yaml: string, args: string[]): Promise<CliRun> {
  const dir = tempTree({
    'hosts.ini': `${H} ansible_host=${ADDR} ansible_user=${SUDOER} ansible_become=true ansible_ssh_private_key_file=${REPO}/.lab/id_ed25519 ansible_ssh_common_args='-o UserKnownHostsFile=${REPO}/.lab/known_hosts'\n`,
    'play.yml': yaml,
  });
  return mosipPlay([`${dir}/play.yml`, '-i', `${dir}/hosts.ini`, ...args]);
}

/** Last resort if a broken guard ever locked the lab host out: run the command inside it without SSH. */
async function cleanUp(): Promise<void> {
  // ufw's own defaults again (reset keeps policies and logging), the firewall off, the listener and the sudoer gone.
  const defaults = 'ufw default deny incoming; ufw default allow outgoing; ufw default deny routed; ufw logging low';
  const cmd = `${CLEAN}; { ${defaults}; } >/dev/null; systemctl stop mp-listen 2>/dev/null; userdel -r -f ${SUDOER} 2>/dev/null; rm -f /etc/sudoers.d/${SUDOER}; true`;
  try {
    await onHost(H, cmd);
  } catch {
    const pid = readFileSync(`/run/mosip-play-lab/${H}.init.pid`, 'utf8').trim();
    await execa('nsenter', ['-t', pid, '-a', 'sh', '-c', cmd]);
  }
}

test.before(async () => {
  await onHost(H, 'command -v ufw >/dev/null || { apt-get update -qq && apt-get install -y -qq ufw; } >/dev/null 2>&1');
  await onHost(H, `${CLEAN}; ufw default allow incoming >/dev/null; ufw default allow outgoing >/dev/null; ufw logging low >/dev/null`);
  await onHost(H, `systemctl stop mp-listen 2>/dev/null; systemd-run --unit=mp-listen python3 -m http.server 9999 --bind ${ADDR} >/dev/null 2>&1`);
  await onHost(H, `id ${SUDOER} >/dev/null 2>&1 || useradd -m ${SUDOER}; install -d -o ${SUDOER} -m 700 ~${SUDOER}/.ssh; install -o ${SUDOER} -m 600 /root/.ssh/authorized_keys ~${SUDOER}/.ssh/; echo '${SUDOER} ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/${SUDOER}`);
});

test.after.always(cleanUp);

test.serial('adds rules, policy, logging and enables; re-applying changes nothing; SSH stays open', async (t) => {
  const yaml = playOf(
    SSH_RULE,
    '{rule: allow, port: "2379:2380", proto: tcp, from: 10.213.0.0/24}',
    '{rule: deny, direction: out, port: 53, proto: udp}',
    // IPv6 only, and a limit rule: ufw's dry run skips exactly this; the run must not.
    '{rule: limit, port: 22, proto: tcp, from_ip: "2001:db8::/32"}',
    '{default: deny, direction: incoming}',
    '{logging: medium}',
    '{state: enabled}',
  );
  const first = await play(yaml);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { ok: 7, changed: 7, failed: 0 });
  const status = await onHost(H, 'ufw status verbose; ufw status numbered');
  t.regex(status, /^Status: active/m);
  t.regex(status, /^Logging: on \(medium\)/m);
  t.regex(status, /^Default: deny \(incoming\), allow \(outgoing\)/m);
  t.regex(status, /^\[ 1\] 22\/tcp +ALLOW IN +10\.213\.0\.1 +# ssh from controller$/m);
  t.regex(status, /^\[ 2\] 2379:2380\/tcp +ALLOW IN +10\.213\.0\.0\/24\s*$/m);
  t.regex(status, /^\[ 3\] 53\/udp +DENY OUT +Anywhere +\(out\)$/m);
  t.regex(status, /^\[ 4\] 53\/udp \(v6\) +DENY OUT +Anywhere \(v6\) +\(out\)$/m);
  t.regex(status, /^\[ 5\] 22\/tcp +LIMIT IN +2001:db8::\/32\s*$/m);

  const again = await play(yaml);
  t.is(again.code, 0, again.stdout);
  t.like(recapOf(again.stdout, H), { ok: 7, changed: 0 });
  t.is(await onHost(H, 'echo still reachable'), 'still reachable', 'a new SSH login works with the firewall on');
});

test.serial('a denied port times out, a rejected one is refused, an allowed one opens (seen from this machine)', async (t) => {
  t.is(await tcpProbe(9999), 'timeout', 'default deny incoming drops');
  const reject = await play(playOf('{rule: reject, port: 9999, proto: tcp}'));
  t.like(recapOf(reject.stdout, H), { changed: 1, failed: 0 });
  t.is(await tcpProbe(9999), 'refused');

  const deny = await play(playOf('{rule: reject, port: 9999, proto: tcp, delete: true}', '{rule: deny, port: 9999, proto: tcp, insert: 1}'));
  t.like(recapOf(deny.stdout, H), { changed: 2, failed: 0 });
  t.regex(await onHost(H, 'ufw status numbered'), /^\[ 1\] 9999\/tcp +DENY IN +Anywhere/m);
  t.is(await tcpProbe(9999), 'timeout');

  const allow = await play(playOf('{rule: deny, port: 9999, proto: tcp, delete: yes}', '{rule: allow, port: 9999, proto: tcp}'));
  t.like(recapOf(allow.stdout, H), { changed: 2, failed: 0 });
  t.is(await tcpProbe(9999), 'open');
});

test.serial('check mode shows the would-be changes with --diff and leaves rules, files and iptables untouched', async (t) => {
  const paths = [...FILES];
  const state = async () => (await fingerprint(H, paths)) + (await onHost(H, "iptables-save | grep -v '^#' | sha256sum; ls /etc/ufw"));
  const before = await state();
  const yaml = playOf(
    '{rule: limit, port: 8080, proto: tcp, direction: in, interface: host0, comment: "web"}',
    '{rule: allow, port: 9999, proto: tcp, delete: true}',
    '{rule: allow, port: 9999, proto: tcp}',
    '{logging: "off"}',
    '{state: disabled}',
  );
  const run = await play(yaml, ['--check', '--diff']);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { ok: 5, changed: 4, failed: 0 });
  t.regex(run.stdout, /^\+limit tcp 8080 0\.0\.0\.0\/0 any 0\.0\.0\.0\/0 in_host0 comment="web"$/m);
  t.regex(run.stdout, /^-allow tcp 9999 ::\/0 any ::\/0 in$/m);
  t.regex(run.stdout, /^ufw: logging medium -> off$/m);
  t.regex(run.stdout, /^ufw: status active -> inactive$/m);
  t.is(await state(), before);
});

test.serial('refuses to cut the SSH connection: deleting its rule, shadowing it, enabling without one', async (t) => {
  // Failing tasks are ignored so that one play shows each refusal.
  const refused = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - ufw: {rule: allow, port: 22, proto: tcp, from_ip: ${CONTROLLER}, delete: true}
      ignore_errors: true
    - ufw: {rule: deny, from_ip: ${CONTROLLER}, insert: 1}
      check_mode: true
      ignore_errors: true
`);
  t.like(recapOf(refused.stdout, H), { failed: 0, ignored: 2, changed: 0 });
  t.regex(refused.stdout, /refusing to delete this rule: ufw would then drop new SSH connections from 10\.213\.0\.1 to 10\.213\.0\.19 port 22\/tcp/);
  t.regex(refused.stdout, /refusing to add this rule/, 'a deny placed before the SSH rule is caught in check mode too');
  t.regex(await onHost(H, 'ufw status'), /22\/tcp +ALLOW +10\.213\.0\.1/, 'the rule is still there');

  // Reset for real (rules gone, firewall off), then, in check mode, try to enable: under sudo, SSH_CONNECTION is not in the environment.
  const viaSudo = await playAsSudoer(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - ufw: {state: reset}
      check_mode: false
    - ufw: {state: enabled}
`, ['--check']);
  t.is(viaSudo.code, 2, viaSudo.stdout);
  t.like(recapOf(viaSudo.stdout, H), { changed: 1, failed: 1 });
  t.regex(viaSudo.stdout, /refusing to enable ufw: ufw would then drop new SSH connections from 10\.213\.0\.1/, 'found under sudo too');
  t.notRegex(await onHost(H, 'cat /etc/ufw/user.rules'), /### tuple ###/, 'reset removed every rule');

  const enable = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - ufw: {state: enabled}
      ignore_errors: true
    - command: ufw status
      register: st
    - assert: {that: ['st.stdout.startsWith("Status: inactive")']}
    - ufw: ${SSH_RULE}
    - ufw: {state: enabled}
    - ufw: {state: reloaded}
`);
  t.like(recapOf(enable.stdout, H), { failed: 0, ignored: 1, changed: 4 });
  t.regex(enable.stdout, /refusing to enable ufw: .*ufw: \{rule: allow, proto: tcp, port: '22', from_ip: 10\.213\.0\.1\}/);
  t.is(await onHost(H, 'ufw status | head -n1'), 'Status: active', 'and a new SSH login still works');
});

test('the guard replays ufw: first matching rule wins, then the default policy', (t) => {
  const ssh = parseSshConnection('10.213.0.1 40000 10.213.0.19 22', 'host0')!;
  const allow22 = 'allow tcp 22 0.0.0.0/0 any 10.213.0.0/24 in';
  t.true(sshAccepted([allow22], 'deny', ssh));
  t.false(sshAccepted(['deny any any 0.0.0.0/0 any 10.213.0.1 in', allow22], 'deny', ssh), 'an earlier deny wins');
  t.true(sshAccepted(['allow tcp 20:25,80 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in'], 'deny', ssh), 'ranges, lists, app rules');
  t.false(sshAccepted(['allow udp 22 0.0.0.0/0 any 0.0.0.0/0 in', 'allow tcp 22 0.0.0.0/0 any 192.168.0.0/16 in'], 'deny', ssh));
  t.false(sshAccepted(['allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 out', 'route:allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in'], 'reject', ssh));
  t.true(sshAccepted(['deny tcp 22 0.0.0.0/0 any 0.0.0.0/0 in_eth1'], 'allow', ssh), 'a deny on another interface does not apply');
  const noIface = parseSshConnection('10.213.0.1 40000 10.213.0.19 22')!;
  t.false(sshAccepted(['allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in_host0'], 'deny', noIface), 'unknown interface: an interface allow is not trusted');
  const v6 = parseSshConnection('fd00::1 40000 fd00::19 2222', 'host0')!;
  t.true(sshAccepted(['limit tcp 2222 ::/0 any fd00::/64 in'], 'deny', v6));
  t.false(sshAccepted(['allow tcp 2222 ::/0 any fd01::/64 in'], 'deny', v6));
});
