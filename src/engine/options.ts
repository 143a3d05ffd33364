import type { CliConnectionOptions } from '../connection/index.js';
import type { Inventory, Vars } from '../inventory/model.js';
import type { Reporter } from '../output/reporter.js';
import type { Selection } from './select.js';

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
  /** Which tasks run: tags, --role, --start-at-task. */
  selection: Selection;
  /** Run notified handlers even on hosts that failed. */
  forceHandlers: boolean;
  reporter: Reporter;
}
