// `unarchive`: unpack a tar (plain, gzip, xz, bzip2, zstd) or zip archive
// into an existing directory on the host. The archive is a controller file
// (found like `copy: src=`, sent over stdin) or, with remote_src, a file on
// the host. One round trip compares, extracts when needed and fixes
// mode/owner/group of every member; `creates` costs one more, and skips the
// upload when the path exists.
//
// Idempotence, without `creates`: like Ansible, tar archives are compared
// with `tar --diff` against dest; a member that is missing or whose mod time,
// size, content, type, link target, mode (unless `mode` is given) or, as
// root, uid/gid (unless owner/group are given) differs means "extract".
// Zip members are compared by content (`unzip -p | cmp`) and existence.
//
// Deviations from Ansible:
// - The compression is recognised by its magic bytes; a missing tool (xz,
//   bzip2, zstd, unzip) or a non-GNU tar is a clear error before anything is
//   touched. Zip needs `unzip` on the host, nothing else.
// - src URLs are not supported (download with get_url first); no
//   include/exclude/keep_newer/decrypt/io_buffer_size/validate_certs.
// - mode/owner/group apply to every member as in Ansible, symlinks get only
//   owner/group (their target keeps its mode).
// - Zip idempotence ignores modes and mtimes, and assumes extra_opts do not
//   rename members (e.g. `-j`); member names are unzip patterns there, so a
//   name with `[`, `*` or `?` may compare wrongly.
// - Result keys: dest, src, handler, files (with list_files); no
//   extract_results. The whole archive is read into memory on the controller.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { z } from 'zod';
import { fixAttrsFunction, hasAttrs, parseAttrLines } from './edit-attrs.js';
import type { Attrs } from './file-attrs.js';
import { attributeArgs, boolArg } from './file-args.js';
import { step } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type FileDiff, type ModuleContext } from './types.js';

const args = z
  .strictObject({
    src: z.string().min(1).describe('The archive: a controller file (looked up like copy src), or a path on the host with remote_src.'),
    dest: z.string().min(1).describe('Existing directory on the host to unpack into.'),
    remote_src: boolArg('src is already on the host.').default(false),
    creates: z.string().optional().describe('Skip the task (without uploading anything) when this path exists on the host.'),
    extra_opts: z.array(z.string()).default([]).describe('More options for tar or unzip, e.g. ["--strip-components=1"].'),
    list_files: boolArg('Return the archive members as `files`.').default(false),
    ...attributeArgs,
  })
  .refine((a) => !a.src.includes('://'), { message: 'src URLs are not supported; download the archive with get_url first' });

type Args = z.output<typeof args>;

/** tar --diff reasons that mean "extract", as Ansible reads them (plus content, type and link changes). */
function relevantDiffs(a: Attrs): string {
  const reasons = ['Warning: Cannot stat: No such file or directory', 'Mod time differs', 'Size differs', 'Contents differ', 'File type differs'];
  reasons.push('Symlink differs', 'Not linked to', 'Invalid owner', 'Invalid group');
  if (a.mode === undefined) reasons.push('Mode differs');
  return reasons.map((r) => `: ${r}`).join('|');
}

/** Everything that only depends on the archive's kind: the tool, its helper, Ansible's handler name. */
const DETECT = `magic=$(od -An -tx1 -N6 "$a" | tr -d ' \\n')
case $magic in
  504b0304*|504b0506*) kind=zip; need=; handler=ZipArchive;;
  1f8b*) kind=tar; need=gzip; handler=TgzArchive;;
  fd377a585a00*) kind=tar; need=xz; handler=TarXzArchive;;
  425a68*) kind=tar; need=bzip2; handler=TarBzipArchive;;
  28b52ffd*) kind=tar; need=zstd; handler=TarZstdArchive;;
  *) kind=tar; need=; handler=TarArchive;;
esac
tool=tar; [ $kind = tar ] || tool=unzip
for t in $tool $need; do
  command -v "$t" >/dev/null 2>&1 || { printf "%s is a %s archive, but '%s' is not installed on the host\\n" "$shown" "$handler" "$t" >&2; exit 1; }
done
[ $kind = zip ] || tar --version 2>/dev/null | grep -q 'GNU tar' || { echo 'unarchive needs GNU tar on the host' >&2; exit 1; }
echo "handler=$handler"`;

function compareScript(a: Args, opts: string): string {
  const uidGid = [a.owner === undefined ? ': Uid differs' : '', a.group === undefined ? ': Gid differs' : ''].filter(Boolean).join('|');
  return [
    `re=${shQuote(relevantDiffs(a))}`,
    uidGid ? `[ "$(id -u)" = 0 ] && re="$re|"${shQuote(uidGid)}` : '',
    'if [ $kind = tar ]; then',
    `  out=$(tar --show-transformed-names -d -C "$dest" -f "$a" ${opts} 2>&1); r=$?`,
    `  [ $r -le 1 ] || { printf 'comparing with %s failed: %s\\n' "$dest" "$out" >&2; exit 1; }`,
    `  diffs=$(printf '%s\\n' "$out" | grep -E "$re" | grep -v ': : Warning')`,
    'else',
    '  diffs=$(while IFS= read -r f; do',
    '    if [ ! -e "$dest/$f" ]; then echo "$f: Warning: Cannot stat: No such file or directory"',
    `    else case $f in */) ;; *) unzip -p "$a" "$f" | cmp -s - "$dest/$f" || echo "$f: Contents differ";; esac; fi`,
    '  done < "$l")',
    'fi',
    `[ -z "$diffs" ] || printf '%s\\n' "$diffs" | while IFS= read -r d; do printf 'diff\\t%s\\n' "\${d#tar: }"; done`,
  ].join('\n');
}

function script(a: Args, check: boolean, upload: boolean): string {
  const opts = a.extra_opts.map(shQuote).join(' ');
  const lines = [
    'LC_ALL=C; export LC_ALL',
    `dest=${shQuote(a.dest)}; shown=${shQuote(a.src)}`,
    `[ -d "$dest" ] || { printf "dest '%s' must be an existing dir\\n" "$dest" >&2; exit 1; }`,
    'l=$(mktemp) || exit 1',
    upload ? 'a=$(mktemp) || exit 1' : `a=${shQuote(a.src)}`,
    upload ? `trap 'rm -f "$l" "$a"' EXIT; cat > "$a" || exit 1` : `trap 'rm -f "$l"' EXIT`,
    upload ? '' : `[ -f "$a" ] || { printf "Source '%s' does not exist\\n" "$a" >&2; exit 1; }`,
    DETECT,
    'if [ $kind = tar ]; then',
    step('listing the archive', `tar --show-transformed-names -t -f "$a" ${opts} > "$l"`),
    'else',
    step('listing the archive', 'unzip -Z1 "$a" > "$l"'),
    'fi',
    compareScript(a, opts),
  ];
  if (a.list_files) lines.push(`while IFS= read -r f; do printf 'file\\t%s\\n' "$f"; done < "$l"`);
  if (!check) {
    lines.push(
      'if [ -n "$diffs" ]; then',
      'if [ $kind = tar ]; then',
      step('extracting', `tar -x -C "$dest" -f "$a" ${opts}`),
      'else',
      step('extracting', `unzip -o -q ${opts} "$a" -d "$dest"`),
      'fi',
      'fi',
    );
  }
  if (hasAttrs(a)) {
    lines.push(
      fixAttrsFunction(a, check),
      'while IFS= read -r f; do f=${f%/}; [ -n "$f" ] || continue',
      '  { [ -e "$dest/$f" ] || [ -L "$dest/$f" ]; } && { fix_attrs "$dest/$f" || exit 1; }',
      'done < "$l"',
    );
  }
  return lines.join('\n');
}

const DIFF_LINE = /^(.*?): (Warning: Cannot stat: No such file or directory|[A-Z][a-z]+(?: [a-z]+)* differs?|Not linked to .*|Invalid (?:owner|group))$/;

/** One FileDiff per path that changes: why it gets extracted, and its attributes. */
function diffs(dest: string, stdout: string): FileDiff[] {
  const byPath = new Map<string, FileDiff>();
  const entry = (path: string): FileDiff => byPath.get(path) ?? byPath.set(path, { path, attributes: {} }).get(path)!;
  for (const line of stdout.split('\n')) {
    const m = line.startsWith('diff\t') ? DIFF_LINE.exec(line.slice(5)) : null;
    if (!m) continue;
    const attrs = entry(posix.join(dest, m[1]!)).attributes!;
    const why = m[2]!.startsWith('Warning') ? 'absent' : m[2]!.toLowerCase();
    const before = attrs.state?.[0];
    attrs.state = [before && before !== why ? `${before}, ${why}` : why, 'extracted'];
  }
  for (const [path, changes] of parseAttrLines(stdout)) Object.assign(entry(path).attributes!, changes);
  return [...byPath.values()];
}

async function unpack(a: Args, ctx: ModuleContext) {
  const upload = a.remote_src ? undefined : readFileSync(ctx.findFile('files', a.src));
  const res = await ctx.run(script(a, ctx.check, upload !== undefined), upload && { stdin: upload });
  const base = { dest: a.dest, src: a.src };
  if (res.rc !== 0) return { ...base, changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` };
  const changes = diffs(a.dest, res.stdout);
  const files = res.stdout.split('\n').filter((l) => l.startsWith('file\t')).map((l) => l.slice(5));
  return {
    ...base,
    changed: changes.length > 0,
    handler: /^handler=(\w+)$/m.exec(res.stdout)?.[1],
    ...(a.list_files ? { files } : {}),
    ...(ctx.diff && changes.length > 0 ? { diff: changes } : {}),
  };
}

export default defineModule({
  name: 'unarchive',
  args,
  async run(a, ctx) {
    if (a.creates !== undefined && (await ctx.run(`[ -e ${shQuote(a.creates)} ]`)).rc === 0) {
      return { changed: false, skipped: true, msg: `skipped, since ${a.creates} exists` };
    }
    return unpack(a, ctx);
  },
});
