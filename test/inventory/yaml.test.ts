import { join } from 'node:path';
import test from 'ava';
import { loadInventory } from '../../src/inventory/index.js';
import { writeTree } from './helpers.js';

test('YAML inventories: null entries, lone names, ranges with ports, typed values', (t) => {
  const root = writeTree(t, {
    'hosts.yml': `
all:
  hosts:
    solo:
  children:
    web:
      hosts: web1
    db:
      hosts:
        db[1:2]:2345:
          replica: yes
          ansible_port: 5432
      vars:
      children: backup
    backup:
      vars:
        retention: 7
`,
  });
  const inventory = loadInventory([join(root, 'hosts.yml')]);
  t.deepEqual(inventory.groupMap(), {
    all: ['solo', 'web1', 'db1', 'db2'],
    ungrouped: ['solo'],
    web: ['web1'],
    db: ['db1', 'db2'],
    backup: [],
  });
  t.deepEqual(inventory.host('db2'), {
    name: 'db2',
    vars: { replica: true, ansible_port: 5432 },
    groups: ['db'],
  });
});

test('a JSON inventory is read as YAML', (t) => {
  const root = writeTree(t, {
    'hosts.json': JSON.stringify({ web: { hosts: { h1: { port: 80 } }, vars: { tier: 'front' } } }),
  });
  t.deepEqual(loadInventory([join(root, 'hosts.json')]).host('h1'), {
    name: 'h1',
    vars: { tier: 'front', port: 80 },
    groups: ['web'],
  });
});

test('an empty YAML inventory has no hosts', (t) => {
  const root = writeTree(t, { 'hosts.yml': '# nothing yet\n' });
  t.deepEqual(loadInventory([join(root, 'hosts.yml')]).groupMap(), { all: [], ungrouped: [] });
});
