// `fetch`: a host file to the controller, at dest/<inventory_hostname>/<src>
// (or dest itself with flat). One round trip: the controller's checksum goes
// to the host, which sends the content back only when it differs. The
// controller writes a 0600 temp file next to dest and renames it into place;
// the final file keeps an existing file's mode, or gets 0666 less the
// controller's umask (as Ansible's plain open() does).
// Deviations from Ansible: check mode reports whether the file would change
// (Ansible skips fetch in check mode); --diff shows the content change.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { boolArg } from './file-args.js';
import { DIFF_LIMIT, contentDiff } from './file-diff.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type ModuleContext } from './types.js';

const args = z.strictObject({
  src: z.string().min(1).describe('The file on the host to fetch (not a directory).'),
  dest: z.string().min(1).describe('Directory on the controller that receives <inventory_hostname>/<src>; with flat, the file itself (or a directory ending in /).'),
  flat: boolArg('Store at dest itself instead of dest/<inventory_hostname>/<src>.').prefault(false),
  fail_on_missing: boolArg('Fail when src is missing or unreadable (false: report it and go on).').prefault(true),
  validate_checksum: boolArg('Check the received bytes against the checksum computed on the host.').prefault(true),
});

type FetchArgs = z.infer<typeof args>;

const sha = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

/** Where the file goes on the controller, or why it cannot go anywhere. */
function localDest(a: FetchArgs, ctx: ModuleContext): string | { msg: string } {
  const home = a.dest.replace(/^~(?=\/|$)/, homedir());
  // A relative dest is relative to the playbook, as in Ansible.
  const dest = isAbsolute(home) ? home : resolve(String(ctx.vars.playbook_dir ?? '.'), home);
  if (!a.flat) return join(dest, ctx.hostname, a.src);
  if (a.dest.endsWith('/')) return join(dest, basename(a.src));
  if (existsSync(dest) && statSync(dest).isDirectory()) {
    return { msg: 'dest is an existing directory, use a trailing slash if you want to fetch src into that directory' };
  }
  return dest;
}

const PROBLEMS: Record<string, string> = {
  missing: 'the remote file does not exist',
  directory: 'remote file is a directory, fetch cannot work on directories',
  unreadable: 'no read permission on remote file',
};

/** Prints a problem word, or `sum <sha1>` then (when it differs from `localSum` and `send`) `data:` and the base64 content. */
function script(src: string, localSum: string, send: 'always' | 'small' | 'never'): string {
  const p = shQuote(src);
  const small = send === 'small' ? ` && [ "$(stat -c %s ${p})" -le ${DIFF_LIMIT} ]` : '';
  return [
    `[ -e ${p} ] || { echo missing; exit 0; }`,
    `[ -d ${p} ] && { echo directory; exit 0; }`,
    `[ -r ${p} ] || { echo unreadable; exit 0; }`,
    `sum=$(sha1sum < ${p} | cut -d' ' -f1)`,
    `echo "sum $sum"`,
    send === 'never' ? '' : `if [ "$sum" != ${shQuote(localSum)} ]${small}; then printf data:; base64 -w0 < ${p}; fi`,
  ].join('\n');
}

export default defineModule({
  name: 'fetch',
  args,
  async run(a, ctx) {
    const dest = localDest(a, ctx);
    if (typeof dest !== 'string') return { changed: false, failed: true, msg: dest.msg, file: a.src };
    const local = existsSync(dest) && statSync(dest).isFile() ? readFileSync(dest) : undefined;
    const localSum = local ? sha('sha1', local) : '';
    const res = await ctx.run(script(a.src, localSum, !ctx.check ? 'always' : ctx.diff ? 'small' : 'never'));
    if (res.rc !== 0) return { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}`, file: a.src };
    const [head = '', content] = res.stdout.split('\n');
    const problem = PROBLEMS[head];
    if (problem) return a.fail_on_missing ? { changed: false, failed: true, msg: problem, file: a.src } : { changed: false, msg: `${problem}, not transferring, ignored`, file: a.src };
    const remoteSum = head.slice('sum '.length);
    const base = { dest, file: a.src, remote_checksum: remoteSum, remote_md5sum: null };
    if (remoteSum === localSum) return { changed: false, ...base, checksum: localSum, md5sum: sha('md5', local!) };
    const bytes = content?.startsWith('data:') ? Buffer.from(content.slice('data:'.length), 'base64') : undefined;
    if (bytes && a.validate_checksum && sha('sha1', bytes) !== remoteSum) {
      return { changed: false, failed: true, msg: `checksum mismatch: the host's file is ${remoteSum}, ${sha('sha1', bytes)} arrived`, ...base };
    }
    const diff = ctx.diff ? { diff: contentDiff(dest, local && { content: local.length <= DIFF_LIMIT ? local : undefined, sha1: localSum }, { content: bytes, sha1: remoteSum }) } : {};
    if (ctx.check || !bytes) return { changed: true, ...diff, ...base, checksum: remoteSum };
    const failure = writeAtomically(dest, bytes, local !== undefined);
    if (failure) return { changed: false, failed: true, msg: failure, ...base };
    return { changed: true, ...diff, ...base, checksum: remoteSum, md5sum: sha('md5', bytes) };
  },
});

/**
 * A 0600 temp file beside dest, renamed over it: dest is never half written,
 * nor readable by others meanwhile. Returns why it failed, if it did.
 */
function writeAtomically(dest: string, bytes: Buffer, existed: boolean): string | undefined {
  const tmp = join(dirname(dest), `.mosip-play.${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(dirname(dest), { recursive: true });
    const mode = existed ? statSync(dest).mode & 0o7777 : 0o666 & ~process.umask();
    writeFileSync(tmp, bytes, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, mode);
    renameSync(tmp, dest);
    return undefined;
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    return `cannot write ${dest} on the controller: ${(err as Error).message}`;
  }
}
