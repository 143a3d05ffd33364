import type { Outcome } from './stats.js';

/** What one task (or one loop item of it) did on one host, as the reporter shows it. */
export interface HostTaskResult {
  host: string;
  outcome: Outcome;
  /** A failure that `ignore_errors` turned into a warning. */
  ignored: boolean;
  /** The module's result as Ansible users know it (rc, stdout, msg, changed...). */
  result: Record<string, unknown>;
  /** `no_log: true`: the result must not be shown. */
  noLog: boolean;
  /** A result that is always shown, even without -v (debug output). */
  alwaysShow: boolean;
  /** Show the result's differences (-D, or the task's `diff` keyword). */
  showDiff: boolean;
  /** Set on one loop item's result: how the item is shown (`item=...`). */
  item?: string;
  /** The summary of a loop whose items were already shown one by one. */
  looped?: boolean;
}
