// How keywords on plays, roles, blocks and imports reach the tasks under them.
import { z } from 'zod';
import type { Location } from '../errors.js';
import { checkExpression } from '../expr/evaluate.js';
import type { Inherited, Reach } from './model.js';
import type { Mapping } from './read.js';
import { conditionType, keyword, tagsType, varsType } from './read.js';
import { locate } from '../yaml/load.js';

export const NOTHING_INHERITED: Inherited = { when: [], tags: [], vars: {} };

function conditions(node: Mapping, where: Location): unknown[] {
  const when = keyword(node, 'when', conditionType);
  if (when === undefined) return [];
  const list = Array.isArray(when) ? when : [when];
  for (const c of list) if (typeof c === 'string') checkExpression(c, locate(node, 'when') ?? where);
  return list;
}

const connectionType = z
  .enum(['ssh', 'smart', 'paramiko', 'paramiko_ssh', 'local'], { message: 'ssh or local (the connections mosip-play has)' })
  .transform((c) => (c === 'local' ? 'local' : 'ssh'));

function reach(node: Mapping, parent: Reach | undefined): Reach | undefined {
  const own: Reach = {
    connection: keyword(node, 'connection', connectionType),
    remoteUser: keyword(node, 'remote_user', z.string().min(1)),
    port: keyword(node, 'port', z.number().int().min(1).max(65535)),
  };
  const set = Object.entries(own).filter(([, v]) => v !== undefined);
  return set.length === 0 ? parent : { ...parent, ...Object.fromEntries(set) };
}

/**
 * Keywords that are checked and need nothing more: become is always `sudo -n`, and module
 * names resolve with or without their collection prefix.
 */
function checkAccepted(node: Mapping): void {
  keyword(node, 'become_method', z.literal('sudo', { message: "only 'sudo' is supported (run as 'sudo -n', never prompting)" }));
  keyword(node, 'collections', z.array(z.string()));
}

/** The keywords of `node` layered over what its parent passed down. */
export function inherit(parent: Inherited, node: Mapping, where: Location): Inherited {
  checkAccepted(node);
  return {
    when: [...parent.when, ...conditions(node, where)],
    tags: [...new Set([...parent.tags, ...(keyword(node, 'tags', tagsType) ?? [])])],
    vars: { ...parent.vars, ...(keyword(node, 'vars', varsType.nullable()) ?? {}) },
    become: keyword(node, 'become', z.boolean()) ?? parent.become,
    becomeUser: keyword(node, 'become_user', z.string()) ?? parent.becomeUser,
    ignoreErrors: keyword(node, 'ignore_errors', z.boolean()) ?? parent.ignoreErrors,
    ignoreUnreachable: keyword(node, 'ignore_unreachable', z.boolean()) ?? parent.ignoreUnreachable,
    noLog: keyword(node, 'no_log', z.boolean()) ?? parent.noLog,
    checkMode: keyword(node, 'check_mode', z.boolean()) ?? parent.checkMode,
    environment: { ...parent.environment, ...keyword(node, 'environment', varsType) },
    delegateTo: keyword(node, 'delegate_to', z.string()) ?? parent.delegateTo,
    runOnce: keyword(node, 'run_once', z.boolean()) ?? parent.runOnce,
    throttle: keyword(node, 'throttle', z.number().int().min(1)) ?? parent.throttle,
    anyErrorsFatal: keyword(node, 'any_errors_fatal', z.boolean()) ?? parent.anyErrorsFatal,
    timeout: keyword(node, 'timeout', z.number().int().min(0)) ?? parent.timeout,
    diff: keyword(node, 'diff', z.boolean()) ?? parent.diff,
    reach: reach(node, parent.reach),
    role: parent.role,
  };
}
