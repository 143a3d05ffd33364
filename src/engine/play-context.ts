// Everything tasks of one play share: the play, the run's options, the state
// of each host, and how a host's variables are assembled.
import type { ConnectionPool } from '../connection/index.js';
import type { Vars } from '../inventory/model.js';
import type { Play, Task } from '../playbook/model.js';
import { factVars } from '../facts/gather.js';
import { buildScope } from '../vars/scope.js';
import type { HostState } from './host-state.js';
import type { RunOptions } from './options.js';
import type { Stats } from './stats.js';

export class PlayContext {
  private readonly hostvars: Vars;
  private readonly groups: Record<string, string[]>;

  constructor(
    readonly play: Play,
    readonly playbookDir: string,
    readonly hosts: string[],
    readonly states: Map<string, HostState>,
    readonly options: RunOptions,
    readonly pool: ConnectionPool,
    readonly stats: Stats,
  ) {
    this.groups = options.inventory.groupMap();
    this.hostvars = this.hostvarsProxy();
  }

  /** The variables `task` sees on `host`, lowest precedence first. */
  scope(host: string, task?: Task): Vars {
    const state = this.states.get(host)!;
    return buildScope([
      this.options.inventory.host(host)?.vars ?? {},
      factVars(state.facts),
      this.play.vars,
      task?.vars ?? {},
      state.runVars,
      this.options.extraVars,
    ], this.magic(host));
  }

  /** Ansible's magic variables; they cannot be overridden. */
  private magic(host: string): Vars {
    const inv = this.options.inventory.host(host);
    return {
      inventory_hostname: host,
      inventory_hostname_short: host.split('.')[0],
      group_names: inv?.groups.filter((g) => g !== 'ungrouped') ?? [],
      groups: this.groups,
      hostvars: this.hostvars,
      play_hosts: this.activeHosts(),
      ansible_play_hosts: this.activeHosts(),
      ansible_play_hosts_all: this.hosts,
      ansible_play_batch: this.activeHosts(),
      ansible_check_mode: this.options.check,
      ansible_diff_mode: this.options.diff,
      ansible_verbosity: this.options.verbosity,
      playbook_dir: this.playbookDir,
    };
  }

  activeHosts(): string[] {
    return this.hosts.filter((h) => this.states.get(h)!.active);
  }

  /** `hostvars[h]` computes h's variables only when a template reads them. */
  private hostvarsProxy(): Vars {
    const known = (name: string | symbol): name is string =>
      typeof name === 'string' && this.options.inventory.host(name) !== undefined && this.states.has(name);
    return new Proxy({} as Vars, {
      get: (_t, name) => (known(name) ? this.scope(name) : undefined),
      has: (_t, name) => known(name),
      ownKeys: () => [...this.states.keys()],
      getOwnPropertyDescriptor: (_t, name) =>
        known(name) ? { enumerable: true, configurable: true, value: this.scope(name) } : undefined,
    });
  }
}
