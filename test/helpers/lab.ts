// What tests need to know to reach the hosts of the test lab (test/lab/up.sh).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LAB_INVENTORY, REPO } from './cli.js';

export interface LabHost {
  name: string;
  address: string;
}

export interface Lab {
  repo: string;
  inventory: string;
  /** The private key root logs in with on every host. */
  key: string;
  /** Every host's ed25519 key, as `address,name keytype key`. */
  knownHosts: string;
  /** h01, h02, ... in inventory order. */
  hosts: LabHost[];
}

export function lab(): Lab {
  // Without the lab's bridge, its addresses would be routed off this machine.
  if (!existsSync(LAB_INVENTORY) || !existsSync('/sys/class/net/mplab0')) {
    throw new Error('lab is not up: run npm run lab:up');
  }
  const text = readFileSync(LAB_INVENTORY, 'utf8');
  const hosts = [...text.matchAll(/^(\S+)\s+ansible_host=(\S+)/gm)].map(([, name, address]) => ({
    name: name ?? '',
    address: address ?? '',
  }));
  return {
    repo: REPO,
    inventory: LAB_INVENTORY,
    key: resolve(REPO, '.lab/id_ed25519'),
    knownHosts: resolve(REPO, '.lab/known_hosts'),
    hosts,
  };
}

/** The lab host `name` (h01, ...), or a clear failure when the lab is smaller. */
export function labHost(name: string): LabHost {
  const host = lab().hosts.find((h) => h.name === name);
  if (!host) throw new Error(`lab host ${name} is not up: run npm run lab:up`);
  return host;
}

/** The inventory variables up.sh gives every lab host, so settings come out as for a real run. */
export function labVars(host: LabHost): Record<string, unknown> {
  const { key, knownHosts } = lab();
  return {
    ansible_host: host.address,
    ansible_user: 'root',
    ansible_ssh_private_key_file: key,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes`,
  };
}
