// `debug`: prints a message or a variable; runs on the controller.
import { z } from 'zod';
import { evaluate } from '../expr/evaluate.js';
import { defineModule } from './types.js';

const args = z
  .strictObject({
    msg: z.unknown().optional().describe('What to print (default "Hello world!").'),
    var: z.string().optional().describe('The name of a variable (or an expression) to print instead of msg.'),
    verbosity: z.number().int().min(0).default(0).describe('Accepted for Ansible compatibility; debug output is always shown.'),
  })
  .refine((a) => a.msg === undefined || a.var === undefined, { message: "'msg' and 'var' are mutually exclusive" });

export default defineModule({
  name: 'debug',
  args,
  controllerOnly: true,
  async run(a, ctx) {
    if (a.var !== undefined) return { changed: false, [a.var]: evaluate(a.var, ctx.vars, ctx.where) };
    return { changed: false, msg: a.msg ?? 'Hello world!' };
  },
});
