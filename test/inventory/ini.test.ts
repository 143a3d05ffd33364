import { join } from 'node:path';
import test from 'ava';
import { loadInventory } from '../../src/inventory/index.js';
import { FIXTURES, snapshot, writeTree } from './helpers.js';

test("a MOSIP-style hosts.ini loads as written (values that are not Python literals stay strings)", (t) => {
  const inventory = loadInventory([join(FIXTURES, 'mosip/hosts.ini')]);
  t.deepEqual(snapshot(inventory), {
    hosts: [
      {
        name: 'wg',
        vars: { ansible_host: '10.0.0.5', ansible_user: 'ubuntu', ansible_ssh_private_key_file: '~/.ssh/mosip.pem' },
        groups: ['wireguard'],
      },
      ...['node1', 'node2', 'node3'].map((name) => ({
        name,
        vars: { ansible_become: 'true', ansible_user: 'ubuntu' },
        groups: ['cluster'],
      })),
    ],
    groups: { all: ['wg', 'node1', 'node2', 'node3'], ungrouped: [], wireguard: ['wg'], cluster: ['node1', 'node2', 'node3'] },
  });
});

test('INI ranges, strides, letters, ports, children two levels deep and group vars', (t) => {
  const inventory = loadInventory([join(FIXTURES, 'ini/hosts')]);
  const web = ['web01.example.com', 'web02.example.com', 'web03.example.com', 'web-a.example.com', 'web-b.example.com'];
  const db = ['db1', 'db3', 'db5'];
  t.deepEqual(inventory.hostNames(), ['bastion', ...web, ...db]);
  t.deepEqual(inventory.groupMap(), {
    all: ['bastion', ...web, ...db],
    ungrouped: ['bastion'],
    web,
    db,
    prod: [...web, ...db],
    world: [...web, ...db],
  });
  t.deepEqual(inventory.host('web-a.example.com'), {
    name: 'web-a.example.com',
    vars: { ntp_server: 'ntp.example.com', env: 'production', ansible_port: 8080, tier: 'front end' },
    groups: ['prod', 'web', 'world'],
  });
  t.deepEqual(inventory.host('db3')?.vars, {
    ntp_server: 'ntp.example.com',
    env: 'production',
    pg_version: 15,
    backup: true,
    ansible_user: 'postgres',
  });
  t.deepEqual(inventory.host('bastion'), {
    name: 'bastion',
    vars: { ntp_server: 'ntp.example.com', ansible_host: '203.0.113.10' },
    groups: ['ungrouped'],
  });
});

test('the YAML form of the same inventory gives the same model', (t) => {
  const fromIni = snapshot(loadInventory([join(FIXTURES, 'ini/hosts')]));
  const fromYaml = snapshot(loadInventory([join(FIXTURES, 'yaml/hosts.yml')]));
  t.deepEqual(fromYaml, fromIni);
});

// Host-line values go through shlex, then Python's literal_eval.
const hostLineVars: [string, Record<string, unknown>][] = [
  ['ansible_port=2222', { ansible_port: 2222 }],
  ['x=True y=False z=None', { x: true, y: false, z: null }],
  ['become=true', { become: 'true' }],
  ['msg="a b"', { msg: 'a b' }],
  ["msg='x y'", { msg: 'x y' }],
  [`secret="'0123'"`, { secret: '0123' }],
  ['mode=0644', { mode: '0644' }],
  ['ratio=0.5', { ratio: 0.5 }],
  ['list="[1, 2]"', { list: [1, 2] }],
  ['path=C:\\\\temp', { path: 'C:\\temp' }],
  ['empty=', { empty: '' }],
  ['url=http://a/b?c=d', { url: 'http://a/b?c=d' }],
  ['a=1 # the rest is a comment b=2', { a: 1 }],
  ['a=1 a=2', { a: 2 }],
];

for (const [assignments, vars] of hostLineVars) {
  test(`host line vars: ${assignments}`, (t) => {
    const root = writeTree(t, { hosts: `h1 ${assignments}\n` });
    t.deepEqual(loadInventory([join(root, 'hosts')]).host('h1')?.vars, vars);
  });
}

test('[group:vars] takes everything after the first = as the value, read as a Python literal', (t) => {
  const root = writeTree(t, {
    hosts: [
      '[web]',
      'h1',
      '[web:vars]',
      'motd = Hello, world',
      'quoted="a b"',
      'port=8080 # a Python comment after a literal is dropped',
      'user=admin # but kept after a plain string',
      'shout=FALSE',
      'flag=True',
      'eq=a=b',
    ].join('\n'),
  });
  t.deepEqual(loadInventory([join(root, 'hosts')]).host('h1')?.vars, {
    motd: 'Hello, world',
    quoted: 'a b',
    port: 8080,
    user: 'admin # but kept after a plain string',
    shout: 'FALSE',
    flag: true,
    eq: 'a=b',
  });
});

test('a host in several groups exists once, with the variables of every declaration', (t) => {
  const root = writeTree(t, {
    hosts: ['h1 a=1', '[web]', 'h1 b=2', '[db]', 'h1 a=3', 'h2'].join('\n'),
  });
  const inventory = loadInventory([join(root, 'hosts')]);
  t.deepEqual(inventory.hostNames(), ['h1', 'h2']);
  t.deepEqual(inventory.host('h1'), { name: 'h1', vars: { a: 3, b: 2 }, groups: ['db', 'web'] });
  t.deepEqual(inventory.groupMap().ungrouped, [], 'h1 was declared before any section but is grouped');
});

test('ungrouped holds exactly the hosts that no group other than all declares', (t) => {
  const root = writeTree(t, { hosts: ['h1', '[ungrouped]', 'h2', '[all]', 'h3', '[web]', 'h2'].join('\n') });
  const inventory = loadInventory([join(root, 'hosts')]);
  t.deepEqual(inventory.groupMap(), { all: ['h1', 'h2', 'h3'], ungrouped: ['h1', 'h3'], web: ['h2'] });
  t.deepEqual(inventory.host('h3')?.groups, ['ungrouped']);
});

test('[group:children] and [group:vars] create the groups they name', (t) => {
  const root = writeTree(t, { hosts: ['[parent:children]', 'later', 'never_declared', '[other:vars]', 'x=1', '[later]', 'h1'].join('\n') });
  t.deepEqual(loadInventory([join(root, 'hosts')]).groupMap(), {
    all: ['h1'],
    ungrouped: [],
    parent: ['h1'],
    later: ['h1'],
    never_declared: [],
    other: [],
  });
});

test('comments, blank lines, indentation, CRLF and explicit [group:hosts] sections', (t) => {
  const root = writeTree(t, {
    hosts: ['# comment', '; comment', '', '[web:hosts]   # trailing comment', '   h1   # inline', '[db]\r', 'h2\r', ''].join('\n'),
  });
  t.deepEqual(loadInventory([join(root, 'hosts')]).groupMap(), { all: ['h1', 'h2'], ungrouped: [], web: ['h1'], db: ['h2'] });
});
