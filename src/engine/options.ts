import type { CliConnectionOptions } from '../connection/index.js';
import type { Inventory, Vars } from '../inventory/model.js';
import type { Reporter } from '../output/reporter.js';

export interface RunOptions {
  inventory: Inventory;
  /** `-l`: only hosts that also match this pattern. */
  limit?: string;
  forks: number;
  check: boolean;
  diff: boolean;
  extraVars: Vars;
  verbosity: number;
  become?: boolean;
  becomeUser?: string;
  /** Connection choices made on the command line (inventory variables win over them, as in Ansible). */
  connection: CliConnectionOptions;
  reporter: Reporter;
}
