// A loaded playbook: plays, sections, blocks and tasks as the engine runs
// them. Keywords written on a play, role, block or import are already
// inherited into every task below them (as Ansible does), so the engine reads
// one task and knows everything that applies to it.
import type { Location } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import type { Module } from '../modules/types.js';

/** Keywords that flow from plays, roles, blocks and imports down to tasks. */
export interface Inherited {
  /** Every condition that must hold, outermost first (a block's `when` is checked for each of its tasks). */
  when: unknown[];
  tags: string[];
  /** Block and task vars, merged (block below task). */
  vars: Vars;
  become?: boolean;
  becomeUser?: string;
  ignoreErrors?: boolean;
  /** An unreachable host is counted ok and ignored, and stays in the play. */
  ignoreUnreachable?: boolean;
  noLog?: boolean;
  checkMode?: boolean;
  environment?: Record<string, unknown>;
  delegateTo?: string;
  runOnce?: boolean;
  throttle?: number;
  anyErrorsFatal?: boolean;
  /** Seconds one run of the module may take (0 or unset: no limit). */
  timeout?: number;
  /** Show (or hide) this task's differences, whatever -D says. */
  diff?: boolean;
  /** How to reach the host when its inventory does not say (`ansible_connection`/`_user`/`_port` win). */
  reach?: Reach;
  role?: RoleRef;
}

/** The `connection`, `remote_user` and `port` keywords. */
export interface Reach {
  connection?: 'ssh' | 'local';
  remoteUser?: string;
  port?: number;
}

/** The role a task came from: its name for display, its folder for files/ and templates/. */
export interface RoleRef {
  name: string;
  dir: string;
  /** The roles that pulled this one in as a dependency, outermost first. */
  requiredBy: string[];
}

export interface LoopControl {
  loopVar: string;
  indexVar?: string;
  label?: string;
  /** Seconds to wait between two items. */
  pause: number;
  /** `extended`: the `ansible_loop` variable is set (with `allitems` unless told not to). */
  extended?: { allItems: boolean };
}

export interface Task extends Inherited {
  kind: 'task';
  name?: string;
  /** The name was written `!unsafe`: shown as written, never templated. */
  literalName?: boolean;
  module: Module;
  args: Record<string, unknown>;
  register?: string;
  /** `loop`, `with_items`, `with_dict`... normalised: how to turn the value into items. */
  loop?: { kind: 'list' | 'items' | 'dict' | 'fileglob' | 'nested' | 'together' | 'subelements' | 'sequence' | 'indexed_items'; value: unknown };
  loopControl: LoopControl;
  until?: unknown;
  retries: number;
  delay: number;
  changedWhen?: unknown;
  failedWhen?: unknown;
  /** `async` with a `poll` above 0: the task waits, but fails after this many seconds. */
  asyncLimit?: number;
  notify: string[];
  /** Handlers only: other names they answer to. */
  listen: string[];
  where: Location;
}

export interface Block extends Inherited {
  kind: 'block';
  name?: string;
  block: Step[];
  rescue: Step[];
  always: Step[];
  where: Location;
}

/** `meta: flush_handlers` and friends: instructions to the engine, not to a host. */
export interface Meta extends Inherited {
  kind: 'meta';
  action: 'flush_handlers' | 'noop' | 'end_play' | 'end_host' | 'clear_host_errors';
  where: Location;
}

export type Step = Task | Block | Meta;

export interface Section {
  name: 'pre_tasks' | 'tasks' | 'post_tasks';
  steps: Step[];
}

/** The play's `order`: how its hosts are lined up for batches and output, as Ansible's get_hosts(order=). */
export const HOST_ORDERS = ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] as const;
export type HostOrder = (typeof HOST_ORDERS)[number];

export interface Play {
  name: string;
  hosts: string;
  order: HostOrder;
  vars: Vars;
  /** vars_prompt values that -e did not give (defaults, rendered already): above play vars, below vars_files. */
  promptVars: Vars;
  /** vars_files, already read (above play vars). */
  filesVars: Vars;
  /** Every role's defaults (lowest precedence) and vars (above vars_files), merged in role order. */
  roleDefaults: Vars;
  roleVars: Vars;
  gatherFacts: boolean;
  become?: boolean;
  becomeUser?: string;
  /** The play's `connection`, `remote_user`, `port` (for gathering facts; tasks carry their own). */
  reach?: Reach;
  /** `serial`: batch sizes (numbers or percentages), the last one repeated. */
  serial: (number | string)[];
  maxFailPercentage?: number;
  anyErrorsFatal: boolean;
  forceHandlers: boolean;
  sections: Section[];
  handlers: Task[];
  /** The roles the play uses, by name (for --role). */
  roles: string[];
  dir: string;
  where: Location;
}
