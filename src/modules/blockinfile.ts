// `blockinfile`: a block of lines between two marker lines, inserted,
// replaced or removed, with Ansible's algorithm: an existing marked block is
// replaced where it is; otherwise the block goes after the last line matching
// insertafter (or before the last matching insertbefore), at EOF when nothing
// matches. One read, the new text computed here, one write.
//
// Deviations from Ansible: patterns are JavaScript RegExps (see lineinfile.ts
// for the differences from Python's `re`; a leading `(?m)` searches the whole
// file as in Ansible); the file must be UTF-8 text; `validate` runs through
// sh; no `backup_file` result key (the backup is `PATH.<timestamp>~`).
import { z } from 'zod';
import { compileRegex, regexProblem, searchLine } from '../regex/python-regex.js';
import { editArgs, finishEdit, missing, readTextFile, withAliases, type Edit } from './edit-text-file.js';
import { boolArg } from './file-args.js';
import { defineModule } from './types.js';

/** The pattern of insertafter/insertbefore, unless they name EOF/BOF. */
function insertPattern(after: string | undefined, before: string | undefined): string | undefined {
  if (after !== undefined && after !== 'EOF') return after;
  return before !== undefined && before !== 'BOF' ? before : undefined;
}

const args = withAliases(
  { dest: 'path', destfile: 'path', name: 'path', content: 'block' },
  z
    .strictObject({
      ...editArgs,
      block: z.string().default('').describe('The lines between the markers (alias: content); empty removes the block.'),
      marker: z.string().default('# {mark} ANSIBLE MANAGED BLOCK').describe('The marker line template; {mark} becomes marker_begin or marker_end.'),
      marker_begin: z.string().default('BEGIN').describe('What {mark} becomes in the first marker line.'),
      marker_end: z.string().default('END').describe('What {mark} becomes in the last marker line.'),
      insertafter: z.string().optional().describe('Without an existing block, insert it after the last line matching this pattern, or EOF (the default).'),
      insertbefore: z.string().optional().describe('Without an existing block, insert it before the last line matching this pattern, or BOF.'),
      state: z.enum(['present', 'absent']).default('present').describe('Whether the block should be in the file.'),
      create: boolArg('Create the file (and its directories) when it does not exist.').default(false),
      append_newline: boolArg('Add a blank line after the block unless one is there or the block ends the file.').default(false),
      prepend_newline: boolArg('Add a blank line before the block unless one is there or the block starts the file.').default(false),
    })
    .superRefine((a, ctx) => {
      if (a.insertafter !== undefined && a.insertbefore !== undefined) {
        ctx.addIssue({ code: 'custom', message: 'insertafter and insertbefore are mutually exclusive' });
      }
      const pattern = insertPattern(a.insertafter, a.insertbefore);
      const why = pattern === undefined ? undefined : regexProblem(pattern);
      if (why) ctx.addIssue({ code: 'custom', message: `${a.insertafter !== undefined ? 'insertafter' : 'insertbefore'}: ${why}` });
    }),
);

type Args = z.output<typeof args>;

/** Python's bytes.splitlines(True): \n, \r\n and \r end a line, and stay with it. */
function splitKeep(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** The line index a new block goes to, when the file has no complete block yet. */
function insertionPoint(lines: string[], text: string, a: Args, after: string | undefined): number {
  const pattern = insertPattern(after, a.insertbefore);
  if (pattern === undefined) return a.insertbefore !== undefined ? 0 : lines.length;
  const re = compileRegex(pattern);
  let n0: number | undefined;
  if (re.multiline) {
    const m = re.exec(text);
    if (m) n0 = text.slice(0, after ? m.index + m[0].length : m.index).split('\n').length - 1;
  } else {
    lines.forEach((l, i) => {
      if (searchLine(re, l)) n0 = i;
    });
  }
  if (n0 === undefined) return lines.length;
  return after !== undefined ? n0 + 1 : n0;
}

function edit(text: string, exists: boolean, a: Args): Edit {
  const lines = splitKeep(text);
  const present = a.state === 'present';
  const after = a.insertafter === undefined && a.insertbefore === undefined ? 'EOF' : a.insertafter;
  const marker0 = `${a.marker.replaceAll('{mark}', a.marker_begin)}\n`;
  const marker1 = `${a.marker.replaceAll('{mark}', a.marker_end)}\n`;
  const block = a.block.endsWith('\n') ? a.block : `${a.block}\n`;
  const blockLines = present && a.block ? [marker0, ...splitKeep(block), marker1] : [];

  const n0found = lines.lastIndexOf(marker0);
  const n1found = lines.lastIndexOf(marker1);
  let n0: number;
  if (n0found === -1 || n1found === -1) n0 = insertionPoint(lines, text, a, after);
  else {
    n0 = Math.min(n0found, n1found);
    lines.splice(n0, Math.abs(n1found - n0found) + 1);
  }
  if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n';
  if (a.prepend_newline && present && n0 !== 0 && lines[n0 - 1] !== '\n') lines.splice(n0++, 0, '\n');
  lines.splice(n0, 0, ...blockLines);
  const next = n0 + blockLines.length;
  if (a.append_newline && present && next < lines.length && lines[next] !== '\n') lines.splice(next, 0, '\n');

  const result = lines.join('');
  if (exists && result === text) return { changed: false, after: text, msg: '' };
  return { changed: true, after: result, msg: !exists ? 'File created' : blockLines.length === 0 ? 'Block removed' : 'Block inserted' };
}

export default defineModule({
  name: 'blockinfile',
  args,
  async run(a, ctx) {
    const file = await readTextFile(ctx, a.path);
    if (!file.state.exists) {
      if (!a.create) return missing(a.path, 'Path');
      if (a.state === 'absent') return { changed: false, msg: `File ${a.path} not present` };
    }
    return finishEdit(ctx, file, a, edit(file.text, file.state.exists, a));
  },
});
