// Mode, owner and group: what differs between a path and what a task wants,
// and the chmod/chown lines that fix it. Shared by file, copy and template.
import type { PathFacts } from '../facts/file-digest.js';
import { shQuote } from './shell-quote.js';
import type { FileDiff } from './types.js';

/** Wanted attributes; `mode` is already octal (see resolveMode in edit-attrs.ts). */
export interface Attrs {
  mode?: string;
  owner?: string;
  group?: string;
}

export type AttrChanges = NonNullable<FileDiff['attributes']>;

/** A user or group given by number matches the uid/gid, by name the name. */
function sameId(want: string, name: string | undefined, id: number | undefined): boolean {
  return /^\d+$/.test(want) ? Number(want) === id : want === name;
}

/** The attributes `want` changes on a path that exists as `now`. */
export function attributeChanges(now: PathFacts, want: Attrs): AttrChanges {
  const changes: AttrChanges = {};
  if (want.mode !== undefined && want.mode !== now.mode) changes.mode = [now.mode, want.mode];
  if (want.owner !== undefined && !sameId(want.owner, now.owner, now.uid)) changes.owner = [now.owner, want.owner];
  if (want.group !== undefined && !sameId(want.group, now.group, now.gid)) changes.group = [now.group, want.group];
  return changes;
}

/**
 * The commands that set `want` on the path `p` (a shell word, already quoted)
 * for `set -e` scripts. `link` changes a symlink itself (chown -h; a link has
 * no mode of its own); `recurse` the whole tree, a symbolic mode passed to
 * chmod as is.
 */
export function attributeCommands(p: string, want: Attrs, o: { link?: boolean; recurse?: boolean } = {}): string[] {
  const flags = `${o.recurse ? ' -R' : ''}${o.link ? ' -h' : ''}`;
  const lines: string[] = [];
  if (want.mode !== undefined && !o.link) lines.push(`chmod${o.recurse ? ' -R' : ''} ${shQuote(want.mode)} -- ${p}`);
  if (want.owner !== undefined) lines.push(`chown${flags} ${shQuote(want.group ? `${want.owner}:${want.group}` : want.owner)} -- ${p}`);
  else if (want.group !== undefined) lines.push(`chgrp${flags} ${shQuote(want.group)} -- ${p}`);
  return lines;
}

/** The attributes whose change was asked for, for the commands (unchanged ones are left out). */
export function changedAttrs(want: Attrs, changes: AttrChanges): Attrs {
  return {
    ...(changes.mode ? { mode: want.mode } : {}),
    ...(changes.owner || changes.group ? { owner: want.owner, group: want.group } : {}),
  };
}

/** A shell command printing the final attributes of the path `p` (quoted), for `finalAttributes`. */
export function statCommand(p: string): string {
  return `stat -c '%a %U %G %u %g %s' -- ${p}`;
}

/** The result keys Ansible reports about a path, from statCommand's output line (or from facts). */
export function finalAttributes(line: string): Record<string, unknown> {
  const [mode, owner, group, uid, gid, size] = line.trim().split(' ');
  if (size === undefined) return {};
  return { mode: mode!.padStart(4, '0'), owner, group, uid: Number(uid), gid: Number(gid), size: Number(size) };
}

export function attributesOf(f: PathFacts): Record<string, unknown> {
  return { mode: f.mode, owner: f.owner, group: f.group, uid: f.uid, gid: f.gid, size: f.size };
}
