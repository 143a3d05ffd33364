// A task's `timeout` (or `async` limit): one run of its module may take that
// many seconds. The controller stops waiting at the limit and fails the task
// as Ansible does; every command the module started on the host carries the
// limit too (a second later, so the report comes from here) and is ended
// there by coreutils `timeout`, so nothing hung keeps running or holding a lock.
import type { ExecOptions } from '../connection/types.js';
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/model.js';

type CommandLimit = () => Pick<ExecOptions, 'timeLimit'>;

interface Limit {
  seconds: number;
  /** The result when the limit is reached, in Ansible's words. */
  expired: ModuleResult;
}

const HOST_GRACE_S = 1;

/** The tighter of `timeout` and `async`, if the task has either. */
export function taskLimit(task: Pick<Task, 'timeout' | 'asyncLimit' | 'module'>): Limit | undefined {
  const limits: Limit[] = [];
  if (task.timeout) {
    const msg = `The ${task.module.name} action failed to execute in the expected time frame (${task.timeout}) and was terminated`;
    limits.push({ seconds: task.timeout, expired: { changed: false, failed: true, msg, timedout: { period: task.timeout } } });
  }
  if (task.asyncLimit) {
    const msg = `async task did not complete within the requested time - ${task.asyncLimit}s`;
    limits.push({ seconds: task.asyncLimit, expired: { changed: false, failed: true, msg } });
  }
  return limits.sort((a, b) => a.seconds - b.seconds)[0];
}

export async function withTimeLimit(limit: Limit | undefined, work: (limit: CommandLimit) => Promise<ModuleResult>): Promise<ModuleResult> {
  if (!limit) return work(() => ({}));
  const deadline = Date.now() + limit.seconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<ModuleResult>((resolve) => {
    timer = setTimeout(() => resolve({ ...limit.expired }), limit.seconds * 1000);
  });
  const running = work(() => {
    // Abandoned work must not start anything new on the host (a write after the read).
    if (Date.now() >= deadline) throw new Error('time limit reached');
    return { timeLimit: Math.max(1, Math.ceil((deadline - Date.now()) / 1000)) + HOST_GRACE_S };
  });
  // Once the limit has won, a late failure of the abandoned work has no one to report to.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
