// `package`: the generic package module. Like Ansible it picks the host's
// package manager (`use`, else the `pkg_mgr` fact, else apt) and hands every
// argument to that module; only apt is implemented, so the arguments are
// apt's (name, state, update_cache, ...) plus `use`.
import { z } from 'zod';
import { aptShape, normaliseApt } from './apt-args.js';
import { runApt } from './apt.js';
import { requireBackend } from './backend-choice.js';
import { defineModule } from './types.js';

const args = z
  .strictObject({ ...aptShape, use: z.string().default('auto').describe("The package manager module; `auto` reads the `pkg_mgr` fact. Only `apt` is supported.") })
  .transform((a, ctx) => {
    const { use, ...apt } = a;
    return { use, apt: normaliseApt(apt, ctx) };
  });

export default defineModule({
  name: 'package',
  args,
  async run(a, ctx) {
    requireBackend('package', a.use, ctx, 'pkg_mgr', 'apt');
    return runApt(a.apt, ctx);
  },
});
