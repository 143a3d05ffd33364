// What lineinfile, blockinfile and replace share: the path argument and its
// aliases, reading the file once (symlinks followed, as Ansible edits the
// real file and keeps the link), and writing the computed text once through
// writeFileAtomic, with --diff, check mode and file attributes alike.
import { posix } from 'node:path';
import { z } from 'zod';
import { ModuleError } from '../errors.js';
import { readPath, type PathFacts } from '../facts/file-digest.js';
import { applyAttrs, plannedAttrs, resolvedAttrs } from './edit-attrs.js';
import { attributeArgs, boolArg, validateArg } from './file-args.js';
import type { AttrChanges, Attrs } from './file-attrs.js';
import { shQuote } from './shell-quote.js';
import type { FileDiff, ModuleContext, ModuleResult } from './types.js';
import { writeFileAtomic } from './write-file.js';

/** The arguments every text-editing module takes. */
export const editArgs = {
  path: z.string().min(1).describe('The file to edit; symlinks are followed (aliases: dest, destfile, name).'),
  backup: boolArg('Keep a timestamped copy of the previous file next to it.').default(false),
  validate: validateArg.optional(),
  ...attributeArgs,
};

export interface EditArgs extends Attrs {
  path: string;
  backup: boolean;
  validate?: string;
}

/** Accept Ansible's alias names for arguments (`dest` for `path`...); giving both is an error. */
export function withAliases<T extends z.ZodType>(aliases: Record<string, string>, schema: T) {
  return z.preprocess((raw, ctx) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const out: Record<string, unknown> = { ...raw };
    for (const [alias, name] of Object.entries(aliases)) {
      if (!(alias in out)) continue;
      if (name in out) ctx.addIssue({ code: 'custom', message: `'${alias}' is an alias of '${name}'; give only one of them` });
      else out[name] = out[alias];
      delete out[alias];
    }
    return out;
  }, schema);
}

export interface TextFile {
  /** The file really edited: the path with symlinks resolved. */
  path: string;
  state: PathFacts;
  /** The content ('' when the file does not exist). */
  text: string;
}

const MAX_LINKS = 20;
/** readPath sends the content of files up to this size: any text file. */
const WHOLE_FILE = Number.MAX_SAFE_INTEGER;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Read the file in one round trip (one more per symlink on the way). */
export async function readTextFile(ctx: ModuleContext, path: string): Promise<TextFile> {
  let real = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const state = await readPath(ctx.run, real, { contentUpTo: WHOLE_FILE });
    if (state.type === 'link') {
      real = posix.isAbsolute(state.linkTarget!) ? state.linkTarget! : posix.join(posix.dirname(real), state.linkTarget!);
      continue;
    }
    if (state.type === 'directory') throw new ModuleError(`Path ${path} is a directory !`);
    if (state.exists && state.type !== 'file') throw new ModuleError(`Path ${path} is not a regular file`);
    return { path: real, state, text: decode(state.content, path) };
  }
  throw new ModuleError(`Path ${path}: too many levels of symbolic links`);
}

/** Files are edited as UTF-8 text; anything else is refused rather than corrupted. */
function decode(content: Buffer | undefined, path: string): string {
  try {
    return utf8.decode(content ?? Buffer.alloc(0));
  } catch {
    throw new ModuleError(`${path} is not UTF-8 text; refusing to edit it`);
  }
}

/** Split as Python's readlines(): on \n only, each line keeping it. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export interface Edit {
  /** Whether the content changes (for a missing file: whether it gets created). */
  changed: boolean;
  after: string;
  msg: string;
}

const ATTRS_MSG = 'ownership, perms or SE linux context changed';

function joinMsg(msg: string, attrs: AttrChanges): string {
  if (Object.keys(attrs).length === 0) return msg;
  return msg ? `${msg} and ${ATTRS_MSG}` : ATTRS_MSG;
}

/**
 * The result, and unless in check mode the change: the new text written (one
 * round trip, creating missing parent directories as Ansible does), or when
 * only the attributes differ, those fixed (one round trip).
 */
export async function finishEdit(
  ctx: ModuleContext,
  file: TextFile,
  a: EditArgs,
  edit: Edit,
  extra: Record<string, unknown> = {},
): Promise<ModuleResult> {
  const attrs = file.state.exists || edit.changed ? plannedAttrs(file.state, a) : {};
  const changed = edit.changed || Object.keys(attrs).length > 0;
  const diff: FileDiff = { path: a.path, ...(edit.changed ? { before: file.text, after: edit.after } : {}), attributes: attrs };
  if (!ctx.check && edit.changed) {
    const { mode, owner, group } = resolvedAttrs(file.state, a);
    const o = { mode, owner, group, validate: a.validate, backup: a.backup };
    await writeFileAtomic(createParent(ctx, file), file.path, Buffer.from(edit.after, 'utf8'), o);
  } else if (!ctx.check && changed) {
    await applyAttrs(ctx, file.path, file.state, a, attrs);
  }
  return { changed, msg: joinMsg(edit.msg, attrs), ...extra, ...(ctx.diff && changed ? { diff } : {}) };
}

/** The host runner, with a missing file's directory created first (as Ansible's makedirs). */
function createParent(ctx: ModuleContext, file: TextFile): ModuleContext['run'] {
  if (file.state.exists) return ctx.run;
  return (script, o) => ctx.run(`mkdir -p -- ${shQuote(posix.dirname(file.path))} || exit 1\n${script}`, o);
}

/** The file must exist unless `create`; Ansible's wording and rc. */
export function missing(path: string, what: 'Destination' | 'Path'): ModuleResult {
  return { changed: false, failed: true, rc: 257, msg: `${what} ${path} does not exist !` };
}
