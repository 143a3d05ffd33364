// `order` and `serial`: the play's hosts lined up, then cut in batches. Sizes
// are numbers or percentages of all the play's hosts; the last size repeats
// until every host has had a batch.
import { randomInt } from 'node:crypto';
import type { HostOrder } from '../playbook/model.js';

/** As Ansible's get_hosts(order=): sorted by name (code points), reversed, or shuffled once per play. */
export function inOrder(hosts: string[], order: HostOrder): string[] {
  const out = [...hosts];
  if (order === 'sorted' || order === 'reverse_sorted') out.sort();
  if (order.startsWith('reverse_')) out.reverse();
  if (order === 'shuffle') {
    for (let i = out.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
  }
  return out;
}

function size(spec: number | string, total: number): number {
  if (typeof spec === 'number') return spec;
  return Math.max(1, Math.floor((total * parseFloat(spec)) / 100));
}

export function batches(hosts: string[], serial: (number | string)[]): string[][] {
  if (serial.length === 0) return [hosts];
  const out: string[][] = [];
  for (let i = 0, n = 0; i < hosts.length; n++) {
    const take = size(serial[Math.min(n, serial.length - 1)]!, hosts.length);
    out.push(hosts.slice(i, i + take));
    i += take;
  }
  return out;
}
