// `slurp`: a host file's content, base64-encoded (binary-safe), in one round
// trip; never changed. Ansible's messages for a missing, unreadable or
// directory source.
import { z } from 'zod';
import { shQuote } from './shell-quote.js';
import { defineModule } from './types.js';

const args = z
  .strictObject({
    src: z.string().min(1).optional().describe('The file to read (alias: path).'),
    path: z.string().min(1).optional().describe('Alias of src.'),
  })
  .refine((a) => (a.src === undefined) !== (a.path === undefined), { message: 'exactly one of src or path is required' })
  .transform((a) => ({ src: (a.src ?? a.path)! }));

function script(path: string): string {
  const p = shQuote(path);
  return [
    `[ -e ${p} ] || { printf 'file not found: %s\\n' ${p} >&2; exit 1; }`,
    `[ -d ${p} ] && { echo 'source is a directory and must be a file' >&2; exit 1; }`,
    `[ -r ${p} ] || { printf 'file is not readable: %s\\n' ${p} >&2; exit 1; }`,
    `base64 -w0 < ${p}`,
  ].join('\n');
}

export default defineModule({
  name: 'slurp',
  args,
  async run(a, ctx) {
    const res = await ctx.run(script(a.src));
    if (res.rc !== 0) return { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` };
    return { changed: false, content: res.stdout, encoding: 'base64', source: a.src };
  },
});
