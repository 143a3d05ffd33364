// An inventory host entry, in INI or YAML (`db1`, `db1:2222`, `node[1:3]`,
// `10.0.0.5:22`, `fe80::1`, `[fe80::1]:22`), split into the host names it
// declares and the port they share, as Ansible's parse_address does.
import { isIPv6 } from 'node:net';
import { OffsetError } from './offset-error.js';
import { expandRanges } from './ranges.js';

export interface HostSpec {
  names: string[];
  port?: number;
}

/** Throws OffsetError (offset inside `spec`) for an entry that names no valid host. */
export function parseHostSpec(spec: string): HostSpec {
  if (spec === '---') throw new OffsetError("'---' is not a host: is this YAML in a file read as INI?", 0);
  if (isIPv6(spec)) return { names: [spec] };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracketed && isIPv6(bracketed[1]!)) return withPort([bracketed[1]!], bracketed[2]);
  const colon = colonsOutsideRanges(spec);
  if (colon.length > 1) throw new OffsetError(`'${spec}' has more than one ':' outside a range`, colon[1]!);
  const name = colon.length ? spec.slice(0, colon[0]) : spec;
  if (name === '') throw new OffsetError(`'${spec}' names no host`, 0);
  const port = colon.length ? spec.slice(colon[0]! + 1) : undefined;
  if (port !== undefined && !/^\d+$/.test(port)) {
    const why = port === '' ? `ends with ':' but gives no port` : `has a port '${port}' that is not a number`;
    throw new OffsetError(`'${spec}' ${why}`, colon[0]! + 1);
  }
  return withPort(expandRanges(name), port);
}

function withPort(names: string[], port: string | undefined): HostSpec {
  return port === undefined ? { names } : { names, port: Number(port) };
}

/** Offsets of the `:` characters that are not inside a `[begin:end]` range. */
function colonsOutsideRanges(spec: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] === '[') depth++;
    else if (spec[i] === ']') depth--;
    else if (spec[i] === ':' && depth === 0) offsets.push(i);
  }
  return offsets;
}
