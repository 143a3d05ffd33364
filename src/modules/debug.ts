// `debug`: prints a message or a variable; runs on the controller.
import { z } from 'zod';
import { evaluate } from '../expr/evaluate.js';
import { defineModule } from './types.js';

const args = z
  .strictObject({ msg: z.unknown().optional(), var: z.string().optional(), verbosity: z.number().int().min(0).default(0) })
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
