import { join } from 'node:path';
import test from 'ava';
import { UsageError } from '../../src/errors.js';
import type { Inventory } from '../../src/inventory/index.js';
import { loadInventory } from '../../src/inventory/index.js';
import { tempTree } from '../helpers/tmp.js';
import { removeTree } from './helpers.js';

const HOSTS = `
solo
[web]
h01
h02
h03
[db]
h04
h05
[prod]
h01
h02
h04
[staging]
h03
h05
[dc1:children]
web
[other]
10.0.0.1
app.example.com
fe80::1
`;

const root = tempTree({ hosts: HOSTS, 'retry.txt': 'h02\n\nh04\n' });
const inventory: Inventory = loadInventory([join(root, 'hosts')]);
const limitFile = join(root, 'retry.txt');
test.after.always(() => removeTree(root));

const ALL = ['solo', 'h01', 'h02', 'h03', 'h04', 'h05', '10.0.0.1', 'app.example.com', 'fe80::1'];

const selections: [string, string[]][] = [
  ['all', ALL],
  ['*', ALL],
  ['h04', ['h04']],
  ['web', ['h01', 'h02', 'h03']],
  ['dc1', ['h01', 'h02', 'h03']],
  ['ungrouped', ['solo']],
  ['db:web', ['h01', 'h02', 'h03', 'h04', 'h05']],
  ['db,web', ['h01', 'h02', 'h03', 'h04', 'h05']],
  [' db , h01 ', ['h01', 'h04', 'h05']],
  ['web:&prod', ['h01', 'h02']],
  ['web:&prod:!h02', ['h01']],
  ['!h02:&prod:web', ['h01']],
  ['web:db:&prod:!staging', ['h01', 'h02', 'h04']],
  ['web:!staging', ['h01', 'h02']],
  ['&prod', ['h01', 'h02', 'h04']],
  ['!web:!other', ['solo', 'h04', 'h05']],
  ['h0*', ['h01', 'h02', 'h03', 'h04', 'h05']],
  ['h0?', ['h01', 'h02', 'h03', 'h04', 'h05']],
  ['h0[1-2]', ['h01', 'h02']],
  ['h0[12]', []], // a subscript (index 12 of `h0`), as in Ansible, not a wildcard
  ['h0[!1-4]', ['h05']],
  ['*.example.com', ['app.example.com']],
  ['10.0.*', ['10.0.0.1']],
  ['d*', ['h01', 'h02', 'h03', 'h04', 'h05']],
  ['~h0[13]', ['h01', 'h03']],
  ['~(web|db)$', ['h01', 'h02', 'h03', 'h04', 'h05']],
  ['~st', ['h03', 'h05']],
  ['~app\\.', ['app.example.com']],
  ['web[0]', ['h01']],
  ['web[-1]', ['h03']],
  ['web[0:1]', ['h01', 'h02']],
  ['web[0:2]', ['h01', 'h02', 'h03']],
  ['web[1:]', ['h02', 'h03']],
  ['web[:1]', ['h01', 'h02']],
  ['web[1:1]', ['h02']],
  ['web[2:1]', []],
  ['web[7]', []],
  ['web[0]:db[-1]', ['h01', 'h05']],
  ['web[0:1],db', ['h01', 'h02', 'h04', 'h05']],
  ['h0*[1:2]:&prod', ['h02']],
  ['fe80::1', ['fe80::1']],
  ['nomatch', []],
  ['web:nomatch', ['h01', 'h02', 'h03']],
  ['localhost', ['localhost']],
  ['web:localhost', ['h01', 'h02', 'h03', 'localhost']],
  ['all:!localhost', ALL],
];

for (const [pattern, hosts] of selections) {
  test(`select('${pattern}')`, (t) => {
    t.deepEqual(inventory.select(pattern), hosts);
  });
}

test('select(@file) reads host names one a line, and combines with other terms', (t) => {
  t.deepEqual(inventory.select(`@${limitFile}`), ['h02', 'h04']);
  t.deepEqual(inventory.select(`web,!@${limitFile}`), ['h01', 'h03']);
});

const malformed: [string, string][] = [
  ['', 'empty host pattern'],
  ['web::db', "host pattern 'web::db' has an empty part"],
  ['web,,db', "host pattern 'web,,db' has an empty part"],
  ['web db', "host pattern 'web db' has a space in 'web db': separate patterns with ',' or ':'"],
  ['web:!', "host pattern 'web:!' has nothing after '!'"],
  ['web[0', "unclosed '[' in host pattern 'web[0'"],
  ['web]', "unmatched ']' in host pattern 'web]'"],
  ['web[:]', "slice [:] in host pattern 'web[:]' needs a start or an end"],
  ['~web(', "invalid regular expression '~web(' in host pattern '~web(': Invalid regular expression: /web(/y: Unterminated group"],
  ['@/nonexistent/retry', "cannot read limit file '/nonexistent/retry': ENOENT"],
];

for (const [pattern, message] of malformed) {
  test(`select('${pattern}') throws UsageError`, (t) => {
    t.throws(() => inventory.select(pattern), { instanceOf: UsageError, message });
  });
}
