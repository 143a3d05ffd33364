// `stat`: facts about one path, in one round trip, never changed. The result
// has Ansible's keys (exists, isdir, isreg, islnk, mode, uid, gid, pw_name,
// gr_name, size, mtime, lnk_target, checksum, ...).
// Deviations from Ansible: get_mime and get_attributes are accepted but
// mimetype, charset and attributes are not reported (no `file`/`lsattr`
// assumed on the host); `version` and the SELinux keys are missing.
import { z } from 'zod';
import type { Algorithm } from '../facts/file-digest.js';
import { boolArg } from './file-args.js';
import { shQuote } from './shell-quote.js';
import { defineModule } from './types.js';

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const satisfies readonly Algorithm[];
const algorithm = () => z.enum(ALGORITHMS).optional().describe('Alias of checksum_algorithm.');

const args = z
  .strictObject({
    path: z.string().min(1).optional().describe('The path to look at (aliases: dest, name).'),
    dest: z.string().min(1).optional().describe('Alias of path.'),
    name: z.string().min(1).optional().describe('Alias of path.'),
    follow: boolArg('Report on what a symlink points to instead of the link.').prefault(false),
    get_checksum: boolArg('Compute the checksum of a regular file.').prefault(true),
    checksum_algorithm: z.enum(ALGORITHMS).optional().describe('Algorithm of `checksum` (default sha1); aliases checksum, checksum_algo.'),
    checksum: algorithm(),
    checksum_algo: algorithm(),
    get_mime: boolArg('Accepted for compatibility; the MIME type is not reported.').optional(),
    get_attributes: boolArg('Accepted for compatibility; file attributes are not reported.').optional(),
  })
  .refine((a) => [a.path, a.dest, a.name].filter((p) => p !== undefined).length === 1, {
    message: 'exactly one of path, dest or name is required',
  })
  .transform((a) => ({
    path: (a.path ?? a.dest ?? a.name)!,
    follow: a.follow,
    algorithm: a.get_checksum ? (a.checksum_algorithm ?? a.checksum ?? a.checksum_algo ?? 'sha1') : undefined,
  }));

function script(path: string, follow: boolean, algorithm: Algorithm | undefined): string {
  const p = shQuote(path);
  const L = follow ? ' -L' : '';
  return [
    follow ? `[ -e ${p} ] || { echo absent; exit 0; }` : `if [ ! -e ${p} ] && [ ! -L ${p} ]; then echo absent; exit 0; fi`,
    `stat${L} -c '%f %a %u %g %s %.9Y %.9X %.9Z %i %d %h' -- ${p}`,
    `stat${L} -c '%U' -- ${p}`,
    `stat${L} -c '%G' -- ${p}`,
    `printf '%s\\n' "$( [ -L ${p} ] && readlink -- ${p})" "$(readlink -f -- ${p})"`,
    `printf '%s%s%s\\n' "$([ -r ${p} ] && echo r)" "$([ -w ${p} ] && echo w)" "$([ -x ${p} ] && echo x)"`,
    algorithm ? `[ -f ${p} ] && [ -r ${p} ]${follow ? '' : ` && [ ! -L ${p} ]`} && ${algorithm}sum < ${p} | cut -d' ' -f1` : '',
    'exit 0',
  ].join('\n');
}

const TYPES = { isdir: 0o040000, ischr: 0o020000, isblk: 0o060000, isreg: 0o100000, isfifo: 0o010000, islnk: 0o120000, issock: 0o140000 };
const PERMS = { rusr: 0o400, wusr: 0o200, xusr: 0o100, rgrp: 0o040, wgrp: 0o020, xgrp: 0o010, roth: 0o004, woth: 0o002, xoth: 0o001, isuid: 0o4000, isgid: 0o2000 };

function parse(path: string, out: string): Record<string, unknown> {
  const [head = '', pwName, grName, target = '', source = '', access = '', checksum] = out.split('\n');
  if (head === 'absent') return { exists: false };
  const [raw, mode, uid, gid, size, mtime, atime, ctime, inode, dev, nlink] = head.split(' ');
  const bits = parseInt(raw!, 16);
  const stat: Record<string, unknown> = { exists: true, path, mode: mode!.padStart(4, '0') };
  for (const [key, type] of Object.entries(TYPES)) stat[key] = (bits & 0o170000) === type;
  for (const [key, bit] of Object.entries(PERMS)) stat[key] = (bits & bit) !== 0;
  Object.assign(stat, {
    uid: Number(uid), gid: Number(gid), pw_name: pwName, gr_name: grName, size: Number(size),
    mtime: Number(mtime), atime: Number(atime), ctime: Number(ctime), inode: Number(inode), dev: Number(dev), nlink: Number(nlink),
    readable: access.includes('r'), writeable: access.includes('w'), executable: access.includes('x'),
  });
  if (stat.islnk) Object.assign(stat, { lnk_target: target, lnk_source: source });
  if (checksum) stat.checksum = checksum;
  return stat;
}

export default defineModule({
  name: 'stat',
  args,
  async run(a, ctx) {
    const res = await ctx.run(script(a.path, a.follow, a.algorithm));
    if (res.rc !== 0) return { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` };
    return { changed: false, stat: parse(a.path, res.stdout) };
  },
});
