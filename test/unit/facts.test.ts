import test from 'ava';
import { factVars, factsFrom, parseLines } from '../../src/facts/gather.js';

const sample = `os_id=debian
os_like=
os_version=12
os_codename=bookworm
hostname=h01
fqdn=h01
arch=x86_64
vcpus=2
mem_kb=2048000
init=systemd
virt=systemd-nspawn
pkg=apt-get
gw=
iface=host0
addr=10.213.0.11/24
all_addr=10.213.0.11/24
all_addr=10.99.0.1/24
`;

test('facts are named as Ansible names them', (t) => {
  const facts = factsFrom(parseLines(sample));
  t.like(facts, {
    os_family: 'Debian', distribution: 'Debian', distribution_major_version: '12', distribution_release: 'bookworm',
    architecture: 'x86_64', processor_vcpus: 2, memtotal_mb: 2000, service_mgr: 'systemd', pkg_mgr: 'apt',
    virtualization_type: 'systemd-nspawn', default_ipv4: { address: '10.213.0.11', interface: 'host0' },
    all_ipv4_addresses: ['10.213.0.11', '10.99.0.1'],
  });
  const vars = factVars(facts);
  t.is(vars.ansible_os_family, 'Debian');
  t.is((vars.ansible_facts as Record<string, unknown>).os_family, 'Debian');
});

test('an unknown distribution falls back to ID_LIKE for its family', (t) => {
  t.is(factsFrom(parseLines('os_id=pop\nos_like=ubuntu debian\n')).os_family, 'Debian');
});
