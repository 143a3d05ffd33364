// `get_url`: download a file ON THE HOST with the host's curl (preferred) or
// wget. Idempotent as Ansible: when dest exists and its checksum matches
// `checksum` (or there is no checksum and not `force`) nothing is downloaded;
// only mode/owner/group are fixed. Otherwise the download lands in a 0600
// temp file in dest's directory, is checked against `checksum`, and goes
// through the atomic write procedure (write-file.ts) only when its content
// differs from dest. A failed download or a checksum mismatch leaves dest as
// it was. One read round trip (two when dest is a directory), one download.
//
// Deviations from Ansible:
// - When dest is a directory the file name is the last path segment of the
//   URL (no Content-Disposition), and the usual rules then apply to that file
//   (Ansible always downloads in that case).
// - Check mode never contacts the server (Ansible sends a HEAD request): it
//   reports a change when the file is missing, forced or has the wrong checksum.
// - `checksum` takes `<algorithm>:<hex>` only (md5, sha1, sha224, sha256,
//   sha384, sha512), not a URL of a checksum file.
// - With curl, the URL and headers travel on stdin (`curl -K -`), so
//   credentials never show in the host's process list; with wget they are
//   arguments. `timeout` is the connect timeout and the longest stall.
// - Not supported: url_username/url_password, backup, tmp_dest, use_proxy,
//   client certificates, `validate`. Result keys: url, dest, msg,
//   status_code, checksum_src (sha1), size, elapsed.
import { posix } from 'node:path';
import { z } from 'zod';
import { readPath, type Algorithm, type PathFacts } from '../facts/file-digest.js';
import { applyAttrs, attrsScript, plannedAttrs, resolvedAttrs } from './edit-attrs.js';
import { attributeArgs, boolArg } from './file-args.js';
import type { AttrChanges } from './file-attrs.js';
import { step } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type FileDiff, type ModuleContext, type ModuleResult } from './types.js';
import { writeScript } from './write-file.js';

const HEX_LENGTH: Record<Algorithm, number> = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 };

const args = z
  .strictObject({
    url: z.string().regex(/^(?:https?|ftp):\/\//, 'url must start with http://, https:// or ftp://').describe('What to download (http, https or ftp).'),
    dest: z.string().min(1).describe('File to write on the host; if it is a directory, the last segment of the URL names the file in it.'),
    checksum: z
      .string()
      .transform((c) => c.replace(/\s+/g, '').toLowerCase())
      .refine((c) => {
        const [algo, hex = ''] = c.split(':');
        return algo! in HEX_LENGTH && new RegExp(`^[0-9a-f]{${HEX_LENGTH[algo as Algorithm]}}$`).test(hex);
      }, 'checksum must be <algorithm>:<hex digest>, algorithm one of md5, sha1, sha224, sha256, sha384, sha512')
      .optional()
      .describe('`sha256:<hex>` (or md5/sha1/sha224/sha384/sha512): the download must match it, and a dest that matches is not downloaded again.'),
    force: boolArg('Download even when dest exists (it is replaced only if the content differs).').default(false),
    timeout: z.coerce.number().int().positive().default(10).describe('Seconds to wait for the connection, and for data while downloading.'),
    headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({}).describe('HTTP request headers, as a mapping.'),
    validate_certs: boolArg('Verify the server certificate for https.').default(true),
    ...attributeArgs,
  })
  .refine((a) => Object.entries(a.headers).every(([k, v]) => !/[\r\n:]/.test(k) && !/[\r\n]/.test(v)), {
    message: 'headers: names cannot contain colons or newlines, values cannot contain newlines',
  });

type Args = z.output<typeof args>;

/** The last segment of the URL's path (Ansible's url_filename), 'index.html' when there is none. */
function urlFilename(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '') || 'index.html';
}

interface Target {
  path: string;
  state: PathFacts;
  /** The hex digest the download must have. */
  want?: string;
}

/** Where the file goes and what is there (with the checksum of the existing file). */
async function readTarget(ctx: ModuleContext, a: Args): Promise<Target> {
  const [algo, want] = (a.checksum?.split(':') ?? []) as [Algorithm?, string?];
  const o = { checksums: algo ? [algo] : [] };
  const state = await readPath(ctx.run, a.dest, o);
  if (state.type !== 'directory') return { path: a.dest, state, want };
  const path = posix.join(a.dest, urlFilename(a.url));
  return { path, state: await readPath(ctx.run, path, o), want };
}

/** curl reads its URL and headers from stdin (curl -K -): a config file, strings in double quotes. */
function curlConfig(a: Args): string {
  const q = (s: string): string => `"${s.replace(/[\\"]/g, '\\$&')}"`;
  return [`url = ${q(a.url)}`, ...Object.entries(a.headers).map(([k, v]) => `header = ${q(`${k}: ${v}`)}`)].join('\n') + '\n';
}

/** Into "$dl": sets $r (the tool's exit code), $status (the last HTTP status) and $msg (the failure, for the user). */
function fetchScript(a: Args): string {
  const curl = [
    `out=$(curl -sS -L --fail -K - -o "$dl" -w '\\n%{http_code}' --connect-timeout ${a.timeout} -y ${a.timeout} -Y 1${a.validate_certs ? '' : ' -k'} 2>&1); r=$?`,
    `status=$(printf '%s\\n' "$out" | tail -n 1); msg=$(printf '%s\\n' "$out" | sed '$d')`,
  ];
  const headers = Object.entries(a.headers).map(([k, v]) => ` --header=${shQuote(`${k}: ${v}`)}`).join('');
  const wget = [
    `out=$(wget -q -S -O "$dl" -T ${a.timeout}${a.validate_certs ? '' : ' --no-check-certificate'}${headers} -- ${shQuote(a.url)} 2>&1 < /dev/null); r=$?`,
    `line=$(printf '%s\\n' "$out" | grep -E '^ *HTTP/[0-9.]+ [0-9]+' | tail -n 1)`,
    `status=$(printf '%s\\n' "$line" | awk '{print $2}'); msg="wget exit $r\${line:+, }$(printf '%s' "$line" | sed 's/^ *//')"`,
  ];
  return [
    'if command -v curl >/dev/null 2>&1; then',
    ...curl,
    'elif command -v wget >/dev/null 2>&1; then',
    ...wget,
    `else echo 'get_url needs curl or wget on the host; neither is installed' >&2; exit 1; fi`,
  ].join('\n');
}

/** One round trip: download next to dest, verify, write only if it differs (else just fix the attributes). */
function downloadScript(a: Args, t: Target, attrs: AttrChanges): string {
  const p = shQuote(t.path);
  const algo = a.checksum?.split(':')[0];
  return [
    'LC_ALL=C; export LC_ALL',
    `dir=$(dirname -- ${p}); [ -d "$dir" ] || { printf 'Destination directory %s does not exist\\n' "$dir" >&2; exit 1; }`,
    `umask 077; dl=$(mktemp "$dir/.mosip-play-get_url.XXXXXXXX") || exit 1; trap 'rm -f "$dl"' EXIT`,
    fetchScript(a),
    `[ $r -eq 0 ] || { printf 'Request failed: %s\\n' "$msg" >&2; exit 1; }`,
    `printf 'status\\t%s\\n' "$status"`,
    algo
      ? `got=$(${algo}sum < "$dl" | cut -d' ' -f1); [ "$got" = ${t.want} ] || { printf 'The checksum for %s did not match %s; it was %s.\\n' ${p} ${t.want} "$got" >&2; exit 1; }`
      : '',
    `printf 'checksum_src\\t%s\\n' "$(sha1sum < "$dl" | cut -d' ' -f1)"`,
    `if [ -f ${p} ] && cmp -s "$dl" ${p}; then`,
    step(`setting the attributes of ${t.path}`, attrsScript(t.path, t.state, a, attrs).join(' && ') || 'true'),
    'else',
    // A pipe, not `( … ) < "$dl"`: dash drops that redirection inside step's $( { … } ).
    step(`writing ${t.path}`, `cat "$dl" | (\n${writeScript(t.path, resolvedAttrs(t.state, a))}\n)`),
    'echo written; fi',
    `printf 'size\\t%s\\n' "$(stat -c %s -- ${p})"`,
  ].join('\n');
}

function needsDownload(a: Args, t: Target): boolean {
  if (t.state.type !== 'file' || a.force) return true;
  return t.want !== undefined && t.state.checksums[a.checksum!.split(':')[0] as Algorithm] !== t.want;
}

/** --diff: how the file gets there, and its attributes. */
function fileDiff(ctx: ModuleContext, path: string, attributes: AttrChanges): { diff?: FileDiff } {
  return ctx.diff ? { diff: { path, attributes } } : {};
}

async function keep(a: Args, ctx: ModuleContext, t: Target): Promise<ModuleResult> {
  const attrs = plannedAttrs(t.state, a);
  const changed = Object.keys(attrs).length > 0;
  if (changed && !ctx.check) await applyAttrs(ctx, t.path, t.state, a, attrs);
  return {
    changed,
    url: a.url,
    dest: t.path,
    msg: changed ? 'file already exists but file attributes changed' : 'file already exists',
    ...(changed ? fileDiff(ctx, t.path, attrs) : {}),
  };
}

async function download(a: Args, ctx: ModuleContext, t: Target): Promise<ModuleResult> {
  const why = t.state.exists ? `file, ${a.force ? 'forced' : 'checksum differs'}` : 'absent';
  const attrs = plannedAttrs(t.state, a);
  const base = { url: a.url, dest: t.path };
  if (ctx.check) return { ...base, changed: true, msg: `would download ${a.url}`, ...fileDiff(ctx, t.path, { state: [why, 'downloaded'], ...attrs }) };
  const start = Date.now();
  const res = await ctx.run(downloadScript(a, t, attrs), { stdin: curlConfig(a) });
  if (res.rc !== 0) return { ...base, changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` };
  const out = new Map(res.stdout.split('\n').map((l) => l.split('\t') as [string, string]));
  const written = out.has('written');
  const changed = written || Object.keys(attrs).length > 0;
  return {
    ...base,
    changed,
    msg: `OK (${out.get('size')} bytes)`,
    status_code: Number(out.get('status')),
    checksum_src: out.get('checksum_src'),
    size: Number(out.get('size')),
    elapsed: Math.round((Date.now() - start) / 1000),
    ...(changed ? fileDiff(ctx, t.path, written ? { state: [why, 'downloaded'], ...attrs } : attrs) : {}),
  };
}

export default defineModule({
  name: 'get_url',
  args,
  async run(a, ctx) {
    const target = await readTarget(ctx, a);
    if (target.state.exists && target.state.type !== 'file') return { changed: false, failed: true, msg: `${target.path} exists and is not a regular file` };
    return needsDownload(a, target) ? download(a, ctx, target) : keep(a, ctx, target);
  },
});
