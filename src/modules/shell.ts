// `shell`: runs a command line through a shell on the host (`/bin/sh` unless
// `executable` names another).
import { z } from 'zod';
import { commandGuards, runCommand } from './run-command.js';
import { shQuote } from './shell-quote.js';
import { defineModule } from './types.js';

const args = z.strictObject({
  cmd: z.string().describe('The command line, run by /bin/sh (pipes, redirections and variables work).'),
  executable: z.string().optional().describe('Another shell to run it with, e.g. /bin/bash.'),
  ...commandGuards,
});

export default defineModule({
  name: 'shell',
  args,
  freeForm: 'cmd',
  async run(a, ctx) {
    const body = a.executable ? `exec ${shQuote(a.executable)} -c ${shQuote(a.cmd)}` : a.cmd;
    return runCommand(body, a.cmd, a, ctx);
  },
});
