import { join } from 'node:path';
import test from 'ava';
import { InventoryError } from '../../src/errors.js';
import { loadInventory } from '../../src/inventory/index.js';
import { writeTree } from './helpers.js';

// [what, file name, its text, expected `line:col`, expected message]
const badInputs: [string, string, string, string, string][] = [
  ['unknown section type', 'hosts', '[web]\nh1\n[web:foo]\n', '3:5', "unknown section type ':foo' in [web:foo]: expected :vars or :children"],
  ['space in a section header', 'hosts', '[web servers]\n', '1:1', "invalid section header '[web servers]': expected [group], [group:vars] or [group:children] with no spaces"],
  ['host variable without =', 'hosts', '[web]\nh1 ansible_user\n', '2:4', "expected key=value, got 'ansible_user'"],
  ['host variable without a name', 'hosts', 'h1 =x\n', '1:4', "'=x' has no variable name before '='"],
  ['group variable without =', 'hosts', '[web:vars]\nfoo\n', '2:1', "expected key=value, got 'foo'"],
  ['unclosed quote', 'hosts', 'h1 a=1 msg="oops\n', '1:12', 'no closing quotation'],
  ['backwards range', 'hosts', '[cluster]\nnode[5:1]\n', '2:5', 'host range [5:1] ends before it begins'],
  ['mixed range', 'hosts', '[cluster]\n  node[a:3] x=1\n', '2:7', 'host range [a:3] must be two numbers or two letters'],
  ['range without end', 'hosts', 'node[1:\n', '1:5', "unmatched '[' in host name 'node[1:'"],
  ['port that is not a number', 'hosts', 'db1:ssh\n', '1:5', "'db1:ssh' has a port 'ssh' that is not a number"],
  ['two names on a children line', 'hosts', '[a:children]\nb c\n', '2:1', "expected one group name, got 'b c'"],
  ['YAML document marker inside INI', 'hosts', 'h1\n---\n', '2:1', "'---' is not a host: is this YAML in a file read as INI?"],
  ['cycle of groups', 'hosts', '[a:children]\nb\n[b:children]\nc\n[c:children]\na\n', '2:1', 'groups form a cycle: a -> b -> c -> a'],
  ['group that is its own child', 'hosts', '[a]\nh1\n[a:children]\na\n', '4:1', 'groups form a cycle: a -> a'],
  ['all as a child', 'hosts', '[x:children]\nall\n', '2:1', 'groups form a cycle: all -> x -> all'],
  ['YAML host vars that are a list', 'hosts.yml', 'all:\n  hosts:\n    h1: [1]\n', '3:5', "vars of host 'h1' must be a mapping, not a list"],
  ['YAML unknown group key', 'hosts.yml', 'all:\n  host:\n    h1:\n', '2:3', "unexpected key 'host' in group 'all': expected hosts, vars or children"],
  ['YAML group vars that are a number', 'hosts.yml', 'web:\n  vars: 5\n', '2:3', "vars of group 'web' must be a mapping, not number 5"],
  ['YAML group that is a string', 'hosts.yml', 'web: h1\n', '1:1', "group 'web' must be a mapping, not the string 'h1'"],
  ['YAML inventory that is a list', 'hosts.yml', '- h1\n', '1:1', 'a YAML inventory must be a mapping, not a list'],
  ['YAML backwards range in a host key', 'hosts.yml', 'all:\n  hosts:\n    node[3:1]:\n', '3:9', 'host range [3:1] ends before it begins'],
  ['YAML plugin configuration', 'hosts.yml', 'plugin: aws_ec2\n', '1:1', 'inventory plugin configurations are not supported'],
  ['YAML syntax error', 'hosts.yml', 'all:\n  hosts: [h1\n', '3:1', 'YAML syntax error: deficient indentation'],
];

for (const [what, name, text, lineCol, message] of badInputs) {
  test(`error: ${what}`, (t) => {
    const file = join(writeTree(t, { [name]: text }), name);
    const err = t.throws(() => loadInventory([file]), { instanceOf: InventoryError, message });
    t.is(err && `${err.location?.line}:${err.location?.col}`, lineCol);
    t.is(err?.location?.file, file);
  });
}

test('error: a vars file that is not a mapping', (t) => {
  const root = writeTree(t, { hosts: 'h1\n', 'group_vars/all/10-list.yml': '# comment\n- a\n- b\n' });
  const err = t.throws(() => loadInventory([join(root, 'hosts')]), {
    instanceOf: InventoryError,
    message: 'a vars file must be a mapping, not a list',
  });
  t.deepEqual(err?.location, { file: join(root, 'group_vars/all/10-list.yml'), line: 2, col: 1 });
});

test('error: ansible_group_priority that is not a whole number', (t) => {
  const root = writeTree(t, { hosts: '[web]\nh1\n[web:vars]\nansible_group_priority=high\n' });
  t.throws(() => loadInventory([join(root, 'hosts')]), {
    instanceOf: InventoryError,
    message: "ansible_group_priority of group 'web' must be a whole number, not 'high'",
  });
});

test('error: a source that does not exist', (t) => {
  t.throws(() => loadInventory(['/nonexistent/hosts']), {
    instanceOf: InventoryError,
    message: 'inventory source not found: /nonexistent/hosts',
  });
});
