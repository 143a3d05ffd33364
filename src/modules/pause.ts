// `pause`: waits a fixed time on the controller. A run never waits for the
// keyboard, so the interactive forms (`prompt`, or no duration at all) are
// argument errors that say so.
//
// Deviations from Ansible:
// - seconds and minutes may be fractional (Ansible: integers), and giving
//   both is an error (Ansible silently uses minutes).
// - Ansible pauses once for all hosts of the play; here each host's task
//   pauses, all at the same time, so the play waits once when forks >= hosts
//   (otherwise once per batch of forks).
// - Pauses in check mode too, as Ansible does.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineModule } from './types.js';

const duration = (description: string) => z.coerce.number().min(0).optional().describe(description);

const args = z
  .strictObject({
    seconds: duration('How long to pause, in seconds.'),
    minutes: duration('How long to pause, in minutes.'),
    prompt: z.unknown().optional().describe('Not supported: a run never waits for keyboard input (an error if given).'),
    echo: z.unknown().optional().describe('Not supported (only meaningful with prompt; an error if given).'),
  })
  .superRefine((a, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (a.prompt !== undefined || a.echo !== undefined) {
      issue('prompt/echo are not supported: a run never waits for keyboard input; use seconds or minutes');
    } else if (a.seconds === undefined && a.minutes === undefined) {
      issue('seconds or minutes is required: a pause without a duration would wait for keyboard input, which a run never does');
    }
    if (a.seconds !== undefined && a.minutes !== undefined) issue('seconds and minutes are mutually exclusive');
  });

export default defineModule({
  name: 'pause',
  args,
  controllerOnly: true,
  async run(a) {
    const ms = a.minutes !== undefined ? a.minutes * 60_000 : (a.seconds ?? 0) * 1000;
    const start = new Date();
    await sleep(ms);
    const stop = new Date();
    const delta = Math.floor((stop.getTime() - start.getTime()) / 1000);
    const shown = a.minutes !== undefined ? `${(delta / 60).toFixed(1)} minutes` : `${delta} seconds`;
    return {
      changed: false,
      rc: 0,
      start: start.toISOString(),
      stop: stop.toISOString(),
      delta,
      echo: true,
      user_input: '',
      stdout: `Paused for ${shown}`,
      stderr: '',
    };
  },
});
