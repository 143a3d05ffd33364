// `template`: renders a controller template (looked up in templates/) with
// the task's variables, then puts it in place exactly as `copy` does with
// content (same compare, --diff, atomic write).
// Deviation from Ansible: templates are Handlebars (`{{ var }}`,
// `{{#if}}`, `{{#each}}`), the project's template language, not Jinja2;
// Jinja-only options (newline_sequence, trim_blocks, lstrip_blocks,
// *_string) are refused. An undefined variable fails the task with the
// template file's name, line and column.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { TemplateError, formatLocation, type Location } from '../errors.js';
import { renderString } from '../template/render.js';
import { placeNamed } from './copy-tree.js';
import { localPayload } from './copy-write.js';
import { attributeArgs, boolArg, validateArg } from './file-args.js';
import { defineModule, type ModuleContext, type ModuleResult } from './types.js';

const args = z.strictObject({
  src: z.string().min(1).describe('The template, on the controller (looked up in templates/).'),
  dest: z.string().min(1).describe('Where the rendered file goes; an existing directory receives it under the template\'s name.'),
  ...attributeArgs,
  backup: boolArg('Keep the replaced file as DEST.<timestamp>~ (result key backup_file).').prefault(false),
  validate: validateArg.optional(),
  force: boolArg('Replace a destination that differs; false: only create it when absent.').prefault(true),
});

export default defineModule({
  name: 'template',
  args,
  async run(a, ctx) {
    const file = ctx.findFile('templates', a.src);
    const text = render(readFileSync(file, 'utf8'), file, ctx);
    if (typeof text !== 'string') return text;
    const result = await placeNamed(ctx, a.dest, basename(a.src), localPayload(Buffer.from(text)), a, { owner: a.owner, group: a.group });
    return { ...result, src: a.src };
  },
});

/** The rendered text, or a failed result naming the template's file, line and column. */
function render(text: string, file: string, ctx: ModuleContext): string | ModuleResult {
  try {
    return String(renderString(text, ctx.vars, { file, line: 1, col: 1 }));
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const { at, message } = locate(text, file, err.message);
    return { changed: false, failed: true, msg: `${formatLocation(at)}: ${message}${err.hint ? ` (hint: ${err.hint})` : ''}` };
  }
}

/**
 * Where in the template file the error is: renderString says "(line L,
 * column C of the template)" for a multi-line text; otherwise an undefined
 * variable is found at its first use inside `{{ }}`.
 */
function locate(text: string, file: string, message: string): { at: Location; message: string } {
  const place = / ?\(line (\d+), column (\d+) of the template\)/.exec(message);
  if (place) return { at: { file, line: Number(place[1]), col: Number(place[2]) }, message: message.replace(place[0], '') };
  const name = /undefined variable '([^']+)'/.exec(message)?.[1];
  const use = name ? new RegExp(`\\{\\{[^}]*?(?<![\\w.])(${name.replace(/[.[\]]/g, '\\$&')})(?!\\w)`).exec(text) : null;
  const at = use ? use.index + use[0].length - use[1]!.length : 0;
  const before = text.slice(0, at);
  return { at: { file, line: before.split('\n').length, col: at - before.lastIndexOf('\n') }, message };
}
