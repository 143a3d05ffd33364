// The module registry: one file per module, looked up by its Ansible name
// (short or `ansible.builtin.` / `ansible.legacy.` qualified).
import assert from './assert.js';
import command from './command.js';
import debug from './debug.js';
import fail from './fail.js';
import ping from './ping.js';
import set_fact from './set_fact.js';
import shell from './shell.js';
import type { Module } from './types.js';

const modules = new Map<string, Module>([assert, command, debug, fail, ping, set_fact, shell].map((m) => [m.name, m]));

const QUALIFIERS = /^ansible\.(?:builtin|legacy)\./;

export function findModule(name: string): Module | undefined {
  return modules.get(name.replace(QUALIFIERS, ''));
}

export function moduleNames(): string[] {
  return [...modules.keys()].sort();
}
