// The ufw module's arguments (community.general.ufw's names, defaults and
// aliases), normalised into one shape, and the ufw command line of a rule.
import { z } from 'zod';
import { boolArg } from './file-args.js';

const PROTOS = ['any', 'tcp', 'udp', 'ah', 'esp', 'gre', 'ipv6', 'igmp', 'vrrp'] as const;
const LEVELS = ['on', 'off', 'low', 'medium', 'high', 'full'] as const;
export type DefaultDirection = 'incoming' | 'outgoing' | 'routed';

/** A port as ufw takes it: `22`, `2379:2380`, `22,80,443`; YAML may make a number of it. */
const port = (description: string) =>
  z
    .union([z.number().int().min(0).max(65535), z.string().regex(/^[0-9]+(?::[0-9]+)?(?:,[0-9]+(?::[0-9]+)?)*$/, 'a port, a range a:b or a list a,b')])
    .transform(String)
    .optional()
    .describe(description);

const text = (description: string) => z.string().min(1).optional().describe(description);

const raw = z.strictObject({
  state: z.enum(['enabled', 'disabled', 'reloaded', 'reset']).optional()
    .describe('enabled/disabled: the firewall on or off (and at boot); reloaded: reload the rules (always changed); reset: disable and remove all rules (always changed).'),
  default: z.enum(['allow', 'deny', 'reject']).optional().describe('Set the default policy for `direction` (incoming when not given) (alias: policy).'),
  policy: z.enum(['allow', 'deny', 'reject']).optional().describe('Alias of default.'),
  logging: z
    .preprocess((v) => (v === true ? 'on' : v === false ? 'off' : v), z.enum(LEVELS))
    .optional()
    .describe('Logging level; `on` is satisfied by any level but off (a new `on` means low).'),
  direction: z.enum(['in', 'incoming', 'out', 'outgoing', 'routed']).optional()
    .describe('For a rule: in (incoming) or out (outgoing). For default: incoming, outgoing or routed.'),
  rule: z.enum(['allow', 'deny', 'reject', 'limit']).optional().describe('Add (or with delete, remove) a rule with this action.'),
  delete: boolArg('Remove the rule instead of adding it.').default(false),
  insert: z.coerce.number().int().min(1).optional().describe('Insert the rule at this position (1 = first) instead of appending it; ufw refuses a position past the last rule.'),
  route: boolArg('A routed (forwarded) rule, `ufw route ...`.').default(false),
  log: boolArg('Log new connections that match the rule.').default(false),
  interface: text('The interface the rule applies to, with `direction` (alias: if).'),
  if: text('Alias of interface.'),
  interface_in: text('Incoming interface (with route: true it may be combined with interface_out) (alias: if_in).'),
  if_in: text('Alias of interface_in.'),
  interface_out: text('Outgoing interface (alias: if_out).'),
  if_out: text('Alias of interface_out.'),
  from_ip: text('Source address or CIDR, or any (default) (aliases: from, src).'),
  from: text('Alias of from_ip.'),
  src: text('Alias of from_ip.'),
  from_port: port('Source port, range or list.'),
  to_ip: text('Destination address or CIDR, or any (default) (aliases: to, dest).'),
  to: text('Alias of to_ip.'),
  dest: text('Alias of to_ip.'),
  to_port: port('Destination port, range (`2379:2380`, needs proto) or list (alias: port).'),
  port: port('Alias of to_port.'),
  proto: z.enum(PROTOS).optional().describe('Protocol; any when not given (alias: protocol).'),
  protocol: z.enum(PROTOS).optional().describe('Alias of proto.'),
  name: text('An application profile (`ufw app list`), e.g. OpenSSH (alias: app).'),
  app: text('Alias of name.'),
  comment: text('A comment stored with the rule; a different comment on an existing rule is updated in place.'),
});

type Raw = z.infer<typeof raw>;

const RULE_FIELDS: (keyof Raw)[] = [
  'delete', 'insert', 'route', 'log', 'interface', 'if', 'interface_in', 'if_in', 'interface_out', 'if_out', 'from_ip', 'from', 'src',
  'from_port', 'to_ip', 'to', 'dest', 'to_port', 'port', 'proto', 'protocol', 'name', 'app', 'comment',
];

const ALIASES: [keyof Raw, keyof Raw][] = [
  ['default', 'policy'], ['interface', 'if'], ['interface_in', 'if_in'], ['interface_out', 'if_out'],
  ['from_ip', 'from'], ['from_ip', 'src'], ['to_ip', 'to'], ['to_ip', 'dest'], ['to_port', 'port'],
  ['proto', 'protocol'], ['name', 'app'],
];

function problems(a: Raw): string[] {
  const out: string[] = [];
  for (const [name, alias] of ALIASES) if (a[name] !== undefined && a[alias] !== undefined) out.push(`${name} and its alias ${alias} are both given`);
  const v = { ...a, interface: a.interface ?? a.if, interface_in: a.interface_in ?? a.if_in, interface_out: a.interface_out ?? a.if_out };
  if (!a.state && !(a.default ?? a.policy) && !a.rule && !a.logging) out.push('one of state, default, rule or logging is required');
  if ([a.name ?? a.app, a.proto ?? a.protocol, a.logging].filter((x) => x !== undefined).length > 1) out.push('name, proto and logging are mutually exclusive');
  if (v.interface && !a.direction) out.push('interface requires direction (in or out)');
  if (a.direction && (v.interface_in || v.interface_out)) out.push('direction cannot be combined with interface_in/interface_out');
  if (v.interface_in && v.interface_out && !a.route) out.push('only route rules can combine interface_in and interface_out');
  if (a.rule && a.direction && !['in', 'incoming', 'out', 'outgoing'].includes(a.direction)) {
    out.push('for a rule, direction must be in or out (a forwarded rule is route: true)');
  }
  if ((a.default ?? a.policy) && a.rule && a.direction) out.push('direction is ambiguous with both default and rule: use two tasks');
  if (a.delete && a.insert !== undefined) out.push('delete and insert are mutually exclusive');
  // Ansible silently ignores these without a rule; a forgotten `rule:` should not pass unnoticed.
  const ruleOnly = RULE_FIELDS.filter((k) => a[k] !== undefined && a[k] !== false);
  if (!a.rule && ruleOnly.length > 0) out.push(`${ruleOnly.join(', ')} only apply to a rule: add rule (allow, deny, reject or limit)`);
  return out;
}

export const ufwArgs = raw.superRefine((a, ctx) => {
  for (const message of problems(a)) ctx.addIssue({ code: 'custom', message });
}).transform((a) => ({
  state: a.state,
  default: a.default ?? a.policy,
  logging: a.logging,
  defaultDirection: ({ in: 'incoming', out: 'outgoing' } as Record<string, DefaultDirection>)[a.direction ?? ''] ?? ((a.direction as DefaultDirection | undefined) ?? 'incoming'),
  rule: a.rule && {
    action: a.rule,
    delete: a.delete,
    insert: a.insert,
    route: a.route,
    log: a.log,
    direction: a.direction && (a.direction.startsWith('in') ? 'in' : 'out'),
    interface: a.interface ?? a.if,
    interfaceIn: a.interface_in ?? a.if_in,
    interfaceOut: a.interface_out ?? a.if_out,
    fromIp: a.from_ip ?? a.from ?? a.src ?? 'any',
    fromPort: a.from_port,
    toIp: a.to_ip ?? a.to ?? a.dest ?? 'any',
    toPort: a.to_port ?? a.port,
    proto: a.proto ?? a.protocol,
    app: a.name ?? a.app,
    comment: a.comment,
  },
}));

export type UfwArgs = z.output<typeof ufwArgs>;
export type UfwRule = NonNullable<UfwArgs['rule']>;

/**
 * `ufw [route] [delete | insert N] ACTION [in|out [on IF]] [in on IF] [out on IF] [log]
 * from X [port P] to Y [port P] [proto P] [app NAME] [comment C]`, in the order
 * Ansible builds it (always the extended form with from/to).
 */
export function ruleArgv(r: UfwRule): string[] {
  const parts: (string | false | undefined)[][] = [
    [r.route && 'route'],
    [r.delete && 'delete'],
    r.insert !== undefined ? ['insert', String(r.insert)] : [],
    [r.action],
    [r.direction],
    r.interface ? ['on', r.interface] : [],
    r.interfaceIn ? ['in', 'on', r.interfaceIn] : [],
    r.interfaceOut ? ['out', 'on', r.interfaceOut] : [],
    [r.log && 'log'],
    ['from', r.fromIp],
    r.fromPort ? ['port', r.fromPort] : [],
    ['to', r.toIp],
    r.toPort ? ['port', r.toPort] : [],
    r.proto ? ['proto', r.proto] : [],
    r.app ? ['app', r.app] : [],
    r.comment ? ['comment', r.comment] : [],
  ];
  return parts.flat().filter((p): p is string => typeof p === 'string' && p !== '');
}
