// One-line apt sources (`deb [options] uri suite components`) as
// apt_repository reads and edits them: whitespace-normalised, enabled or
// commented out, in any of the host's .list files.

export interface SourceLine {
  /** The source, whitespace-normalised, without `#` and trailing comment. */
  source: string;
  enabled: boolean;
}

const TYPES = /^(?:deb|deb-src)$/;

/** Ansible's parse: a line is a source when its first word is deb/deb-src (after an optional `#`). */
export function parseSourceLine(line: string): SourceLine | undefined {
  let text = line.trim();
  let enabled = true;
  if (text.startsWith('#')) {
    enabled = false;
    text = text.replace(/^#+/, '').trim();
  }
  const hash = text.search(/\s#/);
  if (hash >= 0) text = text.slice(0, hash);
  const words = text.split(/\s+/);
  if (!TYPES.test(words[0] ?? '')) return undefined;
  return { source: normaliseSource(text), enabled };
}

/** Whitespace collapsed, also inside `[ ... ]`, so that two spellings of one source compare equal. */
export function normaliseSource(text: string): string {
  return text
    .trim()
    .replace(/\[\s*([^\]]*?)\s*\]/, (_m, opts: string) => `[${opts.split(/\s+/).join(' ')}]`)
    .split(/\s+/)
    .join(' ');
}

/** Ansible's file name for a source: the host part of the URI, non-alphanumerics as `_`. */
export function suggestFilename(source: string): string {
  const words = source
    .replace(/\[[^\]]+\]/, '')
    .replace(/\w+:\/\//, '')
    .split(/\s+/)
    .filter((w) => w !== '' && !TYPES.test(w));
  const first = (words[0] ?? 'repository').split('@').pop()!;
  return first.replace(/[^a-zA-Z0-9]/g, ' ').trim().split(/\s+/).join('_');
}

/** The `signed-by=` key file of a source, when it names one by absolute path. */
export function signedBy(source: string): string | undefined {
  const opts = /\[([^\]]*)\]/.exec(source)?.[1] ?? '';
  const path = /(?:^|\s)signed-by=(\S+)/.exec(opts)?.[1];
  return path?.startsWith('/') ? path : undefined;
}

/** The file's lines with the matching source enabled (uncommented). */
export function enableIn(text: string, source: string): string {
  return mapLines(text, (line) => {
    const p = parseSourceLine(line);
    return p && !p.enabled && p.source === source ? [source] : [line];
  });
}

/** The file's lines without the matching source, enabled or not. */
export function removeFrom(text: string, source: string): string {
  return mapLines(text, (line) => (parseSourceLine(line)?.source === source ? [] : [line]));
}

function mapLines(text: string, f: (line: string) => string[]): string {
  const lines = text.replace(/\n$/, '').split('\n').flatMap(f);
  return lines.length === 0 || (lines.length === 1 && lines[0] === '') ? '' : `${lines.join('\n')}\n`;
}
