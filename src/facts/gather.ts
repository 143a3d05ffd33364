// Facts: read in one round trip per host, exposed under Ansible's names
// (`ansible_facts.os_family` and the top-level `ansible_os_family`) so
// existing conditions keep working.
import type { Vars } from '../inventory/model.js';
import { FACTS_SCRIPT } from './script.js';

type Run = (script: string) => Promise<{ rc: number; stdout: string; stderr: string }>;

const OS_FAMILY: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Debian', linuxmint: 'Debian', raspbian: 'Debian',
  rhel: 'RedHat', centos: 'RedHat', fedora: 'RedHat', rocky: 'RedHat', almalinux: 'RedHat', ol: 'RedHat', amzn: 'RedHat',
  sles: 'Suse', opensuse: 'Suse', 'opensuse-leap': 'Suse', alpine: 'Alpine', arch: 'Archlinux',
};

const DISTRIBUTION: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', rhel: 'RedHat', centos: 'CentOS', fedora: 'Fedora', rocky: 'Rocky',
  almalinux: 'AlmaLinux', alpine: 'Alpine', sles: 'SLES', amzn: 'Amazon', arch: 'Archlinux',
};

const PKG_MGR: Record<string, string> = { 'apt-get': 'apt', dnf: 'dnf', yum: 'yum', zypper: 'zypper', apk: 'apk', pacman: 'pacman' };

export async function gatherFacts(run: Run): Promise<Vars> {
  const res = await run(FACTS_SCRIPT);
  if (res.rc !== 0) throw new Error(`gathering facts failed (rc=${res.rc}): ${res.stderr.trim()}`);
  return factsFrom(parseLines(res.stdout));
}

/** `key=value` lines; a key seen several times collects its values in order. */
export function parseLines(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    out.set(key, [...(out.get(key) ?? []), line.slice(eq + 1)]);
  }
  return out;
}

export function factsFrom(raw: Map<string, string[]>): Vars {
  const get = (k: string): string => raw.get(k)?.[0] ?? '';
  const id = get('os_id');
  const family = OS_FAMILY[id] ?? OS_FAMILY[get('os_like').split(' ')[0] ?? ''] ?? (id || 'unknown');
  const version = get('os_version');
  const [address, prefix] = get('addr').split('/');
  return {
    os_family: family,
    distribution: DISTRIBUTION[id] ?? (id ? id[0]!.toUpperCase() + id.slice(1) : 'unknown'),
    distribution_version: version,
    distribution_major_version: version.split('.')[0] ?? '',
    distribution_release: get('os_codename'),
    lsb: { description: get('os_pretty'), codename: get('os_codename') },
    hostname: get('hostname').split('.')[0],
    nodename: get('hostname'),
    fqdn: get('fqdn') || get('hostname'),
    system: get('system'),
    kernel: get('kernel'),
    architecture: get('arch'),
    machine: get('arch'),
    processor_vcpus: Number(get('vcpus')) || 0,
    processor_nproc: Number(get('vcpus')) || 0,
    memtotal_mb: Math.floor(Number(get('mem_kb')) / 1024),
    memfree_mb: Math.floor(Number(get('memavail_kb')) / 1024),
    swaptotal_mb: Math.floor(Number(get('swap_kb')) / 1024),
    service_mgr: get('init') === 'systemd' ? 'systemd' : get('init') || 'unknown',
    pkg_mgr: PKG_MGR[get('pkg')] ?? 'unknown',
    virtualization_type: get('virt') || 'none',
    virtualization_role: get('virt') && get('virt') !== 'none' ? 'guest' : 'NA',
    default_ipv4: address
      ? { address, prefix, interface: get('iface'), gateway: get('gw') || undefined }
      : {},
    all_ipv4_addresses: (raw.get('all_addr') ?? []).map((a) => a.split('/')[0]),
    user_id: get('user'),
    date_time: { iso8601: get('date') },
  };
}

/** Facts as Ansible injects them: `ansible_facts` plus top-level `ansible_<name>`. */
export function factVars(facts: Vars): Vars {
  const vars: Vars = { ansible_facts: facts };
  for (const [k, v] of Object.entries(facts)) vars[`ansible_${k}`] = v;
  return vars;
}
