// `systemd` (and its newer name `systemd_service`): start, stop, restart,
// reload, enable, mask a unit, and daemon-reload, as ansible.builtin.systemd.
// One read (`systemctl show` + `is-enabled`; daemon-reload runs in the same
// trip when asked, before the read, as Ansible orders it) and one write.
// See systemd-unit.ts for the condition trap and the other deviations.
// Only `scope: system` is supported.
import { z } from 'zod';
import { boolArg } from './file-args.js';
import { runSystemd, type UnitArgs } from './systemd-unit.js';
import { defineModule, type Module } from './types.js';

const unitName = z
  .string()
  .regex(/^[^-\s][^\s]*$/, 'must be a unit name (no spaces, not starting with -)')
  .describe('The unit, e.g. `nginx` or `nginx.service` (aliases: service, unit).');

export const stateArg = z
  .enum(['started', 'stopped', 'restarted', 'reloaded'])
  .describe('started/stopped only act when needed; restarted and reloaded always act (a unit that is not running is started).');

const args = z
  .strictObject({
    name: unitName.optional(),
    service: unitName.optional().describe('Alias of name.'),
    unit: unitName.optional().describe('Alias of name.'),
    state: stateArg.optional(),
    enabled: boolArg('Whether the unit starts at boot.').optional(),
    masked: boolArg('Whether the unit is masked (cannot be started at all).').optional(),
    daemon_reload: boolArg('Run `systemctl daemon-reload` before anything else (not in check mode).').default(false),
    'daemon-reload': boolArg('Alias of daemon_reload.').optional(),
    daemon_reexec: boolArg('Run `systemctl daemon-reexec` before anything else (not in check mode).').default(false),
    'daemon-reexec': boolArg('Alias of daemon_reexec.').optional(),
    scope: z.literal('system').default('system').describe('Only `system` is supported.'),
    no_block: boolArg('Do not wait for start/stop jobs to finish (`--no-block`); a skipped start is then not detected.').default(false),
    force: boolArg('Overwrite existing symlinks when enabling or masking (`--force`).').default(false),
  })
  .transform((a, ctx): UnitArgs => {
    const names = [a.name, a.service, a.unit].filter((n) => n !== undefined);
    if (names.length > 1) ctx.addIssue({ code: 'custom', message: 'name is given under more than one of its names (name, service, unit)' });
    const out: UnitArgs = {
      name: names[0],
      state: a.state,
      enabled: a.enabled,
      masked: a.masked,
      daemon_reload: a['daemon-reload'] ?? a.daemon_reload,
      daemon_reexec: a['daemon-reexec'] ?? a.daemon_reexec,
      no_block: a.no_block,
      force: a.force,
    };
    const wantsUnit = out.state !== undefined || out.enabled !== undefined || out.masked !== undefined;
    if (wantsUnit && !out.name) ctx.addIssue({ code: 'custom', message: 'name is required with state, enabled or masked' });
    if (!wantsUnit && !out.daemon_reload && !out.daemon_reexec) {
      ctx.addIssue({ code: 'custom', message: 'one of state, enabled, masked, daemon_reload or daemon_reexec is required' });
    }
    return out;
  });

const systemd = defineModule({ name: 'systemd', args, run: (a, ctx) => runSystemd(a, ctx) });

/** ansible.builtin.systemd_service: the same module under its newer name. */
export const systemdService: Module = { ...systemd, name: 'systemd_service' };

export default systemd;
