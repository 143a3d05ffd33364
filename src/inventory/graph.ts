// The group hierarchy. `all` is the parent of every group that has no other
// parent; a group's hosts belong to all its ancestors; a group's depth (its
// longest path from `all`) orders variable merging, parents before children.
// Ansible refuses cycles, and so does this, naming the groups in the cycle.
import type { Location } from '../errors.js';
import { InventoryError } from '../errors.js';
import type { DraftGroup } from './draft.js';

export class GroupTree {
  private readonly parents = new Map<string, string[]>();
  private readonly depths = new Map<string, number>();
  private readonly lineages = new Map<string, ReadonlySet<string>>();

  constructor(groups: ReadonlyMap<string, DraftGroup>) {
    for (const name of groups.keys()) this.parents.set(name, []);
    for (const [parent, group] of groups) {
      for (const child of group.children.keys()) this.parents.get(child)!.push(parent);
    }
    for (const [name, parents] of this.parents) if (name !== 'all' && parents.length === 0) parents.push('all');
    assertAcyclic(groups, this.parents);
  }

  /** The group and every group above it, `all` included. */
  lineage(group: string): ReadonlySet<string> {
    let lineage = this.lineages.get(group);
    if (!lineage) {
      lineage = new Set([group, ...this.parentsOf(group).flatMap((parent) => [...this.lineage(parent)])]);
      this.lineages.set(group, lineage);
    }
    return lineage;
  }

  depth(group: string): number {
    let depth = this.depths.get(group);
    if (depth === undefined) {
      depth = group === 'all' ? 0 : 1 + Math.max(...this.parentsOf(group).map((parent) => this.depth(parent)));
      this.depths.set(group, depth);
    }
    return depth;
  }

  private parentsOf(group: string): string[] {
    return this.parents.get(group) ?? [];
  }
}

function assertAcyclic(groups: ReadonlyMap<string, DraftGroup>, parents: ReadonlyMap<string, string[]>): void {
  const children = new Map<string, string[]>([...parents.keys()].map((name) => [name, []]));
  for (const [child, list] of parents) for (const parent of list) children.get(parent)!.push(child);
  const cycle = findCycle(children);
  if (!cycle) return;
  const declaredAt = cycle
    .slice(1)
    .map((child, i): Location | undefined => groups.get(cycle[i]!)?.children.get(child))
    .find((where) => where !== undefined);
  throw new InventoryError(`groups form a cycle: ${cycle.join(' -> ')}`, declaredAt);
}

/** A path `a, b, ..., a` through `edges`, if there is one. */
function findCycle(edges: ReadonlyMap<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
