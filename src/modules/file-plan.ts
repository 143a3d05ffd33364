// What the file module's states share: a plan (changes for --diff, the
// commands, the result keys) and the plan for a path whose only possible
// changes are its mode and owner.
import { posix } from 'node:path';
import { readPath, type PathFacts } from '../facts/file-digest.js';
import { attributeChanges, attributeCommands, changedAttrs, type AttrChanges, type Attrs } from './file-attrs.js';
import { resolveMode } from './edit-attrs.js';
import { shQuote } from './shell-quote.js';
import type { ModuleContext } from './types.js';

/** The file module's arguments, as its states use them. */
export interface FilePlanArgs extends Attrs {
  path: string;
  src?: string;
  force: boolean;
  follow: boolean;
  recurse: boolean;
}

/** What a task will do: the changes (shown with --diff), the commands, the result keys. */
export interface Plan {
  changes: AttrChanges;
  script: string[];
  result: Record<string, unknown>;
  /** The path whose final mode and owner the result reports... */
  statPath?: string;
  /** ...and what they are now, for a task that changes nothing. */
  facts?: PathFacts;
}

/** A plan, or the reason the task cannot go on. */
export type PlanOrRefusal = Plan | string;

/** `rel` as seen from the directory of `path`, on the host (never the controller's cwd). */
export function besidePath(path: string, rel: string): string {
  return posix.isAbsolute(rel) ? posix.normalize(rel) : posix.join(posix.dirname(path), rel);
}

/** The path a symlink leads to (through chains of links, one read each), and its facts. */
export async function followLink(ctx: ModuleContext, path: string, now: PathFacts): Promise<[string, PathFacts]> {
  let [cur, facts] = [path, now];
  for (let hops = 0; facts.type === 'link' && hops < 40; hops++) {
    cur = besidePath(cur, facts.linkTarget!);
    facts = await readPath(ctx.run, cur);
  }
  return [cur, facts];
}

/** The wanted attributes, with a symbolic mode resolved against the current one (or the default for a new path). */
export function wanted(a: Attrs, facts: PathFacts | undefined, isDir: boolean): Attrs {
  if (a.mode === undefined) return a;
  // A new path starts from what mkdir/touch give it under umask 022.
  return { ...a, mode: resolveMode(a.mode, facts?.mode ?? (isDir ? '0755' : '0644'), isDir) };
}

/** An existing path whose only possible changes are its attributes. */
export function attributePlan(path: string, a: Attrs, facts: PathFacts, state: string): Plan {
  const want = wanted(a, facts, facts.type === 'directory');
  const changes = attributeChanges(facts, want);
  return {
    changes,
    script: attributeCommands(shQuote(path), changedAttrs(want, changes)),
    result: { path, state },
    statPath: path,
    facts,
  };
}

/** A command creating `path` and each missing parent, giving every new one `want` (octal mode). */
export function makeDirectory(path: string, want: Attrs): string {
  const parts = path.replace(/\/+$/, '').split('/');
  const chain = parts.map((_, i) => parts.slice(0, i + 1).join('/')).filter((d) => d !== '' && d !== '.');
  const make = [`mkdir -- "$d"`, ...attributeCommands('"$d"', want)].join('; ');
  return `for d in ${chain.map(shQuote).join(' ')}; do if [ ! -e "$d" ]; then ${make}; fi; done`;
}
