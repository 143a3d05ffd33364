import type { Vars } from '../inventory/model.js';

/** What the run has learnt about one host: facts, set_fact/register values, and whether it dropped out. */
export class HostState {
  facts: Vars = {};
  /** `set_fact` and `register` values: above play and task vars, below extra vars. */
  readonly runVars: Vars = {};
  failed = false;
  unreachable = false;

  constructor(readonly name: string) {}

  get active(): boolean {
    return !this.failed && !this.unreachable;
  }
}
