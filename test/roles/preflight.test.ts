// preflight on the lab inventory through the real CLI: the console and
// h11..h16 pass; a host or the console that falls short reports everything
// at once; missing inventory variables are named with their file; sudo is
// probed for a non-root SSH user. Read-only except a scratch file in /tmp and
// a throwaway user on h16.
import { chmodSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { REPO, mosipPlay, recapOf, type CliRun } from '../helpers/cli.js';
import { onHost } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

const INV = 'inventory/lab';
const HOSTS = ['h11', 'h12', 'h13', 'h14', 'h15', 'h16'];
const addr = (h: string): string => `10.213.0.${10 + Number(h.slice(1))}`;

const preflight = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  mosipPlay(['playbooks/00-preflight.yml', '-i', INV, ...args], env);

/** Every `fatal:` line of a run, by host. */
function fatals(run: CliRun): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of run.stdout.matchAll(/^fatal: \[(\w+)\]: FAILED! => (.*)$/gm)) (out[m[1]!] ??= []).push(m[2]!);
  return out;
}

const explain = (run: CliRun): string => `${run.stdout}\n${run.stderr}`;

test.serial('preflight: the console and h11..h16 pass, and nothing changes', async (t) => {
  const run = await preflight(['-l', `console:${HOSTS.join(':')}`]);
  t.is(run.code, 0, explain(run));
  for (const h of ['console', ...HOSTS]) t.like(recapOf(run.stdout, h), { changed: 0, failed: 0 });
});

test.serial('preflight: one report per host naming every shortfall', async (t) => {
  // A hosts file without the mapping (commented, other address, other name), and minimums no lab host meets.
  const bad = '/tmp/mp-preflight-hosts';
  for (const h of ['h12', 'h13']) await onHost(h, `printf '# 127.0.0.1 localhost\\n127.0.0.10 localhost\\n127.0.0.1 localhostx\\n' > ${bad}`);
  const run = await preflight(['-l', 'h12:h13', '-e', JSON.stringify({ preflight_min_vcpus: 64, preflight_min_disk_gb: 100000, preflight_hosts_file: bad })]);
  t.is(run.code, 2, explain(run));
  const byHost = fatals(run);
  for (const h of ['h12', 'h13']) {
    t.is(byHost[h]?.length, 1, `one report for ${h}\n${explain(run)}`);
    const msg = byHost[h]![0]!;
    t.regex(msg, new RegExp(`${h} does not meet the requirements`));
    t.regex(msg, /vCPU, needs 64 \(preflight_min_vcpus\)/);
    t.regex(msg, /GB free on \/, needs 100000 GB \(preflight_min_disk_gb\)/);
    t.regex(msg, /\/tmp\/mp-preflight-hosts has no '127\.0\.0\.1 localhost' line/);
    t.notRegex(msg, /MB of memory/, 'memory is enough: not reported');
  }
  // The real /etc/hosts has the mapping: with it, only the resources are reported.
  const ok = await preflight(['-l', 'h12', '-e', JSON.stringify({ preflight_min_vcpus: 64 })]);
  t.regex(fatals(ok).h12?.[0] ?? '', /needs 64/);
  t.notRegex(fatals(ok).h12?.[0] ?? '', /localhost/);
  for (const h of ['h12', 'h13']) await onHost(h, `rm -f ${bad}`);
});

test.serial('preflight: the production minimums, chosen by group (k8s nodes vs the others)', async (t) => {
  // No lab overrides here: the role's defaults (k8s nodes 2 vCPU / 3584 MB / 20 GB).
  const conn = `ansible_ssh_private_key_file=${REPO}/.lab/id_ed25519 ansible_ssh_common_args='-o UserKnownHostsFile=${REPO}/.lab/known_hosts'`;
  const dir = tempTree({ 'hosts.ini': `[k8s_nodes]\nh15 ansible_host=${addr('h15')} ansible_user=root ${conn}\n[wireguard]\nh11 ansible_host=${addr('h11')} ansible_user=root ${conn}\n` });
  const run = (extra: object) => mosipPlay(['playbooks/00-preflight.yml', '-i', `${dir}/hosts.ini`, '-e', JSON.stringify(extra)]);
  const pass = await run({});
  t.is(pass.code, 0, explain(pass));
  const k8sShort = await run({ preflight_k8s_min_vcpus: 64 });
  t.is(k8sShort.code, 2, explain(k8sShort));
  t.regex(fatals(k8sShort).h15?.[0] ?? '', /2 vCPU, needs 64/);
  t.is(fatals(k8sShort).h11, undefined, 'the wireguard host is held to the smaller minimums');
});

test.serial('preflight: the console reports every missing or wrong tool at once', async (t) => {
  // Fake tools first on PATH: an old kubectl and helm, the wrong rke, a working wg.
  const tool = (out: string) => `#!/bin/sh\nprintf '%s\\n' '${out}'\n`;
  const dir = tempTree({
    'bin/kubectl': tool('{"clientVersion": {"major": "1", "minor": "20", "gitVersion": "v1.20.15"}}'),
    'bin/helm': tool('v2.17.0+ga690bad'),
    'bin/rke': tool('rke version v1.4.0'),
    'bin/wg': tool('wireguard-tools v1.0.20210914'),
  });
  for (const f of ['kubectl', 'helm', 'rke', 'wg']) chmodSync(join(dir, 'bin', f), 0o755);
  const env = { PATH: `${dir}/bin:${process.env.PATH}` };
  const extra = (v: object) => ['-e', JSON.stringify({ preflight_console_tools: true, k8s_distribution: 'rke1', ...v })];

  const run = await preflight(['-l', 'console', ...extra({})], env);
  t.is(run.code, 2, explain(run));
  const msgs = fatals(run).console ?? [];
  t.is(msgs.length, 1, explain(run));
  t.regex(msgs[0]!, /kubectl: v1\.20\.15; needs 1\.23 or newer/);
  t.regex(msgs[0]!, /helm: v2\.17\.0\+ga690bad; needs v3 or newer/);
  t.regex(msgs[0]!, /rke: rke version v1\.4\.0; needs v1\.5\.7/);
  t.notRegex(msgs[0]!, /- wg:/);

  // Not installed at all: a PATH whose only bin directory is /usr/bin without the four tools.
  const bare = join(dir, 'bare');
  mkdirSync(bare);
  for (const f of readdirSync('/usr/bin')) if (!['kubectl', 'helm', 'rke', 'wg'].includes(f)) symlinkSync(join('/usr/bin', f), join(bare, f));
  const missing = await preflight(['-l', 'console', ...extra({})], { PATH: `${bare}:/usr/sbin:/sbin` });
  const report = fatals(missing).console ?? [];
  t.is(report.length, 1, explain(missing));
  for (const tool of ['kubectl', 'helm', 'rke', 'wg']) t.regex(report[0]!, new RegExp(`- ${tool}: not found \\(`));

  // Good enough versions pass; rke is not needed with rke2.
  const good = await preflight(['-l', 'console', ...extra({ preflight_kubectl_min_minor: 20, preflight_helm_min_major: 2, k8s_distribution: 'rke2' })], env);
  t.is(good.code, 0, explain(good));
});

test.serial('preflight: a missing inventory variable is named with its file, before any host is contacted', async (t) => {
  const dir = tempTree({
    'inv/hosts.ini': '[console]\nconsole ansible_connection=local\n[wireguard]\nh99 ansible_host=10.213.0.250\n',
    'inv/group_vars/all/vars.yml': 'installation_name: x\nk8s_distribution: rke2\n',
  });
  const run = await mosipPlay(['playbooks/00-preflight.yml', '-i', `${dir}/inv`, '-l', 'console', '-e', '{"preflight_console_tools": false}']);
  t.is(run.code, 2, explain(run));
  const msg = fatals(run).console?.[0] ?? '';
  t.regex(msg, /private_cidr: add it to inventory\/<env>\/group_vars\/all\/network\.yml/);
  t.regex(msg, /docker_version: add it to inventory\/<env>\/group_vars\/all\/versions\.yml/);
  t.notRegex(msg, /installation_name/);
});

test.serial('preflight: sudo is probed for a non-root SSH user', async (t) => {
  const user = 'mppre';
  const h = 'h16';
  await onHost(h, `id ${user} >/dev/null 2>&1 || useradd -m -s /bin/sh ${user}; install -d -o ${user} -m 700 /home/${user}/.ssh; install -o ${user} -m 600 /root/.ssh/authorized_keys /home/${user}/.ssh/; rm -f /etc/sudoers.d/${user}`);
  try {
    const dir = tempTree({
      'hosts.ini': `[wireguard]\n${h} ansible_host=${addr(h)} ansible_user=${user} ansible_ssh_private_key_file=${REPO}/.lab/id_ed25519 ansible_ssh_common_args='-o UserKnownHostsFile=${REPO}/.lab/known_hosts'\n`,
    });
    const run = await mosipPlay(['playbooks/00-preflight.yml', '-i', `${dir}/hosts.ini`]);
    t.is(run.code, 2, explain(run));
    t.regex(fatals(run)[h]?.[0] ?? '', new RegExp(`sudo -n does not give root to ${user}: sudo: a password is required`));

    await onHost(h, `echo '${user} ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/${user}; chmod 440 /etc/sudoers.d/${user}`);
    const ok = await mosipPlay(['playbooks/00-preflight.yml', '-i', `${dir}/hosts.ini`]);
    t.is(ok.code, 0, explain(ok));
  } finally {
    await onHost(h, `rm -f /etc/sudoers.d/${user}; pkill -u ${user}; userdel -r ${user} 2>/dev/null; true`);
  }
});

