// Shared by the inventory tests: fixture paths, throwaway inventory trees, and
// the whole model as plain data.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import type { Inventory } from '../../src/inventory/index.js';
import { tempTree } from '../helpers/tmp.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/inventory/', import.meta.url));

/** Write `files` (relative path to text) into a new temporary directory, removed after the test. */
export function writeTree(t: ExecutionContext, files: Record<string, string>): string {
  const root = tempTree(files);
  t.teardown(() => removeTree(root));
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Everything the model says about the inventory's hosts and groups. */
export function snapshot(inventory: Inventory) {
  return { hosts: inventory.hostNames().map((name) => inventory.host(name)), groups: inventory.groupMap() };
}
