// `wait_for_connection`: retries a trivial command on the host (what
// Ansible's ping test does) until it answers or `timeout` passes. Runs on the
// controller, through the task's own connection (ctx.run), so it waits for
// exactly what later tasks need: SSH up, login accepted, a shell that runs.
//
// As in Ansible: skipped in check mode; `delay` comes before the `timeout`
// window; result `elapsed` in whole seconds; failure "timed out waiting for
// ping module test: <last error>".
//
// A connection lost on the way (a reboot) is replaced by the pool on the
// next attempt, so every attempt after a loss is a fresh login.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { HostUnreachableError } from '../connection/errors.js';
import { defineModule } from './types.js';

const seconds = (dflt: number, min: number, description: string) => z.coerce.number().int().min(min).default(dflt).describe(description);

const args = z.strictObject({
  delay: seconds(0, 0, 'Seconds to wait before the first attempt.'),
  sleep: seconds(1, 0, 'Seconds between attempts.'),
  timeout: seconds(600, 0, 'Seconds to keep trying (after delay).'),
  connect_timeout: seconds(5, 1, 'Seconds one attempt may take before it is abandoned and retried.'),
});

class AttemptTimeout extends Error {}

/** `p`, or AttemptTimeout after `ms`; an abandoned attempt's late failure is swallowed. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout(`no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

export default defineModule({
  name: 'wait_for_connection',
  args,
  async run(a, ctx) {
    if (ctx.check) return { changed: false, skipped: true, msg: 'skipped in check mode' };
    const start = Date.now();
    const elapsed = () => Math.floor((Date.now() - start) / 1000);
    if (a.delay > 0) await sleep(a.delay * 1000);
    const end = Date.now() + a.timeout * 1000;
    let last: unknown;
    while (Date.now() < end) {
      try {
        const res = await within(ctx.run('printf pong'), Math.min(a.connect_timeout * 1000, end - Date.now()));
        if (res.rc === 0 && res.stdout === 'pong') return { changed: false, elapsed: elapsed() };
        last = new Error(`ping test failed: rc=${res.rc} ${res.stderr.trim()}`);
      } catch (err) {
        if (!(err instanceof HostUnreachableError || err instanceof AttemptTimeout)) throw err;
        last = err;
      }
      await sleep(Math.max(0, Math.min(a.sleep * 1000, end - Date.now())));
    }
    const why = last instanceof Error ? last.message : 'no attempt was made (timeout 0)';
    return { changed: false, failed: true, elapsed: elapsed(), msg: `timed out waiting for ping module test: ${why}` };
  },
});
