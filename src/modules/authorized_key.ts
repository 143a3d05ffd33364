// `authorized_key` (ansible.posix.authorized_key): SSH public keys in a
// user's authorized_keys. Keys are matched by their blob; a key whose type,
// options or comment differ is replaced. With manage_dir, ~/.ssh is made 0700
// and owned by the user; the file is always written 0600, owned by the user.
//
// Deviations: keys from a URL are not fetched (give the key text, e.g. from
// a file lookup); lines that do not change are kept byte for byte and a
// replaced key stays where it was (Ansible rewrites every line and moves a
// replaced key to the end); a key without comment gets no trailing space.
import { z } from 'zod';
import { parsePasswd, passwdProbe } from '../facts/accounts.js';
import { probeAll } from '../facts/probe.js';
import { boolArg } from './file-args.js';
import { parentDir, parentDirsStep, runSteps, step, writeStep } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { editKeys, parseKey, parseOptions, type SshKey } from './ssh-key-lines.js';
import { defineModule, type FileDiff } from './types.js';

const args = z
  .strictObject({
    user: z.string().min(1).describe('Whose authorized_keys; the file and ~/.ssh are owned by this user.'),
    key: z.string().describe('One or several public key lines (blank and # lines are skipped).'),
    path: z.string().optional().describe('The file (default: ~USER/.ssh/authorized_keys).'),
    manage_dir: boolArg('Create the file\'s directory 0700 owned by the user, and keep it so.').default(true),
    state: z.enum(['present', 'absent']).default('present').describe('Whether the keys should be in the file.'),
    key_options: z.string().optional().describe('Options for every key (e.g. no-port-forwarding,from="10.0.0.0/8"), replacing the key\'s own.'),
    exclusive: boolArg('Remove every other line of the file.').default(false),
    comment: z.string().optional().describe('A comment for every key, replacing the key\'s own.'),
    follow: boolArg('Write through a symlinked file instead of replacing the link.').default(false),
  })
  .refine((a) => !/^https?:/.test(a.key), { message: 'key: URLs are not fetched; give the key text (e.g. from a file lookup)' });

type Args = z.output<typeof args>;

/** The keys the task names, with key_options and comment applied; a line that is not a key is an error. */
function wantedKeys(a: Args): SshKey[] | string {
  const keys: SshKey[] = [];
  for (const line of a.key.split(/\r?\n/).filter((s) => s && !s.startsWith('#'))) {
    const k = parseKey(line);
    if (!k) return `invalid key specified: ${line}`;
    if (a.key_options !== undefined) k.options = parseOptions(a.key_options);
    if (a.comment !== undefined) k.comment = a.comment;
    keys.push(k);
  }
  return keys;
}

/** The file: the given path, or ~/.ssh/authorized_keys of the user, computed on the host. */
function fileExpr(a: Args): string {
  return a.path ? shQuote(a.path) : `"$(getent passwd ${shQuote(a.user)} | cut -d: -f6)/.ssh/authorized_keys"`;
}

/** The file's directory: created if missing; with manage_dir, 0700 and owned by the user (as Ansible does on every write). */
function dirSteps(a: Args, path: string, uid: number, gid: number): string[] {
  if (!a.manage_dir) return [parentDirsStep([path])];
  const d = shQuote(parentDir(path));
  return [step(`creating ${parentDir(path)}`, `[ -d ${d} ] || mkdir -m 0700 ${d}; chown ${uid}:${gid} ${d} && chmod 0700 ${d}`)];
}

export default defineModule({
  name: 'authorized_key',
  args,
  async run(a, ctx) {
    const wanted = wantedKeys(a);
    if (typeof wanted === 'string') return { changed: false, failed: true, msg: wanted };
    const f = fileExpr(a);
    const host = await probeAll(ctx.run, {
      passwd: passwdProbe(a.user),
      file: `f=${f}; [ -f "$f" ] && cat "$f"`,
      real: `f=${f}; readlink -f "$f" || printf '%s\\n' "$f"`,
      dir: `f=${f}; [ -d "$(dirname "$f")" ]`,
    });
    const u = host.passwd.rc === 0 ? parsePasswd(host.passwd.out) : undefined;
    if (!u && !(ctx.check && a.path)) {
      const why = ctx.check ? 'Either user must exist or you must provide full path to key file in check mode' : `Failed to lookup user ${a.user}`;
      return { changed: false, failed: true, msg: why };
    }
    const keyfile = a.path ?? `${u!.home}/.ssh/authorized_keys`;
    const path = a.follow ? host.real.out.trim() || keyfile : keyfile;
    const before = host.file.rc === 0 ? host.file.out : '';
    const edit = editKeys(before === '' ? [] : before.replace(/\n$/, '').split('\n'), wanted, a.state, a.exclusive);
    const result = {
      changed: edit.changed,
      user: a.user,
      key: a.key,
      key_options: a.key_options ?? null,
      keyfile,
      path: a.path ?? null,
      manage_dir: a.manage_dir,
      state: a.state,
      exclusive: a.exclusive,
      follow: a.follow,
      comment: a.comment ?? null,
    };
    if (!edit.changed) return result;
    const after = edit.lines.length ? `${edit.lines.join('\n')}\n` : '';
    const diff: FileDiff[] = [{ path, before, after }];
    if (host.dir.rc !== 0) diff.unshift({ path: parentDir(path), attributes: { state: ['absent', 'directory'] } });
    if (ctx.check) return { ...result, diff };

    const steps = [...dirSteps(a, path, u!.uid, u!.gid), writeStep(path, after, { mode: '0600', owner: String(u!.uid), group: String(u!.gid) })];
    const { failure } = await runSteps(ctx, steps);
    return failure ? { ...result, ...failure } : { ...result, diff };
  },
});
