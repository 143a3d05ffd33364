// `ping`: proves the host can be reached and runs a shell; no Python needed.
import { z } from 'zod';
import { shQuote } from './shell-quote.js';
import { defineModule } from './types.js';

export default defineModule({
  name: 'ping',
  args: z.strictObject({ data: z.string().default('pong').describe('What the host echoes back as `ping`.') }),
  async run(a, ctx) {
    const res = await ctx.run(`printf '%s' ${shQuote(a.data)}`);
    if (res.rc !== 0) return { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` };
    return { changed: false, ping: res.stdout };
  },
});
