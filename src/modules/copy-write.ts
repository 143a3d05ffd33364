// What copy and template share: put one file in place. One read (kind, mode,
// owner, sha256 and, for --diff, the content of a small file), then either
// nothing, a chmod/chown when only attributes differ, or one writeFileAtomic
// that also reports the final attributes and the backup's name.
//
// The write's validate step first checks the temp file's sha256 against what
// was sent: if the connection dies mid-transfer, `cat` on the host sees an
// early end of input and would otherwise rename a truncated file into place.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { readPath, subshell, type PathFacts } from '../facts/file-digest.js';
import { ModuleError } from '../errors.js';
import { attributeChanges, attributeCommands, attributesOf, changedAttrs, finalAttributes, statCommand, type Attrs } from './file-attrs.js';
import { DIFF_LIMIT, contentDiff } from './file-diff.js';
import { wanted } from './file-plan.js';
import { shQuote } from './shell-quote.js';
import type { FileDiff, ModuleContext, ModuleResult } from './types.js';
import { writeFileAtomic, type WriteOptions } from './write-file.js';

export interface PlaceOptions extends Attrs {
  backup: boolean;
  validate?: string;
  /** false: leave an existing destination alone. */
  force: boolean;
}

/** What to write: bytes from the controller, or a file already on the host (remote_src). */
export interface Payload {
  sha256: string;
  sha1: string;
  size: number;
  /** All the bytes (controller), or for a host file its content when small enough to diff. */
  bytes?: Buffer;
  remotePath?: string;
}

export function localPayload(bytes: Buffer): Payload {
  const hash = (a: string) => createHash(a).update(bytes).digest('hex');
  return { sha256: hash('sha256'), sha1: hash('sha1'), size: bytes.length, bytes };
}

/** The destination as it is now, with the content of a small file when a diff will be shown. */
export function readDest(ctx: ModuleContext, dest: string): Promise<PathFacts> {
  return readPath(ctx.run, dest, { checksums: ['sha256'], contentUpTo: ctx.diff ? DIFF_LIMIT : undefined });
}

/**
 * Put `payload` at `dest`, which is now `now` (from readDest). `parentWillExist`:
 * a recursive copy creates the parent first (not yet, in check mode).
 */
export async function placeFile(ctx: ModuleContext, dest: string, now: PathFacts, payload: Payload, o: PlaceOptions, parentWillExist = false): Promise<ModuleResult> {
  const base = { dest, checksum: payload.sha1, size: payload.size, state: 'file' };
  if (now.type === 'directory') return { changed: false, failed: true, msg: `${dest} is a directory`, dest };
  if (!now.parentExists && !parentWillExist) {
    // In check mode an earlier task that would create the directory did not: the outcome cannot be known.
    const msg = `Destination directory ${posix.dirname(dest)} does not exist`;
    return ctx.check ? { changed: false, unknown: true, msg: `${msg} (yet: an earlier task may create it)`, dest } : { changed: false, failed: true, msg, dest };
  }
  if (now.exists && !o.force) return { changed: false, dest, msg: 'file already exists (force=no)' };
  const want = wanted(o, now.exists ? now : undefined, false);
  const sameContent = now.type === 'file' && now.checksums.sha256 === payload.sha256;
  const changes = now.exists ? attributeChanges(now, want) : {};
  if (sameContent && Object.keys(changes).length === 0) return { changed: false, ...base, ...attributesOf(now) };
  const diff = ctx.diff ? { diff: fileDiff(dest, now, payload, sameContent, changes) } : {};
  if (ctx.check) return { changed: true, ...diff, ...base };
  try {
    const written = sameContent ? await setAttributes(ctx, dest, changedAttrs(want, changes)) : await write(ctx, dest, payload, { ...o, ...want }, now.exists);
    return { changed: true, ...diff, ...base, ...written };
  } catch (err) {
    if (err instanceof ModuleError) return { changed: false, failed: true, msg: err.message, ...base };
    throw err;
  }
}

function fileDiff(dest: string, now: PathFacts, payload: Payload, sameContent: boolean, changes: FileDiff['attributes']): FileDiff {
  const content = sameContent
    ? { path: dest }
    : contentDiff(dest, now.exists ? { content: now.content, sha256: now.checksums.sha256 } : undefined, { content: payload.bytes, sha256: payload.sha256 });
  return { ...content, attributes: { ...content.attributes, ...changes } };
}

async function setAttributes(ctx: ModuleContext, dest: string, want: Attrs): Promise<Record<string, unknown>> {
  const res = await ctx.run(['set -e', ...attributeCommands(shQuote(dest), want), statCommand(shQuote(dest))].join('\n'));
  if (res.rc !== 0) throw new ModuleError(res.stderr.trim() || `rc=${res.rc}`);
  return finalAttributes(res.stdout);
}

const BACKUP = 'backup_file:';

/** writeFileAtomic, fed from the controller or from the host file, then the final attributes and backup name. */
async function write(ctx: ModuleContext, dest: string, payload: Payload, o: PlaceOptions, existed: boolean): Promise<Record<string, unknown>> {
  const d = shQuote(dest);
  const from = payload.remotePath === undefined ? '' : ` < ${shQuote(payload.remotePath)}`;
  const backup = o.backup && existed ? `\nprintf '${BACKUP}%s\\n' "$(ls -1t -- ${d}.*~ 2>/dev/null | head -n 1)"` : '';
  let out = '';
  const run = async (script: string, options?: { stdin?: string | Buffer }) => {
    const res = await ctx.run(`${subshell(script, from)}${backup}\n${statCommand(d)}`, options);
    out = res.stdout;
    return res;
  };
  await writeFileAtomic(run, dest, payload.bytes ?? '', writeOptions(payload, o));
  const lines = out.trim().split('\n');
  const backupFile = lines.find((l) => l.startsWith(BACKUP))?.slice(BACKUP.length);
  return { ...finalAttributes(lines.at(-1) ?? ''), ...(backupFile ? { backup_file: backupFile } : {}) };
}

/** writeFileAtomic checks the payload's sha256 before validate, so a cut-short transfer is never installed. */
function writeOptions(payload: Payload, o: PlaceOptions): WriteOptions {
  return { mode: o.mode, owner: o.owner, group: o.group, backup: o.backup, validate: o.validate, sha256: payload.sha256 };
}
