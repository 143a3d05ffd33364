import { join } from 'node:path';
import test from 'ava';
import { loadInventory } from '../../src/inventory/index.js';
import { FIXTURES, writeTree } from './helpers.js';

test('a directory source reads its inventory files in lexical order, subdirectories too, and skips the rest', (t) => {
  const inventory = loadInventory([join(FIXTURES, 'directory')]);
  t.deepEqual(inventory.groupMap(), {
    all: ['web1', 'web2', 'extra1', 'db1'],
    ungrouped: ['extra1'],
    web: ['web1', 'web2'],
    db: ['db1'],
  });
  t.deepEqual(inventory.host('web1')?.vars, { source: '02-more', from_group_vars: true });
});

test('several -i sources merge in order: later sources add members and override vars', (t) => {
  const root = writeTree(t, {
    'staging/hosts': '[web]\nweb1 role=old\n[all:vars]\nmyvar=1\n',
    'staging/group_vars/web.yml': 'from: staging\n',
    'production/hosts.yml': 'web:\n  hosts:\n    web1: {role: new}\n    web2:\n  vars:\n    tier: front\nall:\n  vars:\n    myvar: 2\n',
    'production/group_vars/web.yml': 'from: production\n',
  });
  const inventory = loadInventory([join(root, 'staging/hosts'), join(root, 'production')]);
  t.deepEqual(inventory.groupMap().web, ['web1', 'web2']);
  t.deepEqual(inventory.host('web1')?.vars, { myvar: 2, tier: 'front', from: 'production', role: 'new' });
  const reversed = loadInventory([join(root, 'production'), join(root, 'staging/hosts')]);
  t.deepEqual(reversed.host('web1')?.vars, { myvar: 1, tier: 'front', from: 'staging', role: 'old' });
});

test('a file source finds group_vars/ and host_vars/ in its own directory', (t) => {
  const root = writeTree(t, {
    'inv/hosts.ini': 'h1\n',
    'inv/host_vars/h1': 'near: true\n',
    'host_vars/h1': 'far: true\n',
  });
  t.deepEqual(loadInventory([join(root, 'inv/hosts.ini')]).host('h1')?.vars, { near: true });
});

test('a file without extension that starts like YAML is read as YAML', (t) => {
  const root = writeTree(t, { hosts: '---\nweb:\n  hosts:\n    h1:\n' });
  t.deepEqual(loadInventory([join(root, 'hosts')]).groupMap().web, ['h1']);
});

test('a host list source declares ungrouped hosts', (t) => {
  const inventory = loadInventory(['h1,db1:2222, h3,']);
  t.deepEqual(inventory.groupMap(), { all: ['h1', 'db1', 'h3'], ungrouped: ['h1', 'db1', 'h3'] });
  t.deepEqual(inventory.host('db1')?.vars, { ansible_port: 2222 });
});

test('implicit localhost: resolvable by name, in no group, with the vars of all', (t) => {
  const root = writeTree(t, {
    hosts: 'h1\n[all:vars]\nshared=1\n',
    'host_vars/localhost.yml': 'mine: 2\n',
  });
  const inventory = loadInventory([join(root, 'hosts')]);
  t.deepEqual(inventory.host('localhost'), {
    name: 'localhost',
    vars: { shared: 1, ansible_connection: 'local', mine: 2 },
    groups: [],
  });
  t.is(inventory.host('127.0.0.1')?.vars.ansible_connection, 'local');
  t.is(inventory.host('elsewhere'), undefined);
  t.deepEqual(inventory.hostNames(), ['h1']);
  t.deepEqual(inventory.groupMap().all, ['h1']);
});

test('a localhost declared in the inventory is an ordinary host', (t) => {
  const root = writeTree(t, { hosts: '[control]\nlocalhost ansible_connection=ssh\n' });
  t.deepEqual(loadInventory([join(root, 'hosts')]).host('localhost'), {
    name: 'localhost',
    vars: { ansible_connection: 'ssh' },
    groups: ['control'],
  });
});

test('no sources give an empty inventory with only the implicit localhost', (t) => {
  const inventory = loadInventory([]);
  t.deepEqual(inventory.groupMap(), { all: [], ungrouped: [] });
  t.deepEqual(inventory.select('localhost'), ['localhost']);
});

test('a 1,000-host inventory with ranges loads in well under 100 ms', (t) => {
  const groups = Array.from({ length: 50 }, (_, g) => `[g${g}]\nnode-${g}-[001:020] ansible_user=ubuntu\n[g${g}:vars]\nzone=${g % 5}\n`);
  const parents = Array.from({ length: 5 }, (_, z) => `[zone${z}:children]\n${Array.from({ length: 10 }, (_, i) => `g${z * 10 + i}`).join('\n')}\n`);
  const root = writeTree(t, { hosts: [...groups, ...parents].join('') });
  const started = performance.now();
  const inventory = loadInventory([join(root, 'hosts')]);
  const selected = inventory.select('zone1:&g1[0-1]:!node-10-001');
  const elapsed = performance.now() - started;
  t.is(inventory.hostNames().length, 1000);
  t.is(selected.length, 39);
  t.true(elapsed < 100, `took ${elapsed.toFixed(1)} ms`);
});
