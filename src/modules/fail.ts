// `fail`: fails the host with a message (usually under a `when`).
import { z } from 'zod';
import { defineModule } from './types.js';

export default defineModule({
  name: 'fail',
  args: z.strictObject({ msg: z.unknown().default('Failed as requested from task').describe('The failure message.') }),
  controllerOnly: true,
  async run(a) {
    return { changed: false, failed: true, msg: typeof a.msg === 'string' ? a.msg : JSON.stringify(a.msg) };
  },
});
