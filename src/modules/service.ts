// `service`: as ansible.builtin.service, which hands the task to the module
// of the host's service manager. Only systemd is implemented: the manager
// comes from `use`, else from the facts (`service_mgr`), else systemd is
// assumed and the read fails clearly on a host that does not run it.
// `sleep`, `pattern`, `runlevel` and `arguments` are accepted and ignored
// with a warning, as Ansible does when it delegates to systemd.
import { z } from 'zod';
import { boolArg } from './file-args.js';
import { stateArg } from './systemd.js';
import { runSystemd } from './systemd-unit.js';
import { requireBackend } from './backend-choice.js';
import { defineModule } from './types.js';

const IGNORED = ['sleep', 'pattern', 'runlevel', 'arguments', 'args'] as const;

const args = z
  .strictObject({
    name: z.string().regex(/^[^-\s][^\s]*$/, 'must be a service name').describe('The service, e.g. `nginx`.'),
    state: stateArg.optional(),
    enabled: boolArg('Whether the service starts at boot.').optional(),
    use: z.string().default('auto').describe('The service manager module to use; `auto` reads the `service_mgr` fact. Only systemd is supported.'),
    sleep: z.coerce.number().optional().describe('Ignored with systemd (Ansible ignores it too).'),
    pattern: z.string().optional().describe('Ignored with systemd.'),
    runlevel: z.string().optional().describe('Ignored with systemd.'),
    arguments: z.string().optional().describe('Ignored with systemd (alias: args).'),
    args: z.string().optional().describe('Alias of arguments.'),
  })
  .refine((a) => a.state !== undefined || a.enabled !== undefined, { message: 'one of state or enabled is required' });

export default defineModule({
  name: 'service',
  args,
  async run(a, ctx) {
    requireBackend('service', a.use, ctx, 'service_mgr', 'systemd');
    const warnings = IGNORED.filter((k) => a[k] !== undefined).map((k) => `Ignoring "${k}" as it is not used in "systemd"`);
    const unit = { name: a.name, state: a.state, enabled: a.enabled, daemon_reload: false, daemon_reexec: false, no_block: false, force: false };
    return runSystemd(unit, ctx, warnings);
  },
});
