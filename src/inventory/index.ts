// The inventory layer: load `-i` sources into the model the rest of the
// product uses (see model.ts).
import { buildInventory } from './build.js';
import { InventoryDraft } from './draft.js';
import { VarsFiles } from './group-vars.js';
import type { Inventory } from './model.js';
import { addSource } from './sources.js';

export type { Inventory, InventoryHost, Vars } from './model.js';

/**
 * Load and merge inventory sources in the order given (later sources add
 * hosts and override variables): INI or YAML files, directories of them, or
 * host lists like `h1,h2,`. No paths give an empty inventory, where only the
 * implicit localhost exists. Throws InventoryError, located when it can be.
 */
export function loadInventory(paths: string[]): Inventory {
  const draft = new InventoryDraft();
  const baseDirs = new Set<string>();
  for (const path of paths) {
    const baseDir = addSource(path, draft);
    if (baseDir !== undefined) baseDirs.add(baseDir);
  }
  return buildInventory(draft, new VarsFiles([...baseDirs]));
}
