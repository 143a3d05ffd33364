// The state of one path on a host, read in one round trip: what it is, its
// mode and owner, and (when asked) its content, base64-encoded so binary
// files survive the trip.
import { ModuleError } from '../errors.js';
import { shQuote } from '../modules/shell-quote.js';

type Run = (script: string) => Promise<{ rc: number; stdout: string; stderr: string }>;

export interface FileState {
  exists: boolean;
  type?: 'file' | 'directory' | 'link' | 'other';
  /** Four octal digits, e.g. `0644`. */
  mode?: string;
  owner?: string;
  group?: string;
  size?: number;
  linkTarget?: string;
  /** The content of a regular file, when it was asked for. */
  content?: Buffer;
}

function script(path: string, withContent: boolean): string {
  const p = shQuote(path);
  const content = withContent ? `[ -f ${p} ] && [ ! -L ${p} ] && base64 -w0 < ${p}` : '';
  return [
    `if [ ! -e ${p} ] && [ ! -L ${p} ]; then echo absent; exit 0; fi`,
    `if [ -L ${p} ]; then t=link; elif [ -d ${p} ]; then t=directory; elif [ -f ${p} ]; then t=file; else t=other; fi`,
    `printf '%s %s\\n' "$t" "$(stat -c '%a %U %G %s' ${p})"`,
    `[ "$t" = link ] && readlink ${p}`,
    content,
    'exit 0',
  ].join('\n');
}

export async function fileState(run: Run, path: string, options: { content?: boolean } = {}): Promise<FileState> {
  const res = await run(script(path, options.content ?? false));
  if (res.rc !== 0) throw new ModuleError(`cannot read the state of ${path}: ${res.stderr.trim() || `rc=${res.rc}`}`);
  return parseFileState(res.stdout, options.content ?? false);
}

export function parseFileState(out: string, withContent: boolean): FileState {
  const [head = '', second = ''] = out.split('\n');
  if (head === 'absent') return { exists: false };
  const [type, mode, owner, group, size] = head.split(' ');
  const state: FileState = {
    exists: true,
    type: type as FileState['type'],
    mode: mode!.padStart(4, '0'),
    owner,
    group,
    size: Number(size),
  };
  if (type === 'link') state.linkTarget = second;
  else if (type === 'file' && withContent) state.content = Buffer.from(second, 'base64');
  return state;
}
