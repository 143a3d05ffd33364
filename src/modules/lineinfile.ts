// `lineinfile`: one line in a text file, present (replacing the line a regexp
// or search_string matches, else inserted) or absent, with Ansible's exact
// algorithm: the last match wins unless firstmatch; with backrefs and no match
// nothing changes; an insertafter/insertbefore pattern that matches nothing
// appends at EOF; without regexp, a line already present anywhere is left be.
// One read (readPath: fileState, uid/gid and the content), the new text
// computed here, one write (writeFileAtomic, which keeps the mode and owner
// of an existing file); when only mode/owner/group differ, one chmod/chown.
//
// Deviations from Ansible:
// - Patterns are JavaScript RegExps, not Python `re`. Python's `(?P<name>…)`,
//   `(?P=name)`, `\A`, `\Z` and leading inline flags `(?i)`, `(?m)`, `(?s)`
//   are translated; otherwise JavaScript's syntax and meaning apply: no
//   possessive or atomic groups, no `(?x)` or mid-pattern flags; `\d`, `\w`,
//   `\b` are ASCII in both (Ansible matches bytes here), but JavaScript's `\s`
//   also matches U+00A0, U+FEFF and the Unicode spaces, and `.` does not
//   match `\r` (nor U+2028/2029);
//   a lookbehind may be of any length. Each line is searched without its
//   newline, then with it, so `$` matches at the end of the line as in Python.
// - `line` with backrefs keeps Python's template syntax: `\1`, `\g<1>`,
//   `\g<name>`; `$1` is literal text.
// - The file must be UTF-8 text (it is refused otherwise, never corrupted).
// - insertafter matching the last line of a file without a final newline
//   adds the newline first (Ansible glues the new line onto that line).
// - `validate` runs through sh on the host, not as a bare argv.
// - No `backup` result key: the backup is `PATH.<timestamp>~` (write-file.ts).
import { z } from 'zod';
import { compileRegex, expandTemplate, regexProblem, searchLine, templateProblem } from '../regex/python-regex.js';
import { editArgs, finishEdit, missing, readTextFile, splitLines, withAliases, type Edit } from './edit-text-file.js';
import { boolArg } from './file-args.js';
import { defineModule } from './types.js';

const ALIASES = { dest: 'path', destfile: 'path', name: 'path', regex: 'regexp', value: 'line' };

const args = withAliases(
  ALIASES,
  z
    .strictObject({
      ...editArgs,
      regexp: z.string().optional().describe('Pattern (JavaScript RegExp) of the line to replace or remove; the last matching line wins (alias: regex).'),
      search_string: z.string().optional().describe('Literal text of the line to replace or remove (instead of regexp).'),
      line: z
        .union([z.string(), z.number()])
        .transform(String)
        .optional()
        .describe('The line to put in the file (alias: value); with backrefs, `\\1`/`\\g<name>` take groups of regexp.'),
      backrefs: boolArg('Expand backreferences of regexp in line; when regexp matches nothing, change nothing.').default(false),
      insertafter: z.string().optional().describe('Insert after the last line matching this pattern, or EOF/BOF, when regexp/search_string match nothing (default EOF).'),
      insertbefore: z.string().optional().describe('Insert before the last line matching this pattern, or BOF, when regexp/search_string match nothing.'),
      state: z.enum(['present', 'absent']).default('present').describe('Whether the line should be in the file.'),
      create: boolArg('Create the file (and its directories) when it does not exist.').default(false),
      firstmatch: boolArg('Use the first matching line for regexp, search_string and insertafter/insertbefore instead of the last.').default(false),
    })
    .superRefine((a, ctx) => {
      const problem = (message: string): void => ctx.addIssue({ code: 'custom', message });
      if (a.insertafter !== undefined && a.insertbefore !== undefined) problem('insertafter and insertbefore are mutually exclusive');
      if (a.regexp !== undefined && a.search_string !== undefined) problem('regexp and search_string are mutually exclusive');
      if (a.backrefs && a.search_string !== undefined) problem('backrefs and search_string are mutually exclusive');
      if (a.state === 'present' && a.line === undefined) problem('line is required with state=present');
      if (a.state === 'present' && a.backrefs && a.regexp === undefined) problem('regexp is required with backrefs=true');
      if (a.state === 'absent' && [a.regexp, a.search_string, a.line].every((v) => v === undefined)) {
        problem('one of line, search_string, or regexp is required with state=absent');
      }
      for (const [key, value] of Object.entries({ regexp: a.regexp, insertafter: a.insertafter, insertbefore: a.insertbefore })) {
        const why = value === undefined || ['BOF', 'EOF'].includes(value) ? undefined : regexProblem(value);
        if (why) problem(`${key}: ${why}`);
      }
      const bad = a.backrefs && a.line !== undefined ? templateProblem(a.line) : undefined;
      if (bad) problem(`line: ${bad}`);
    }),
);

type Args = z.output<typeof args>;

const stripEol = (l: string): string => l.replace(/[\r\n]+$/, '');
const endsWithEol = (l: string): boolean => /[\r\n]$/.test(l);

/** Where regexp (or search_string) matches: the last line, or the first with firstmatch. */
function findMatch(lines: string[], a: Args): { index: number; match: RegExpExecArray | null } {
  const re = a.regexp === undefined ? undefined : compileRegex(a.regexp);
  let found = { index: -1, match: null as RegExpExecArray | null };
  for (let i = 0; i < lines.length; i++) {
    const m = re ? searchLine(re, lines[i]!) : null;
    const hit = m !== null || (a.search_string !== undefined && lines[i]!.includes(a.search_string));
    if (!hit) continue;
    found = { index: i, match: m };
    if (a.firstmatch) break;
  }
  return found;
}

/** Without a regexp/search_string match: the line itself (exact), and where insertafter/insertbefore point. */
function findPlaces(lines: string[], a: Args, line: string, after?: string, before?: string): { exact: number; insert: number } {
  const pattern = after !== undefined && after !== 'BOF' && after !== 'EOF' ? after : before !== undefined && before !== 'BOF' ? before : undefined;
  const re = pattern === undefined ? undefined : compileRegex(pattern);
  let exact = -1;
  let insert = -1;
  for (let i = 0; i < lines.length; i++) {
    if (line === stripEol(lines[i]!)) exact = i;
    else if (re && searchLine(re, lines[i]!) && (after || before)) {
      insert = after ? i + 1 : i;
      if (a.firstmatch) break;
    }
  }
  return { exact, insert };
}

function present(text: string, a: Args): Edit {
  const lines = splitLines(text);
  const line = a.line!;
  const after = a.insertafter === undefined && a.insertbefore === undefined ? 'EOF' : a.insertafter;
  const before = a.insertbefore;
  const found = findMatch(lines, a);
  const places = found.index === -1 ? findPlaces(lines, a, line, after, before) : { exact: found.index, insert: -1 };
  const added = (): Edit => ({ changed: true, after: lines.join(''), msg: 'line added' });
  const unchanged: Edit = { changed: false, after: text, msg: '' };

  if (places.exact !== -1) {
    let next = a.backrefs && found.match ? expandTemplate(line, found.match) : line;
    if (!next.endsWith('\n')) next += '\n';
    if (lines[places.exact] === next) return unchanged;
    lines[places.exact] = next;
    return { changed: true, after: lines.join(''), msg: 'line replaced' };
  }
  if (a.backrefs) return unchanged; // the backrefs cannot be filled without a match
  if (before === 'BOF' || after === 'BOF') {
    lines.unshift(`${line}\n`);
    return added();
  }
  if (after === 'EOF' || places.insert === -1) {
    if (lines.length > 0 && !endsWithEol(lines.at(-1)!)) lines.push('\n');
    lines.push(`${line}\n`);
    return added();
  }
  if (after) {
    if (places.insert === lines.length) {
      if (stripEol(lines.at(-1)!) === line) return unchanged;
      if (!endsWithEol(lines.at(-1)!)) lines.push('\n');
      lines.push(`${line}\n`);
      return added();
    }
    if (stripEol(lines[places.insert]!) === line) return unchanged;
  }
  lines.splice(places.insert, 0, `${line}\n`);
  return added();
}

function absent(text: string, a: Args): Edit & { found: number } {
  const re = a.regexp === undefined ? undefined : compileRegex(a.regexp);
  const matches = (l: string): boolean =>
    re ? searchLine(re, l) !== null : a.search_string !== undefined ? l.includes(a.search_string) : stripEol(l) === a.line;
  const lines = splitLines(text);
  const kept = lines.filter((l) => !matches(l));
  const found = lines.length - kept.length;
  return { changed: found > 0, after: kept.join(''), msg: found > 0 ? `${found} line(s) removed` : '', found };
}

export default defineModule({
  name: 'lineinfile',
  args,
  async run(a, ctx) {
    const file = await readTextFile(ctx, a.path);
    if (a.state === 'absent') {
      if (!file.state.exists) return { changed: false, msg: 'file not present' };
      const edit = absent(file.text, a);
      return finishEdit(ctx, file, a, edit, { found: edit.found });
    }
    if (!file.state.exists && !a.create) return missing(a.path, 'Destination');
    return finishEdit(ctx, file, a, present(file.text, a));
  },
});
