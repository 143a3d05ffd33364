// Module arguments are checked against the module's schema after templating,
// so a wrong type is reported with the task's location.
import { PlaybookError } from '../errors.js';
import type { Task } from '../playbook/model.js';

export function validateArgs(task: Task, args: unknown): Record<string, unknown> {
  const parsed = task.module.args.safeParse(args);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new PlaybookError(`invalid arguments for '${task.module.name}': ${problems.join('; ')}`, task.where);
}
