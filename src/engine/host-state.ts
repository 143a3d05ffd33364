import type { Vars } from '../inventory/model.js';

/** What the run has learnt about one host: facts, set_fact/register values, and whether it dropped out. */
export class HostState {
  facts: Vars = {};
  /** `set_fact` and `register` values: above play and task vars, below extra vars. */
  readonly runVars: Vars = {};
  failed = false;
  unreachable = false;
  /** `meta: end_host`: done with this play, without failing. */
  ended = false;
  /** Registered names whose task was skipped in check mode: what depends on them is unknown. */
  readonly checkSkipped = new Set<string>();
  /** Handler names notified and not yet run, in notification order. */
  readonly notified: string[] = [];

  constructor(readonly name: string) {}

  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended;
  }

  notify(names: string[]): void {
    for (const n of names) if (!this.notified.includes(n)) this.notified.push(n);
  }
}
