// The loaded inventory behind the Inventory interface.
import { LOCALHOST_NAMES } from './localhost.js';
import type { Inventory, InventoryHost } from './model.js';
import type { HostUniverse } from './patterns.js';
import { selectHosts } from './patterns.js';

export class LoadedInventory implements Inventory {
  private readonly universe: HostUniverse;
  private readonly implicitHosts = new Map<string, InventoryHost>();

  constructor(
    private readonly hosts: ReadonlyMap<string, InventoryHost>,
    groups: ReadonlyMap<string, readonly string[]>,
    private readonly makeImplicitLocalhost: (name: string) => InventoryHost,
  ) {
    this.universe = { order: new Map([...hosts.keys()].map((name, index) => [name, index])), groups };
  }

  hostNames(): string[] {
    return [...this.hosts.keys()];
  }

  /** An inventory host, or the implicit localhost for `localhost`, `127.0.0.1` or `::1` when the inventory has none. */
  host(name: string): InventoryHost | undefined {
    const host = this.hosts.get(name);
    if (host || !LOCALHOST_NAMES.has(name)) return host;
    let implicit = this.implicitHosts.get(name);
    if (!implicit) {
      implicit = this.makeImplicitLocalhost(name);
      this.implicitHosts.set(name, implicit);
    }
    return implicit;
  }

  groupMap(): Record<string, string[]> {
    return Object.fromEntries([...this.universe.groups].map(([group, hosts]) => [group, [...hosts]]));
  }

  select(pattern: string): string[] {
    return selectHosts(pattern, this.universe);
  }
}
