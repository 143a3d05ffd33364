// What the rest of the product knows about an inventory: hosts with their
// merged inventory variables, groups, and host-pattern selection.

export type Vars = Record<string, unknown>;

export interface InventoryHost {
  /** The inventory name (`inventory_hostname`). */
  name: string;
  /**
   * Inventory variables merged in Ansible's order: group `all`, then groups
   * from parent to child (same depth: by `ansible_group_priority`, then by
   * name), then the host's own; `group_vars/` and `host_vars/` files override
   * the inventory file's values at their level (see build.ts).
   */
  vars: Vars;
  /** Every group the host belongs to, directly or through children, sorted; without `all`. */
  groups: string[];
}

export interface Inventory {
  /** Hosts in the order they were first declared (never the implicit localhost). */
  hostNames(): string[];
  /** A host, or Ansible's implicit localhost for `localhost`/`127.0.0.1`/`::1` when the inventory has none. */
  host(name: string): InventoryHost | undefined;
  /** Group name to its hosts (inventory order), including `all` and `ungrouped`: Ansible's `groups`. */
  groupMap(): Record<string, string[]>;
  /**
   * Hosts matched by an Ansible host pattern (`all`, `web:db`, `web:&prod`,
   * `web:!h1`, globs, `~regex`, `web[0:2]`, `@file`), in inventory order,
   * the implicit localhost last when a term names it. Matching nothing gives [];
   * a malformed pattern throws UsageError.
   */
  select(pattern: string): string[];
}
