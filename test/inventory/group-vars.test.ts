import { join } from 'node:path';
import test from 'ava';
import { loadInventory } from '../../src/inventory/index.js';
import { FIXTURES, writeTree } from './helpers.js';

// In fixtures/inventory/precedence each layer sets its own letter and every
// later one, so each letter holds the value of the highest layer that sets it.
// Group `top` is the parent of `app`; by name alone `top` would merge last, so
// `e` and `f` also prove that depth orders groups before names do.
const steps: [string, string, string][] = [
  ['a', 'all-inv', 'group all, inventory file'],
  ['b', 'all-file', 'group_vars/all.yml over the inventory file'],
  ['c', 'parent-inv', 'a group over all'],
  ['d', 'parent-file', 'group_vars/top (no extension, found before top.yml) over [top:vars]'],
  ['e', 'child-inv', 'a child group over its parent'],
  ['f', 'child-file', 'group_vars/app/ files in lexical order, the last winning'],
  ['g', 'host-inv', 'host vars in the inventory file over every group'],
  ['h', 'host-file', 'host_vars/h1.yml over everything'],
];

for (const [name, value, step] of steps) {
  test(`precedence: ${step}`, (t) => {
    const vars = loadInventory([join(FIXTURES, 'precedence/hosts.ini')]).host('h1')?.vars;
    t.is(vars?.[name], value);
  });
}

test('precedence: group_vars directory keys merge across files, other extensions are skipped', (t) => {
  const vars = loadInventory([join(FIXTURES, 'precedence/hosts.ini')]).host('h1')?.vars;
  t.is(vars?.only_in_base, 'kept');
  t.false('not' in (vars ?? {}));
});

const sameDepth: [string, string][] = [
  ['', 'beta'],
  ['[alpha:vars]\nansible_group_priority=10', 'alpha'],
  ['[beta:vars]\nansible_group_priority=0', 'alpha'],
];

for (const [priority, winner] of sameDepth) {
  test(`groups at the same depth merge by priority, then name: ${JSON.stringify(priority)} -> ${winner}`, (t) => {
    const root = writeTree(t, {
      hosts: ['[beta]', 'h1', '[alpha]', 'h1', '[alpha:vars]', 'x=alpha', '[beta:vars]', 'x=beta', priority].join('\n'),
    });
    t.is(loadInventory([join(root, 'hosts')]).host('h1')?.vars.x, winner);
  });
}

test('ansible_group_priority from group_vars files does not reorder groups', (t) => {
  const root = writeTree(t, {
    hosts: '[alpha]\nh1\n[beta]\nh1\n',
    'group_vars/alpha.yml': 'x: alpha\nansible_group_priority: 10\n',
    'group_vars/beta.yml': 'x: beta\n',
  });
  t.is(loadInventory([join(root, 'hosts')]).host('h1')?.vars.x, 'beta');
});

test('top-level keys replace, nested mappings are not merged', (t) => {
  const root = writeTree(t, {
    hosts: 'h1\n',
    'group_vars/all.yml': 'config: {a: 1, b: 2}\n',
    'host_vars/h1.yml': 'config: {a: 9}\n',
  });
  t.deepEqual(loadInventory([join(root, 'hosts')]).host('h1')?.vars.config, { a: 9 });
});

test('an empty vars file sets nothing', (t) => {
  const root = writeTree(t, { hosts: 'h1 x=1\n', 'host_vars/h1.yml': '---\n' });
  t.deepEqual(loadInventory([join(root, 'hosts')]).host('h1')?.vars, { x: 1 });
});
