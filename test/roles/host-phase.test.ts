// The host phase (playbooks/10-hosts.yml: host_base, firewall, docker_engine)
// on lab hosts h11..h16 with the lab inventory, through the real CLI: it
// converges, --check from a broken state changes nothing, the next run
// repairs only what was broken (docker restarted by its handler, once), and
// the run after that reports changed=0; the real firewall blocks and allows
// as the tables say; site.yml holds the phases in order. Docker runs on h11
// only (the wireguard host; the lab clusters are RKE2).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { REPO, mosipPlay, recapOf, type CliRun } from '../helpers/cli.js';
import { fingerprint, onHost } from '../helpers/play.js';

const INV = 'inventory/lab';
const HOSTS = ['h11', 'h12', 'h13', 'h14', 'h15', 'h16'];
const LIMIT = HOSTS.join(':');
const addr = (h: string): string => `10.213.0.${10 + Number(h.slice(1))}`;
const PRIVATE = '10.213.0.0/24';
const VPN = '10.13.13.0/24';

const hostsPhase = (...args: string[]): Promise<CliRun> => mosipPlay(['playbooks/10-hosts.yml', '-i', INV, '-l', LIMIT, ...args]);
const explain = (run: CliRun): string => `${run.stdout}\n${run.stderr}`;

function assertConverged(t: ExecutionContext, run: CliRun, hosts = HOSTS): void {
  t.is(run.code, 0, explain(run));
  for (const h of hosts) t.like(recapOf(run.stdout, h), { changed: 0, failed: 0, unreachable: 0 }, `${h}\n${explain(run)}`);
}

/** Connect from this machine: 'open', 'refused' or 'timeout' (dropped). */
function tcpProbe(host: string, port: number, ms = 1500): Promise<'open' | 'refused' | 'timeout'> {
  return new Promise((resolve) => {
    const sock = connect({ host, port, timeout: ms });
    sock.once('connect', () => (sock.destroy(), resolve('open')));
    sock.once('timeout', () => (sock.destroy(), resolve('timeout')));
    sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? 'refused' : 'timeout'));
  });
}

// What `ufw show added` must list on each lab host, from the lab inventory's
// groups and CIDRs (inventory/lab) and the firewall role's port table.
const SSH = [
  `ufw allow from ${PRIVATE} to any port 22 proto tcp comment 'ssh'`,
  `ufw allow from ${VPN} to any port 22 proto tcp comment 'ssh'`,
];
const RKE2_NODE = [
  `ufw allow from ${PRIVATE} to any port 10250 proto tcp comment 'kubelet'`,
  `ufw allow from ${PRIVATE} to any port 30000:32767 proto tcp comment 'NodePorts'`,
  `ufw allow from ${PRIVATE} to any port 9099 proto tcp comment 'canal health'`,
  `ufw allow from ${PRIVATE} to any port 8472 proto udp comment 'canal vxlan'`,
];
const RKE2_SERVER = [
  `ufw allow from ${PRIVATE} to any port 6443 proto tcp comment 'kube-apiserver'`,
  `ufw allow from ${VPN} to any port 6443 proto tcp comment 'kube-apiserver'`,
  `ufw allow from ${PRIVATE} to any port 9345 proto tcp comment 'rke2 supervisor'`,
  `ufw allow from ${PRIVATE} to any port 2379:2381 proto tcp comment 'etcd'`,
];
const EXPECTED_RULES: Record<string, string[]> = {
  h11: [...SSH, `ufw allow 51820/udp comment 'wireguard'`, `ufw route allow in on wg0 from ${VPN} to ${PRIVATE} comment 'wireguard to private'`],
  h12: [
    ...SSH,
    `ufw allow 443/tcp comment 'https'`,
    `ufw allow from ${PRIVATE} to ${addr('h12')} port 5432,9000,61616 proto tcp comment 'postgres minio activemq'`,
    `ufw allow from ${VPN} to ${addr('h12')} port 5432,9000,61616 proto tcp comment 'postgres minio activemq'`,
  ],
  h13: [...SSH, `ufw allow from ${PRIVATE} to any port 443 proto tcp comment 'https'`, `ufw allow from ${VPN} to any port 443 proto tcp comment 'https'`],
  h14: [...SSH, ...RKE2_NODE, ...RKE2_SERVER, `ufw allow from ${PRIVATE} to any port 2049 proto tcp comment 'nfs'`],
  h15: [...SSH, ...RKE2_NODE],
  h16: [...SSH, ...RKE2_NODE, ...RKE2_SERVER],
};

// The files the three roles own (/etc/group only where docker adds the user:
// other roles' tests add users elsewhere meanwhile).
const HOST_FILES = ['/etc/modules-load.d/k8s.conf', '/etc/sysctl.d/90-mosip.conf', '/etc/sysctl.d/91-mosip-vm.conf', '/etc/fstab', '/etc/cron.d/mosip-drop-caches'];
const UFW_FILES = ['/etc/ufw/user.rules', '/etc/ufw/user6.rules', '/etc/ufw/ufw.conf', '/etc/default/ufw'];
const DOCKER_FILES = ['/etc/docker/daemon.json', '/etc/group'];
/** Those files plus the live state the roles manage: equal before and after a check run. */
const snapshot = async (h: string): Promise<string> =>
  [
    await fingerprint(h, [...HOST_FILES, ...UFW_FILES, ...(h === 'h11' ? DOCKER_FILES : [])]),
    await onHost(h, 'sysctl -n net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables; ufw status verbose; systemctl show -p MainPID docker 2>/dev/null; true'),
  ].join('\n');

const dockerPid = async (): Promise<string> => (await onHost('h11', 'systemctl show -p MainPID --value docker')).trim();

test.serial('converges: both swap entries commented, files, sysctls, packages', async (t) => {
  const fstab = await onHost('h15', 'cat /etc/fstab');
  await onHost('h15', "printf '/swapfile none swap sw 0 0\\nUUID=0a1b-2c3d\\tnone\\tswap\\tsw\\t0\\t0\\n/dev/sdb1 /mnt/swap ext4 defaults 0 2\\n' >> /etc/fstab");
  try {
    const run = await hostsPhase();
    t.is(run.code, 0, explain(run));
    t.true((recapOf(run.stdout, 'h15').changed ?? 0) >= 1);
    const after = await onHost('h15', 'cat /etc/fstab');
    t.true(after.includes('# /swapfile none swap sw 0 0'), after);
    t.true(after.includes('# UUID=0a1b-2c3d\tnone\tswap\tsw\t0\t0'), after);
    t.true(after.includes('\n/dev/sdb1 /mnt/swap ext4 defaults 0 2'), 'not a swap entry: left alone');
    // The lab kernel refuses vm.* writes: the role says so instead of failing.
    t.regex(run.stdout, /vm\.swappiness written to \/etc\/sysctl\.d\/91-mosip-vm\.conf only: this host is a systemd-nspawn container/);
  } finally {
    await onHost('h15', 'cat > /etc/fstab', `${fstab}\n`);
  }
  for (const h of HOSTS) {
    t.is(await onHost(h, 'cat /etc/modules-load.d/k8s.conf'), '# Managed by mosip-play (host_base): modules Kubernetes needs at boot.\nbr_netfilter\noverlay');
    t.is(await onHost(h, 'cat /etc/sysctl.d/90-mosip.conf'), 'net.bridge.bridge-nf-call-iptables=1\nnet.ipv4.ip_forward=1');
    t.is(await onHost(h, 'cat /etc/sysctl.d/91-mosip-vm.conf'), 'vm.swappiness=0');
    t.is(await onHost(h, 'sysctl -n net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables'), '1\n1');
    t.regex(await onHost(h, "dpkg-query -W -f='${Status}\\n' curl wget jq ca-certificates kmod ufw"), /^(install ok installed\n?){6}$/);
    t.is(await onHost(h, 'test -e /etc/cron.d/mosip-drop-caches || echo absent'), 'absent');
  }
});

test.serial('firewall: the expected rules on each host, a port outside them blocked, SSH open', async (t) => {
  for (const h of HOSTS) {
    const added = (await onHost(h, 'ufw show added')).split('\n').slice(1);
    t.deepEqual(added, EXPECTED_RULES[h], h);
    t.regex(await onHost(h, 'ufw status verbose'), /Status: active\nLogging: on \(low\)\nDefault: deny \(incoming\), allow \(outgoing\)/);
  }
  // Listeners on h15 (a cluster agent): 18080 is in no table, 32123 is in the NodePort range.
  const units = 'mp-hostphase-18080 mp-hostphase-32123';
  try {
    await onHost('h15', `systemctl stop ${units} 2>/dev/null; for p in 18080 32123; do systemd-run --collect --unit=mp-hostphase-$p python3 -m http.server $p; done`);
    await onHost('h15', "for i in $(seq 20); do ss -ltn | grep -q ':18080 ' && ss -ltn | grep -q ':32123 ' && exit 0; sleep 0.3; done; exit 1");
    t.is(await tcpProbe(addr('h15'), 18080), 'timeout', 'dropped by default deny');
    t.is(await tcpProbe(addr('h15'), 32123), 'open', 'NodePorts are open to the private network');
    t.regex(await onHost('h15', 'python3 -c "import urllib.request as u; print(u.urlopen(\'http://127.0.0.1:18080/\').status)"'), /200/, 'the listener itself answers');
  } finally {
    await onHost('h15', `systemctl stop ${units}; true`);
  }
  for (const h of HOSTS) t.is(await onHost(h, 'echo ssh-ok'), 'ssh-ok');
});

test.serial('docker_engine on h11: pinned docker.io, log limits, docker group', async (t) => {
  t.regex(await onHost('h11', "dpkg-query -W -f='${Version}' docker.io"), /^20\.10\./);
  t.is(await onHost('h11', 'systemctl is-active docker containerd'), 'active\nactive');
  t.is(await onHost('h11', 'systemctl is-enabled docker'), 'enabled');
  t.is(await onHost('h11', "docker info --format '{{.LoggingDriver}}'"), 'json-file');
  t.deepEqual(JSON.parse(await onHost('h11', 'cat /etc/docker/daemon.json')), { 'log-driver': 'json-file', 'log-opts': { 'max-file': '3', 'max-size': '50m' } });
  t.regex(await onHost('h11', 'id -nG root'), /\bdocker\b/);
  t.is(await onHost('h12', 'command -v dockerd || echo none'), 'none', 'no docker on the other (RKE2) hosts');
});

test.serial('check mode from a broken state changes nothing; the next run repairs it (docker restarted once); then changed=0', async (t) => {
  await onHost('h11', `printf '{"log-driver": "json-file", "log-opts": {"max-size": "1m"}}\\n' > /etc/docker/daemon.json`);
  await onHost('h12', 'sysctl -qw net.ipv4.ip_forward=0');
  await onHost('h13', 'rm /etc/sysctl.d/90-mosip.conf /etc/modules-load.d/k8s.conf');
  await onHost('h14', `ufw delete allow from ${PRIVATE} to any port 2049 proto tcp >/dev/null`);
  const pid = await dockerPid();
  const broken = ['h11', 'h12', 'h13', 'h14'];
  const before = await Promise.all(HOSTS.map(snapshot));

  const check = await hostsPhase('--check');
  t.is(check.code, 0, explain(check));
  for (const h of broken) t.true((recapOf(check.stdout, h).changed ?? 0) >= 1, `${h} would change\n${check.stdout}`);
  for (const h of ['h15', 'h16']) t.is(recapOf(check.stdout, h).changed, 0);
  t.deepEqual(await Promise.all(HOSTS.map(snapshot)), before, 'check mode left every host as it was');

  const repair = await hostsPhase();
  t.is(repair.code, 0, explain(repair));
  for (const h of ['h15', 'h16']) t.is(recapOf(repair.stdout, h).changed, 0);
  t.regex(repair.stdout, /RUNNING HANDLER \[docker_engine : restart docker\]/);
  const restarted = await dockerPid();
  t.not(restarted, pid, 'daemon.json changed: docker restarted by the handler');
  t.regex(await onHost('h11', 'cat /etc/docker/daemon.json'), /"max-size": "50m"/);
  t.is(await onHost('h12', 'sysctl -n net.ipv4.ip_forward'), '1');
  t.is(await onHost('h13', 'cat /etc/sysctl.d/90-mosip.conf'), 'net.bridge.bridge-nf-call-iptables=1\nnet.ipv4.ip_forward=1');
  t.regex(await onHost('h14', 'ufw show added'), /port 2049 proto tcp comment 'nfs'/);

  // The second run of a converged lab: nothing to do, no handler.
  const again = await hostsPhase();
  assertConverged(t, again);
  t.notRegex(again.stdout, /RUNNING HANDLER/);
  t.is(await dockerPid(), restarted, 'no restart when nothing changed');
});

test.serial('host_base options: etcd account on etcd hosts only, drop-caches cron on and off', async (t) => {
  const hostBase = (extra: object) => mosipPlay(['playbooks/10-hosts.yml', '-i', INV, '--role', 'host_base', '-l', 'h14:h15', '-e', JSON.stringify(extra)]);
  const on = { host_base_etcd_user: true, host_base_drop_caches_cron: true };
  try {
    const run = await hostBase(on);
    t.is(run.code, 0, explain(run));
    t.is(await onHost('h14', 'id etcd'), 'uid=52034(etcd) gid=52034(etcd) groups=52034(etcd)');
    t.is(await onHost('h14', 'getent passwd etcd | cut -d: -f6,7'), '/var/lib/etcd:/usr/sbin/nologin');
    t.is(await onHost('h15', 'id etcd 2>/dev/null || echo none'), 'none', 'h15 is an agent: no etcd');
    for (const h of ['h14', 'h15']) {
      t.regex(await onHost(h, 'cat /etc/cron.d/mosip-drop-caches'), /^#Ansible: mosip drop page cache\n0 0 \* \* \* root sync; echo 1 > \/proc\/sys\/vm\/drop_caches$/m);
    }
    assertConverged(t, await hostBase(on), ['h14', 'h15']);

    const off = await hostBase({});
    t.is(off.code, 0, explain(off));
    for (const h of ['h14', 'h15']) t.is(await onHost(h, 'test -e /etc/cron.d/mosip-drop-caches || echo absent'), 'absent');
  } finally {
    await onHost('h14', 'userdel etcd 2>/dev/null; groupdel etcd 2>/dev/null; rm -f /etc/cron.d/mosip-drop-caches; true');
    await onHost('h15', 'rm -f /etc/cron.d/mosip-drop-caches');
  }
});

test.serial('check mode on a host without ufw: exit 0, only the install reported; the real run reinstalls it with the same rules', async (t) => {
  const firewall = (...args: string[]) => mosipPlay(['playbooks/10-hosts.yml', '-i', INV, '--role', 'firewall', '-l', 'h13', ...args]);
  await onHost('h13', 'ufw --force disable >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get purge -y -q ufw >/dev/null 2>&1; test ! -e /usr/sbin/ufw');
  try {
    const before = await fingerprint('h13', UFW_FILES);
    const check = await firewall('--check');
    t.is(check.code, 0, explain(check));
    t.like(recapOf(check.stdout, 'h13'), { changed: 1, failed: 0 });
    t.regex(check.stdout, /TASK \[firewall : ufw installed\][^\n]*\nchanged: \[h13\]/);
    t.is(await fingerprint('h13', UFW_FILES), before);
  } finally {
    const run = await firewall();
    t.is(run.code, 0, explain(run));
  }
  t.deepEqual((await onHost('h13', 'ufw show added')).split('\n').slice(1), EXPECTED_RULES.h13);
  t.regex(await onHost('h13', 'ufw status'), /^Status: active/);
});

test('site.yml: syntax check, and the phases in order', async (t) => {
  const syntax = await mosipPlay(['playbooks/site.yml', '-i', INV, '--syntax-check']);
  t.is(syntax.code, 0, explain(syntax));
  const list = await mosipPlay(['playbooks/site.yml', '-i', INV, '--list-tasks']);
  t.is(list.code, 0, explain(list));
  const plays = [...list.stdout.matchAll(/^ {2}play #\d+ \(([^)]*)\): (.*)$/gm)].map((m) => m[2]);
  t.deepEqual(plays.slice(0, 4), ['Preflight (console)', 'Preflight (hosts)', 'Host base and firewall', 'Docker engine']);
  const site = readFileSync(join(REPO, 'playbooks/site.yml'), 'utf8');
  const order = ['00-preflight', '10-hosts', '20-wireguard', '30-cluster', '40-edge', '50-storage', '60-platform', '70-external', '80-modules'];
  t.deepEqual([...site.matchAll(/import_playbook: (\S+)\.yml/g)].map((m) => m[1]), order);
});
