// fileState plus what the file modules also need, in the same round trip:
// numeric uid/gid (for `owner: 1000`), whether the parent directory exists,
// checksums, and the content of a small regular file (for --diff).
import { randomBytes } from 'node:crypto';
import { shQuote } from '../modules/shell-quote.js';
import { fileState, type FileState } from './file.js';

export type Algorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** What readPath adds to fileState. */
interface Digest {
  uid?: number;
  gid?: number;
  /** `device:inode`, to tell whether two paths are one file (hard links). */
  inode?: string;
  parentExists: boolean;
  /** Hex digests of a regular file, by algorithm, when asked. */
  checksums: Partial<Record<Algorithm, string>>;
  /** The content of a regular file no larger than `contentUpTo`, when asked. */
  content?: Buffer;
}

export type PathFacts = FileState & Digest;

export interface DigestOptions {
  checksums?: Algorithm[];
  /** Send the content back when the file is at most this many bytes. */
  contentUpTo?: number;
}

type Run = (script: string) => Promise<{ rc: number; stdout: string; stderr: string }>;

/** Separates fileState's own output from ours; random, so no file name can contain it. */
const MARK = `__mosip_play_digest_${randomBytes(8).toString('hex')}__`;

/** One line per item, always, so a failing command cannot shift the lines after it. */
function extraScript(path: string, o: DigestOptions): string {
  const p = shQuote(path);
  const regular = `[ -f ${p} ] && [ ! -L ${p} ]`;
  const lines = [
    `printf '%s\\n' "$(stat -c '%u %g %d:%i' ${p} 2>/dev/null)"`,
    `if [ -d "$(dirname ${p})" ]; then echo 1; else echo 0; fi`,
    ...(o.checksums ?? []).map((a) => `printf '%s\\n' "$(if ${regular}; then ${a}sum < ${p} | cut -d' ' -f1; fi)"`),
  ];
  if (o.contentUpTo !== undefined) {
    lines.push(`if ${regular} && [ "$(stat -c %s ${p})" -le ${o.contentUpTo} ]; then printf c; base64 -w0 < ${p}; fi`);
  }
  return lines.join('\n');
}

/**
 * `script` in a subshell (its `exit` and `set -e` stay inside), `redirect`
 * applied to it; the outer script stops with its status if it fails. Not
 * `( ) || exit`: in an AND-OR list, sh ignores `set -e` inside the subshell.
 */
export function subshell(script: string, redirect = ''): string {
  return `(\n${script}\n)${redirect}\nrc=$?; [ "$rc" -eq 0 ] || exit "$rc"`;
}

export async function readPath(run: Run, path: string, o: DigestOptions = {}): Promise<PathFacts> {
  let extra = '';
  const split: Run = async (script) => {
    const res = await run(`${subshell(script)}\nprintf '\\n%s\\n' '${MARK}'\n${extraScript(path, o)}`);
    const at = res.stdout.indexOf(`\n${MARK}\n`);
    if (at < 0) return res;
    extra = res.stdout.slice(at + MARK.length + 2);
    return { ...res, stdout: res.stdout.slice(0, at) };
  };
  // Not asked for content, fileState's parser still sets an empty one for every regular file: drop it.
  const { content: _none, ...state } = await fileState(split, path);
  return { ...state, ...parseExtra(extra, o) };
}

function parseExtra(text: string, o: DigestOptions): Digest {
  const lines = text.split('\n');
  const [uid, gid, inode] = (lines[0] ?? '').split(' ');
  const facts: Digest = { parentExists: lines[1] === '1', checksums: {} };
  if (uid && gid) Object.assign(facts, { uid: Number(uid), gid: Number(gid), inode });
  (o.checksums ?? []).forEach((a, i) => {
    const sum = lines[2 + i];
    if (sum) facts.checksums[a] = sum;
  });
  const content = lines[2 + (o.checksums?.length ?? 0)];
  if (content?.startsWith('c')) facts.content = Buffer.from(content.slice(1), 'base64');
  return facts;
}
