// Turns the declared inventory into the model: the implicit groups, group
// membership through children, and each host's variables merged in the order
// Ansible merges them (lowest first):
//
//   1. group `all`: its inventory-source vars, then group_vars/all
//   2. every other group of the host, parents before children (by depth);
//      groups of the same depth by `ansible_group_priority` (default 1, the
//      higher merges later), then by name; each group's inventory-source vars,
//      then its group_vars file
//   3. the host's own inventory-source vars, then host_vars/<host>
//
// group_vars merge into their group before groups are combined, as
// InventoryManager.parse_sources does with vars plugins at the inventory stage.
// `ansible_group_priority` is read from inventory sources only (the
// inventory guide: "can only be set in the inventory source and not in
// group_vars/"), and stays in the variables.
import { InventoryError } from '../errors.js';
import type { InventoryDraft } from './draft.js';
import { GroupTree } from './graph.js';
import type { VarsFiles } from './group-vars.js';
import { LoadedInventory } from './inventory.js';
import type { Inventory, InventoryHost, Vars } from './model.js';

export function buildInventory(draft: InventoryDraft, varsFiles: VarsFiles): Inventory {
  placeUngrouped(draft);
  const tree = new GroupTree(draft.groups);
  const groupVars = new Map([...draft.groups].map(([name, group]) => [name, { ...group.vars, ...varsFiles.group(name) }]));
  const rank = mergeRank(draft, tree);
  const directGroups = groupsOfEachHost(draft);
  const members = new Map([...draft.groups.keys()].map((name): [string, string[]] => [name, []]));
  const hosts = new Map<string, InventoryHost>();
  for (const [name, ownVars] of draft.hosts) {
    const groups = new Set(directGroups.get(name)!.flatMap((group) => [...tree.lineage(group)]));
    for (const group of groups) members.get(group)!.push(name);
    const mergeOrder = [...groups].sort((a, b) => rank.get(a)! - rank.get(b)!);
    const vars: Vars = Object.assign({}, ...mergeOrder.map((group) => groupVars.get(group)), ownVars, varsFiles.host(name));
    hosts.set(name, { name, vars, groups: [...groups].filter((group) => group !== 'all').sort() });
  }
  const implicitLocalhost = (name: string): InventoryHost => ({
    name,
    vars: { ...groupVars.get('all'), ansible_connection: 'local', ...varsFiles.host(name) },
    groups: [],
  });
  return new LoadedInventory(hosts, members, implicitLocalhost);
}

/** `ungrouped` holds exactly the hosts that no group other than `all` declares (Ansible's reconcile_inventory). */
function placeUngrouped(draft: InventoryDraft): void {
  const grouped = new Set<string>();
  for (const [name, group] of draft.groups) {
    if (name !== 'all' && name !== 'ungrouped') for (const host of group.hosts) grouped.add(host);
  }
  const ungrouped = draft.group('ungrouped').hosts;
  ungrouped.clear();
  for (const host of draft.hosts.keys()) if (!grouped.has(host)) ungrouped.add(host);
}

function groupsOfEachHost(draft: InventoryDraft): Map<string, string[]> {
  const groups = new Map([...draft.hosts.keys()].map((host): [string, string[]] => [host, []]));
  for (const [name, group] of draft.groups) for (const host of group.hosts) groups.get(host)!.push(name);
  return groups;
}

/** Each group's place in the merge order: by depth, then priority, then name. */
function mergeRank(draft: InventoryDraft, tree: GroupTree): Map<string, number> {
  const keys = [...draft.groups].map(([name, group]) => ({
    name,
    depth: tree.depth(name),
    priority: groupPriority(name, group.vars.ansible_group_priority),
  }));
  keys.sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return new Map(keys.map((key, index) => [key.name, index]));
}

function groupPriority(group: string, value: unknown): number {
  if (value === undefined) return 1;
  const priority = Number(value);
  if (typeof value === 'boolean' || !Number.isInteger(priority)) {
    throw new InventoryError(`ansible_group_priority of group '${group}' must be a whole number, not '${String(value)}'`);
  }
  return priority;
}
