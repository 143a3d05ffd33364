// The inventory as its sources declare it, before the implicit groups and the
// variable precedence are worked out. Parsers only ever add to it; a later
// source adds members and overrides variables of the same name.
import type { Location } from '../errors.js';
import type { Vars } from './model.js';

export interface DraftGroup {
  /** Variables set by inventory sources (`[g:vars]`, `vars:`). */
  vars: Vars;
  /** Hosts declared directly in the group. */
  hosts: Set<string>;
  /** Child groups, with where each was declared (for cycle errors). */
  children: Map<string, Location | undefined>;
}

export class InventoryDraft {
  /** Host name to its own inventory variables, in the order hosts were first declared. */
  readonly hosts = new Map<string, Vars>();
  /** Every group, `all` and `ungrouped` first as in Ansible's `groups`. */
  readonly groups = new Map<string, DraftGroup>();

  constructor() {
    this.group('all');
    this.group('ungrouped');
  }

  /** The group called `name`, declared now if it is new. */
  group(name: string): DraftGroup {
    let group = this.groups.get(name);
    if (!group) {
      group = { vars: {}, hosts: new Set(), children: new Map() };
      this.groups.set(name, group);
    }
    return group;
  }

  addHost(name: string, group: string, vars: Vars): void {
    const own = this.hosts.get(name) ?? {};
    this.hosts.set(name, Object.assign(own, vars));
    this.group(group).hosts.add(name);
  }

  addChild(parent: string, child: string, where?: Location): void {
    this.group(child);
    const children = this.group(parent).children;
    if (!children.has(child)) children.set(child, where);
  }
}
