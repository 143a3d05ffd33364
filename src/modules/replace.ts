// `replace`: every match of a pattern in a file replaced, optionally only in
// the section after the first match of `after` and/or before `before`, as
// Ansible does it (the section is found with DOTALL, the pattern runs in
// MULTILINE mode over it). One read, the new text computed here, one write.
//
// Deviations from Ansible:
// - Patterns are JavaScript RegExps (flags `m`, plus `s` for after/before);
//   see lineinfile.ts for the differences from Python's `re`. Here Ansible
//   matches text, not bytes, so Python's `\d`, `\w`, `\b` also take non-ASCII
//   digits and letters; JavaScript's stay ASCII. In multiline mode
//   JavaScript's `^`/`$` also break at `\r`, U+2028 and U+2029.
// - `replace` keeps Python's template syntax (`\1`, `\g<1>`, `\g<name>`,
//   `\n`); `$1` is literal text.
// - The file must be UTF-8 text (`encoding` is not supported); `validate`
//   runs through sh; no `backup_file` result key.
import { z } from 'zod';
import { compileRegex, regexProblem, substitute, templateProblem } from '../regex/python-regex.js';
import { editArgs, finishEdit, missing, readTextFile, withAliases, type Edit } from './edit-text-file.js';
import { defineModule } from './types.js';

const args = withAliases(
  { dest: 'path', destfile: 'path', name: 'path' },
  z
    .strictObject({
      ...editArgs,
      regexp: z.string().describe('Pattern (JavaScript RegExp, multiline mode) whose every match is replaced.'),
      replace: z.string().default('').describe('The replacement; `\\1`, `\\g<1>`, `\\g<name>` insert groups of regexp. Empty deletes the matches.'),
      after: z.string().optional().describe('Only replace after the first match of this pattern (DOTALL).'),
      before: z.string().optional().describe('Only replace before the match of this pattern (DOTALL).'),
    })
    .superRefine((a, ctx) => {
      for (const [key, value] of Object.entries({ regexp: a.regexp, after: a.after, before: a.before })) {
        const why = value === undefined ? undefined : regexProblem(value);
        if (why) ctx.addIssue({ code: 'custom', message: `${key}: ${why}` });
      }
      const bad = templateProblem(a.replace);
      if (bad) ctx.addIssue({ code: 'custom', message: `replace: ${bad}` });
    }),
);

type Args = z.output<typeof args>;

/** Ansible's section pattern for after/before ('' without them). */
function sectionPattern(a: Args): string {
  if (a.after && a.before) return `${a.after}(?P<subsection>.*?)${a.before}`;
  if (a.after) return `${a.after}(?P<subsection>.*)`;
  return a.before ? `(?P<subsection>.*)${a.before}` : '';
}

/** The part of the text to work on, as [start, end); undefined when after/before match nothing. */
function section(text: string, pattern: string): [number, number] | undefined {
  if (!pattern) return [0, text.length];
  return compileRegex(pattern, 'sd').exec(text)?.indices?.groups?.subsection;
}

function edit(text: string, a: Args): Edit | { unmatched: string } {
  const pattern = sectionPattern(a);
  const where = section(text, pattern);
  if (!where) return { unmatched: `Pattern for before/after params did not match the given file: ${pattern}` };
  const [start, end] = where;
  const part = text.slice(start, end);
  const { text: out, count } = substitute(part, compileRegex(a.regexp, 'gm'), a.replace);
  if (count === 0 || out === part) return { changed: false, after: text, msg: '' };
  return { changed: true, after: text.slice(0, start) + out + text.slice(end), msg: `${count} replacements made` };
}

export default defineModule({
  name: 'replace',
  args,
  async run(a, ctx) {
    const file = await readTextFile(ctx, a.path);
    if (!file.state.exists) return missing(a.path, 'Path');
    let result;
    try {
      result = edit(file.text, a);
    } catch (err) {
      return { changed: false, failed: true, msg: `Unable to process replace due to error: ${(err as Error).message}` };
    }
    if ('unmatched' in result) return { changed: false, rc: 0, msg: result.unmatched };
    return finishEdit(ctx, file, a, result, { rc: 0 });
  },
});
