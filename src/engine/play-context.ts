// Everything tasks of one play share: the play, the run's options, the state
// of each host, and how a host's variables are assembled.
import type { ConnectionPool } from '../connection/index.js';
import type { Vars } from '../inventory/model.js';
import type { Play, Task } from '../playbook/model.js';
import { factVars } from '../facts/gather.js';
import { secrets } from '../secrets/registry.js';
import { Rendered, buildScope } from '../vars/scope.js';
import { HostState } from './host-state.js';
import type { RunOptions } from './options.js';
import { StartAt } from './select.js';
import type { Stats } from './stats.js';

/** `secret_vars: [name, ...]` declares variables whose values are secrets (masked in every output). */
function declaredSecrets(scope: Vars): void {
  const names = scope.secret_vars;
  if (!Array.isArray(names)) return;
  for (const name of names) if (typeof name === 'string' && name in scope) secrets.add(scope[name]);
}

export class PlayContext {
  private readonly hostvars: Vars;
  private readonly groups: Record<string, string[]>;
  /** The hosts of the serial batch being run. */
  batch: string[];
  /** The play stops for every host (any_errors_fatal, max_fail_percentage, meta: end_play). */
  aborted = false;
  /** The run stops after this play, as Ansible's break_play does: nothing later runs. */
  breakRun = false;

  constructor(
    readonly play: Play,
    readonly hosts: string[],
    readonly states: Map<string, HostState>,
    readonly options: RunOptions,
    readonly pool: ConnectionPool,
    readonly stats: Stats,
    readonly startAt: StartAt,
  ) {
    this.groups = options.inventory.groupMap();
    this.hostvars = this.hostvarsProxy();
    this.batch = hosts;
  }

  state(host: string): HostState {
    return this.states.get(host)!;
  }

  /** The variables `task` sees on `host`, lowest precedence first (docs/variables.md). */
  scope(host: string, task?: Pick<Task, 'vars' | 'role'>, extra: Vars = {}): Vars {
    // A host outside the play (hostvars of another group) has no state yet: its inventory variables only.
    const state = this.states.get(host) ?? new HostState(host);
    const scope = buildScope(
      [
        this.play.roleDefaults,
        this.options.inventory.host(host)?.vars ?? {},
        factVars(state.facts),
        this.play.vars,
        new Rendered(this.play.promptVars),
        this.play.filesVars,
        this.play.roleVars,
        task?.vars ?? {},
        // Loop variables: items were rendered with the loop, so an `!unsafe` item's `{{` stays text.
        new Rendered(extra),
        new Rendered(state.runVars),
        this.options.extraVars,
      ],
      this.magic(host, task),
    );
    declaredSecrets(scope);
    return scope;
  }

  /** Ansible's magic variables; they cannot be overridden. */
  private magic(host: string, task?: Pick<Task, 'role'>): Vars {
    const inv = this.options.inventory.host(host);
    const active = this.activeHosts();
    const batch = this.batch.filter((h) => this.state(h).active);
    return {
      inventory_hostname: host,
      inventory_hostname_short: host.split('.')[0],
      group_names: inv?.groups.filter((g) => g !== 'ungrouped') ?? [],
      groups: this.groups,
      hostvars: this.hostvars,
      // Ansible's deprecated alias of the serial batch, not of the play's hosts.
      play_hosts: batch,
      ansible_play_hosts: active,
      ansible_play_hosts_all: this.hosts,
      ansible_play_batch: batch,
      ansible_play_name: this.play.name,
      ansible_check_mode: this.options.check,
      ansible_diff_mode: this.options.diff,
      ansible_verbosity: this.options.verbosity,
      playbook_dir: this.play.dir,
      ...(task?.role ? { role_name: task.role.name, role_path: task.role.dir } : {}),
    };
  }

  activeHosts(): string[] {
    return this.hosts.filter((h) => this.state(h).active);
  }

  /** `hostvars[h]` computes h's variables only when a template reads them. */
  private hostvarsProxy(): Vars {
    // Every inventory host, as in Ansible: -l and the play's pattern do not narrow hostvars.
    const known = (name: string | symbol): name is string =>
      typeof name === 'string' && (this.states.has(name) || this.options.inventory.host(name) !== undefined);
    return new Proxy({} as Vars, {
      get: (_t, name) => (known(name) ? this.scope(name) : undefined),
      has: (_t, name) => known(name),
      ownKeys: () => [...new Set([...this.states.keys(), ...this.options.inventory.select('all')])],
      getOwnPropertyDescriptor: (_t, name) =>
        known(name) ? { enumerable: true, configurable: true, value: this.scope(name) } : undefined,
    });
  }
}
