// The shape every module follows: validate arguments (a zod schema) → read the
// host's current state → compute the change → apply it unless in check mode.
import type { z } from 'zod';
import type { ExecResult } from '../connection/types.js';
import type { Location } from '../errors.js';
import type { Vars } from '../inventory/model.js';

export interface ModuleContext {
  hostname: string;
  check: boolean;
  diff: boolean;
  /** The variables the task sees (for `debug: var=`, `assert`). */
  vars: Vars;
  /** Where the task was written, for errors a module raises. */
  where?: Location;
  /**
   * Find a controller-side file a task names relatively (`copy: src=`,
   * `template: src=`, `include_vars`): `kind` is `files`, `templates` or `vars`. Returns an absolute
   * path or throws a PlaybookError listing where it looked.
   */
  findFile(kind: 'files' | 'templates' | 'vars', name: string): string;
  /** Run a POSIX sh script on the target, with the task's become applied. */
  run(script: string, options?: { stdin?: string | Buffer }): Promise<ExecResult>;
}

export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  /** Skipped by the module itself (e.g. `command` without `creates` in check mode). */
  skipped?: boolean;
  /** Check mode could not tell what would happen (e.g. a directory an earlier task would create). */
  unknown?: boolean;
  msg?: unknown;
  /** What changed, shown with --diff (computed before any write). */
  diff?: FileDiff | FileDiff[];
  /** Variables to set on the host for the rest of the run (`set_fact`). */
  setVars?: Vars;
  [key: string]: unknown;
}

/** A before/after view of one path: content, and attributes (mode, owner...) listed apart. */
export interface FileDiff {
  path: string;
  before?: string;
  after?: string;
  /** attribute -> [before, after] */
  attributes?: Record<string, [string | undefined, string | undefined]>;
}

export interface Module<A = Record<string, unknown>> {
  name: string;
  /** Validates and normalises the arguments after templating. */
  args: z.ZodType<A>;
  /** The argument a free-form string goes to (`command: ls /` → `cmd`). */
  freeForm?: string;
  /** Runs on the controller only and never needs a connection (debug, set_fact...). */
  controllerOnly?: boolean;
  run(args: A, ctx: ModuleContext): Promise<ModuleResult>;
}

/** Erases a module's argument type so modules of all kinds live in one registry. */
export function defineModule<A>(module: Module<A>): Module {
  return module as unknown as Module;
}
