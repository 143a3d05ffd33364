// `copy`: a controller file, a controller directory (recursively), inline
// `content`, or (remote_src) a file already on the host, to `dest`. Compared
// by sha256 on the host; written only through writeFileAtomic (temp file
// 0600 in the destination directory, checked, renamed).
// Round trips: one read, one write; a dest that is a directory is read at the
// same time as the file inside it; a trailing-slash dest or a directory src
// adds one read and one write for the directories, and one read (and write)
// per file of the tree, in parallel.
// Deviations from Ansible: remote_src copies single files only; `checksum`,
// `decrypt`, `local_follow`, `follow`, `unsafe_writes` and SELinux options are
// not supported (refused); `backup_file` is named `DEST.<timestamp>~`.
import { readFileSync, statSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { z } from 'zod';
import { readPath } from '../facts/file-digest.js';
import { copyTree, placeNamed } from './copy-tree.js';
import { localPayload, placeFile, readDest, type Payload, type PlaceOptions } from './copy-write.js';
import { attributeArgs, boolArg, modeArg, validateArg } from './file-args.js';
import { DIFF_LIMIT } from './file-diff.js';
import { defineModule, type ModuleContext, type ModuleResult } from './types.js';

const args = z
  .strictObject({
    src: z.string().min(1).optional().describe('File or directory to copy: on the controller (looked up in files/), or on the host with remote_src. A directory ending in / copies its contents.'),
    content: z
      .union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
      .transform((c) => (typeof c === 'object' ? JSON.stringify(c) : String(c)))
      .optional()
      .describe('The text to write instead of a src file (a mapping or list is written as JSON).'),
    dest: z.string().min(1).describe('Where to copy to; an existing directory (or a path ending in /) receives the file under its own name.'),
    remote_src: boolArg('src is a file on the host, not on the controller.').prefault(false),
    ...attributeArgs,
    mode: modeArg('Permissions of the copy: octal (`0644`, quote it in YAML), symbolic, or `preserve` (those of src).', ['preserve']).optional(),
    directory_mode: modeArg('Permissions of directories a recursive copy creates.').optional(),
    backup: boolArg('Keep the replaced file as DEST.<timestamp>~ (result key backup_file).').prefault(false),
    validate: validateArg.optional(),
    force: boolArg('Replace a destination that differs; false: only create it when absent.').prefault(true),
  })
  .refine((a) => (a.src === undefined) !== (a.content === undefined), { message: 'exactly one of src and content is required' })
  .refine((a) => !(a.remote_src && a.content !== undefined), { message: 'remote_src cannot be used with content' });

type CopyArgs = z.infer<typeof args>;

export default defineModule({
  name: 'copy',
  args,
  async run(a, ctx) {
    if (a.content !== undefined) return copyContent(ctx, a, a.content);
    if (a.remote_src) return copyRemote(ctx, a, a.src!);
    const local = ctx.findFile('files', a.src!);
    if (statSync(local).isDirectory()) {
      return { ...(await copyTree(ctx, local, a.src!.endsWith('/'), a.dest, (m) => placeOptions(a, m), a.directory_mode)), src: a.src };
    }
    const result = await copyOne(ctx, a, localPayload(readFileSync(local)), basename(local), statSync(local).mode);
    return { ...result, src: a.src };
  },
});

function placeOptions(a: CopyArgs, srcMode?: number | string): PlaceOptions {
  const mode = a.mode === 'preserve' ? preserved(srcMode) : a.mode;
  return { mode, owner: a.owner, group: a.group, backup: a.backup, validate: a.validate, force: a.force };
}

function preserved(mode: number | string | undefined): string | undefined {
  if (mode === undefined) return undefined;
  return typeof mode === 'string' ? mode : (mode & 0o7777).toString(8).padStart(4, '0');
}

async function copyContent(ctx: ModuleContext, a: CopyArgs, content: string): Promise<ModuleResult> {
  const now = await readDest(ctx, a.dest);
  if (a.dest.endsWith('/') || now.type === 'directory') return { changed: false, failed: true, msg: 'can not use content with a dir as dest', dest: a.dest };
  return placeFile(ctx, a.dest, now, localPayload(Buffer.from(content)), placeOptions(a));
}

async function copyRemote(ctx: ModuleContext, a: CopyArgs, src: string): Promise<ModuleResult> {
  const facts = await readPath(ctx.run, src, { checksums: ['sha256', 'sha1'], contentUpTo: ctx.diff ? DIFF_LIMIT : undefined });
  if (!facts.exists) return { changed: false, failed: true, msg: `Source ${src} not found`, src };
  if (facts.type !== 'file') return { changed: false, failed: true, msg: `remote_src copies single files; ${src} is a ${facts.type}`, src };
  const payload: Payload = { sha256: facts.checksums.sha256!, sha1: facts.checksums.sha1!, size: facts.size!, bytes: facts.content, remotePath: src };
  return { ...(await copyOne(ctx, a, payload, posix.basename(src), facts.mode)), src };
}

function copyOne(ctx: ModuleContext, a: CopyArgs, payload: Payload, name: string, srcMode: number | string | undefined): Promise<ModuleResult> {
  return placeNamed(ctx, a.dest, name, payload, placeOptions(a, srcMode), { mode: a.directory_mode, owner: a.owner, group: a.group });
}
