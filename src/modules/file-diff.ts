// The content part of --diff for modules that write whole files: a text diff
// when both sides are small text, otherwise one line saying what differs.
import type { FileDiff } from './types.js';

/** Ansible's max_diff_size: larger files are compared by checksum only. */
export const DIFF_LIMIT = 104448;

/** One side of the comparison: its content when known (small enough), and a checksum. */
export interface DiffSide {
  content?: Buffer;
  sha256?: string;
  sha1?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function asText(b: Buffer | undefined): string | undefined {
  if (b === undefined || b.includes(0)) return undefined;
  try {
    return utf8.decode(b);
  } catch {
    return undefined;
  }
}

/** `before` undefined: the file does not exist yet. */
export function contentDiff(path: string, before: DiffSide | undefined, after: DiffSide): FileDiff {
  const from = before === undefined ? '' : asText(before.content);
  const to = asText(after.content);
  if (from !== undefined && to !== undefined) return { path, before: from, after: to };
  const binary = [before?.content, after.content].some((c) => c !== undefined && asText(c) === undefined);
  const sum = (s: DiffSide | undefined) =>
    s?.sha256 ? `sha256:${s.sha256.slice(0, 16)}` : s?.sha1 ? `sha1:${s.sha1.slice(0, 16)}` : undefined;
  return { path, attributes: { [binary ? 'binary file differs' : 'content differs (too large to show)']: [sum(before), sum(after)] } };
}
