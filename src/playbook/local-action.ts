// `local_action: <module> <args>` (or a mapping with `module:`) is Ansible's
// older spelling of the module with `delegate_to: localhost`; the entry is
// rewritten to that before the task is read, positions kept for errors.
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import { findModule, moduleNames } from '../modules/index.js';
import { keepPositions, locate } from '../yaml/load.js';
import type { Mapping } from './read.js';
import { isMapping } from './read.js';
import { didYouMean } from './suggest.js';

export function expandLocalAction(raw: Mapping, where: Location): { raw: Mapping; moduleKey: string } {
  const at = locate(raw, 'local_action') ?? where;
  if ('delegate_to' in raw) throw new PlaybookError("a task cannot have both 'local_action' and 'delegate_to'", locate(raw, 'delegate_to') ?? at);
  const { moduleKey, args } = moduleAndArgs(raw.local_action, at);
  if (!findModule(moduleKey)) throw new PlaybookError(`unknown module '${moduleKey}'`, at, didYouMean(moduleKey, moduleNames()));
  const { local_action: _rewritten, ...rest } = raw;
  const task = { ...rest, [moduleKey]: args, delegate_to: 'localhost' };
  return { raw: keepPositions(raw, task, { [moduleKey]: at, delegate_to: at }), moduleKey };
}

function moduleAndArgs(spec: unknown, at: Location): { moduleKey: string; args: unknown } {
  if (typeof spec === 'string') {
    const [, moduleKey = '', args = ''] = /^\s*(\S*)\s*([\s\S]*)$/.exec(spec) ?? [];
    if (moduleKey !== '') return { moduleKey, args: args === '' ? null : args };
  }
  if (isMapping(spec) && typeof spec.module === 'string') {
    const { module: moduleKey, ...args } = spec;
    return { moduleKey, args: keepPositions(spec, args) };
  }
  throw new PlaybookError("local_action needs '<module> <arguments>' or a mapping with 'module'", at);
}
