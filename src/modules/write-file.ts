// The one path every file write takes: the content goes over stdin into a
// temp file created 0600 (umask 077) in the destination's directory, is
// validated if asked, gets its mode and owner, and is renamed into place.
// There is never a moment when the file is half written or readable by others.
import { ModuleError } from '../errors.js';
import { createHash } from 'node:crypto';
import { secrets } from '../secrets/registry.js';
import { shQuote } from './shell-quote.js';

export interface WriteOptions {
  /** Octal mode string (`0644`); without it an existing file keeps its mode, a new one gets 0644. */
  mode?: string;
  owner?: string;
  group?: string;
  /** A command with `%s` for the temp file; a non-zero exit aborts the write. */
  validate?: string;
  /** Keep the previous file as `PATH.<timestamp>~`. */
  backup?: boolean;
  /**
   * The sha256 the written bytes must have. writeFileAtomic sets it from the
   * content it sends; a caller feeding the temp file another way passes it.
   */
  sha256?: string;
  /** Mode of a file that does not exist yet when `mode` is not given (default 0644). */
  newFileMode?: string;
}

type Run = (script: string, options?: { stdin?: string | Buffer }) => Promise<{ rc: number; stdout: string; stderr: string }>;

export function writeScript(path: string, o: WriteOptions): string {
  const p = shQuote(path);
  const lines = [
    'set -e',
    'umask 077',
    `tmp=$(mktemp "$(dirname ${p})/.mosip-play.XXXXXXXX")`,
    // A lost connection ends the input early (or kills the shell): never install a cut-short file.
    `trap 'rm -f "$tmp"' EXIT`,
    `trap 'rm -f "$tmp"; exit 1' HUP INT PIPE TERM`,
    'cat > "$tmp"',
  ];
  // The temp file goes before anything is printed: printing to a dead connection raises SIGPIPE.
  if (o.sha256) lines.push(`[ "$(sha256sum < "$tmp" | cut -d' ' -f1)" = ${o.sha256} ] || { rm -f "$tmp"; echo 'incomplete transfer (checksum mismatch): the destination was left as it was' >&2; exit 1; }`);
  if (o.validate) lines.push(o.validate.replace(/%s/g, '"$tmp"'));
  lines.push(o.mode ? `chmod ${shQuote(o.mode)} "$tmp"` : `if [ -e ${p} ]; then chmod --reference=${p} "$tmp"; else chmod ${o.newFileMode ?? '0644'} "$tmp"; fi`);
  const owner = [o.owner ?? '', o.group ?? ''].join(':');
  if (o.owner || o.group) lines.push(`chown ${shQuote(owner === ':' ? '' : owner.replace(/:$/, ''))} "$tmp"`);
  else lines.push(`[ -e ${p} ] && chown --reference=${p} "$tmp" || true`);
  if (o.backup) lines.push(`[ -e ${p} ] && cp -p ${p} ${p}."$(date +%Y%m%d%H%M%S)"~ || true`);
  lines.push(`mv -f "$tmp" ${p}`, 'trap - EXIT');
  return lines.join('\n');
}

/** Write `content` to `path` atomically; throws with the host's stderr on failure. */
export async function writeFileAtomic(run: Run, path: string, content: string | Buffer, o: WriteOptions = {}): Promise<void> {
  const sha256 = o.sha256 ?? createHash('sha256').update(content).digest('hex');
  // A new file that receives a secret (a password, a key, a token) is readable by its owner only.
  const newFileMode = o.newFileMode ?? (secrets.within(content.toString()) ? '0600' : undefined);
  const res = await run(writeScript(path, { ...o, sha256, newFileMode }), { stdin: content });
  if (res.rc !== 0) throw new ModuleError(`writing ${path} failed: ${res.stderr.trim() || `rc=${res.rc}`}`);
}
