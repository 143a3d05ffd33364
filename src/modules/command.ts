// `command`: runs a program with arguments, no shell features (pipes,
// redirections, $VARS stay literal), as in Ansible.
import { z } from 'zod';
import { commandGuards, runCommand } from './run-command.js';
import { shQuote, splitWords } from './shell-quote.js';
import { defineModule } from './types.js';

const args = z
  .strictObject({
    cmd: z.string().optional().describe('The command line, split into words as a shell would (quotes), but run without a shell: no pipes, redirections or $VARS.'),
    argv: z.array(z.string()).min(1).optional().describe('The program and its arguments as a list (instead of cmd).'),
    ...commandGuards,
  })
  .refine((a) => (a.cmd === undefined) !== (a.argv === undefined), {
    message: 'exactly one of cmd (or a free-form command) and argv is required',
  });

export default defineModule({
  name: 'command',
  args,
  freeForm: 'cmd',
  async run(a, ctx) {
    const argv = a.argv ?? splitWords(a.cmd!);
    return runCommand(`exec ${argv.map(shQuote).join(' ')}`, a.argv ?? a.cmd!, a, ctx);
  },
});
