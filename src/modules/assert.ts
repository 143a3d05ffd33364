// `assert`: every condition in `that` must hold (conditions are CEL, see docs).
import { z } from 'zod';
import { holds } from '../expr/evaluate.js';
import { defineModule } from './types.js';

const args = z.strictObject({
  that: z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()])).min(1)]).describe('A condition (CEL; `and`/`or`/`not`/`is defined` accepted) or a list that must all hold.'),
  fail_msg: z.string().optional().describe('The message when a condition does not hold.'),
  msg: z.string().optional().describe('Alias of fail_msg.'),
  success_msg: z.string().default('All assertions passed').describe('The message when every condition holds.'),
  quiet: z.boolean().default(false).describe('Accepted for Ansible compatibility; has no effect.'),
});

export default defineModule({
  name: 'assert',
  args,
  controllerOnly: true,
  async run(a, ctx) {
    const conditions = Array.isArray(a.that) ? a.that : [a.that];
    for (const cond of conditions) {
      if (!holds(cond, ctx.vars, ctx.where)) {
        return { changed: false, failed: true, assertion: cond, evaluated_to: false, msg: a.fail_msg ?? a.msg ?? 'Assertion failed' };
      }
    }
    return { changed: false, msg: a.success_msg };
  },
});
