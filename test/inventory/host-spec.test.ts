import test from 'ava';
import { parseHostSpec } from '../../src/inventory/host-spec.js';
import { OffsetError } from '../../src/inventory/offset-error.js';

const expansions: [string, string[], number?][] = [
  ['db1', ['db1']],
  ['db1:2222', ['db1'], 2222],
  ['10.0.0.5:22', ['10.0.0.5'], 22],
  ['node[1:3]', ['node1', 'node2', 'node3']],
  ['node[08:11]', ['node08', 'node09', 'node10', 'node11']],
  ['node[01:09:4]', ['node01', 'node05', 'node09']],
  ['node[:2]', ['node0', 'node1', 'node2']],
  ['db-[a:c]', ['db-a', 'db-b', 'db-c']],
  ['x[y:B]', ['xy', 'xz', 'xA', 'xB']],
  ['r[1:2]-[a:b].lan', ['r1-a.lan', 'r1-b.lan', 'r2-a.lan', 'r2-b.lan']],
  ['node[1:2]:2200', ['node1', 'node2'], 2200],
  ['fe80::1', ['fe80::1']],
  ['[fe80::1]:2222', ['fe80::1'], 2222],
];

for (const [spec, names, port] of expansions) {
  test(`parseHostSpec('${spec}')`, (t) => {
    t.deepEqual(parseHostSpec(spec), port === undefined ? { names } : { names, port });
  });
}

const errors: [string, string, number][] = [
  ['node[5:1]', 'host range [5:1] ends before it begins', 4],
  ['node[a:3]', 'host range [a:3] must be two numbers or two letters', 4],
  ['node[01:100]', 'host range [01:100] must give begin and end with the same number of digits', 4],
  ['node[1:3:0]', 'host range [1:3:0] needs a step that is a whole number above 0', 4],
  ['node[1:]', 'host range [1:] has no end', 4],
  ['node[1]', 'host range [1] must be [begin:end] or [begin:end:step]', 4],
  ['node[1:2:3:4]', 'host range [1:2:3:4] must be [begin:end] or [begin:end:step]', 4],
  ['node[1:3', "unmatched '[' in host name 'node[1:3'", 4],
  ['node]1', "unmatched ']' in host name 'node]1'", 4],
  ['a[1:2]b[1:2', "unmatched '[' in host name 'a[1:2]b[1:2'", 7],
  ['db1:', "'db1:' ends with ':' but gives no port", 4],
  ['db1:ssh', "'db1:ssh' has a port 'ssh' that is not a number", 4],
  ['a:b:c', "'a:b:c' has more than one ':' outside a range", 3],
  [':22', "':22' names no host", 0],
  ['---', "'---' is not a host: is this YAML in a file read as INI?", 0],
];

for (const [spec, message, offset] of errors) {
  test(`parseHostSpec('${spec}') fails`, (t) => {
    const err = t.throws(() => parseHostSpec(spec), { instanceOf: OffsetError, message });
    t.is(err?.offset, offset);
  });
}
