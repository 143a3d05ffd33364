// A loaded playbook: plays and tasks as the engine runs them, each keeping
// where it was written.
import type { Location } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import type { Module } from '../modules/types.js';

export interface Task {
  name?: string;
  module: Module;
  /** Arguments before templating (free-form strings already split into keys). */
  args: Record<string, unknown>;
  when?: unknown;
  register?: string;
  ignoreErrors: boolean;
  become?: boolean;
  becomeUser?: string;
  changedWhen?: unknown;
  failedWhen?: unknown;
  vars: Vars;
  /** `check_mode: false` runs the task for real in check mode; `true` forces check mode. */
  checkMode?: boolean;
  noLog: boolean;
  where: Location;
}

export interface Play {
  name: string;
  hosts: string;
  vars: Vars;
  gatherFacts: boolean;
  become?: boolean;
  becomeUser?: string;
  tasks: Task[];
  where: Location;
}
