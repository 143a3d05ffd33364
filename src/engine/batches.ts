// `serial`: the play's hosts in batches. Sizes are numbers or percentages of
// all the play's hosts; the last size repeats until every host has had a batch.

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
