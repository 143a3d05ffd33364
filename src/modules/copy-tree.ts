// Where copy and template put a file when dest names a directory, and `copy`
// of a controller directory: the directories first (one read for the missing
// ones, one write creating them), then every file through placeFile, in
// parallel.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { localPayload, placeFile, readDest, type Payload, type PlaceOptions } from './copy-write.js';
import type { Attrs } from './file-attrs.js';
import { makeDirectory, wanted } from './file-plan.js';
import { shQuote } from './shell-quote.js';
import type { FileDiff, ModuleContext, ModuleResult } from './types.js';

/** Files and directories below `dir`, as relative paths (symlinks followed, as Ansible's local_follow does). */
function walk(dir: string, rel = ''): { dirs: string[]; files: string[] } {
  const out = { dirs: [] as string[], files: [] as string[] };
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, path)).isDirectory()) {
      const below = walk(dir, path);
      out.dirs.push(path, ...below.dirs);
      out.files.push(...below.files);
    } else out.files.push(path);
  }
  return out;
}

/** Create the directories of `dirs` that are missing (with their missing parents), giving new ones `attrs`. */
export async function ensureDirectories(ctx: ModuleContext, dirs: string[], attrs: Attrs): Promise<ModuleResult> {
  const probe = await ctx.run(`for d in ${dirs.map(shQuote).join(' ')}; do [ -d "$d" ] || printf '%s\\n' "$d"; done`);
  if (probe.rc !== 0) return { changed: false, failed: true, msg: probe.stderr.trim() || `rc=${probe.rc}` };
  const missing = probe.stdout.split('\n').filter(Boolean);
  const diff: FileDiff[] = missing.map((path) => ({ path, attributes: { state: ['absent', 'directory'] } }));
  if (missing.length === 0 || ctx.check) return { changed: missing.length > 0, diff };
  const want = wanted(attrs, undefined, true);
  const res = await ctx.run(['set -e', ...missing.map((d) => makeDirectory(d, want))].join('\n'));
  if (res.rc !== 0) return { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` };
  return { changed: true, diff };
}

/** `contentsOnly` (src ends with /): the directory's contents go into dest, else the directory itself does. */
export async function copyTree(
  ctx: ModuleContext,
  dir: string,
  contentsOnly: boolean,
  dest: string,
  options: (srcMode: number) => PlaceOptions,
  directoryMode: string | undefined,
): Promise<ModuleResult> {
  const base = contentsOnly ? dest : posix.join(dest, basename(dir));
  const tree = walk(dir);
  const some = options(0);
  const made = await ensureDirectories(ctx, [base, ...tree.dirs.map((d) => posix.join(base, d))], {
    mode: directoryMode,
    owner: some.owner,
    group: some.group,
  });
  if (made.failed) return { ...made, dest: base };
  const results = await Promise.all(
    tree.files.map(async (rel) => {
      const path = posix.join(base, rel);
      const local = join(dir, rel);
      return placeFile(ctx, path, await readDest(ctx, path), localPayload(readFileSync(local)), options(statSync(local).mode), true);
    }),
  );
  const failed = results.find((r) => r.failed);
  return {
    changed: made.changed || results.some((r) => r.changed),
    ...(failed ? { failed: true, msg: failed.msg } : {}),
    ...diffOf(ctx, [made, ...results]),
    dest: base,
  };
}

/** The diffs of several steps as one result key (only in --diff mode). */
export function diffOf(ctx: ModuleContext, results: ModuleResult[]): { diff?: FileDiff[] } {
  const diff = results.flatMap((r) => (r.diff === undefined ? [] : Array.isArray(r.diff) ? r.diff : [r.diff]));
  return ctx.diff && diff.length ? { diff } : {};
}

/**
 * Put a file named `name` at `dest`: a dest ending in / is a directory to
 * create if missing (with `dirAttrs`); an existing directory receives the file
 * as dest/NAME (read at the same time as dest itself); otherwise dest is the file.
 */
export async function placeNamed(ctx: ModuleContext, dest: string, name: string, payload: Payload, o: PlaceOptions, dirAttrs: Attrs): Promise<ModuleResult> {
  const inside = posix.join(dest, name);
  if (dest.endsWith('/')) {
    const made = await ensureDirectories(ctx, [dest], dirAttrs);
    if (made.failed) return made;
    const result = await placeFile(ctx, inside, await readDest(ctx, inside), payload, o, true);
    return { ...result, changed: result.changed || made.changed, ...diffOf(ctx, [made, result]) };
  }
  const [now, within] = await Promise.all([readDest(ctx, dest), readDest(ctx, inside)]);
  return now.type === 'directory' ? placeFile(ctx, inside, within, payload, o) : placeFile(ctx, dest, now, payload, o);
}
