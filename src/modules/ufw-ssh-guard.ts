// The ufw module's promise never to cut the SSH connection the run is using.
// The host tells us the connection (SSH_CONNECTION: client address and port,
// server address and port) and the interface it arrives on; we replay ufw's
// input decision for a NEW connection from that client: the first matching
// user rule wins, else the default incoming policy. Existing connections
// survive a change (conntrack), new ones do not, so this is what matters.
//
// What it does not see: hand-written rules in before.rules/after.rules (a
// custom ACCEPT there is ignored, so the guard may refuse where SSH would
// in fact stay open; adding the explicit allow rule it suggests is harmless).
import { BlockList, isIP } from 'node:net';
import { parseTuple, type Tuple } from './ufw-tuples.js';

export interface SshConnection {
  clientIp: string;
  clientPort: number;
  serverIp: string;
  serverPort: number;
  /** The interface that holds serverIp; unknown when `ip` is missing. */
  iface?: string;
}

export type Policy = 'allow' | 'deny' | 'reject';

/** `SSH_CONNECTION` is "client_ip client_port server_ip server_port". */
export function parseSshConnection(value: string, iface?: string): SshConnection | undefined {
  const [clientIp = '', clientPort, serverIp = '', serverPort] = value.trim().split(/\s+/);
  const bare = (ip: string) => ip.replace(/%.*$/, '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  if (!isIP(bare(clientIp)) || !isIP(bare(serverIp))) return undefined;
  return { clientIp: bare(clientIp), clientPort: Number(clientPort), serverIp: bare(serverIp), serverPort: Number(serverPort), iface: iface || undefined };
}

export function family(c: SshConnection): 'v4' | 'v6' {
  return isIP(c.serverIp) === 6 ? 'v6' : 'v4';
}

/** Would ufw, enabled with these rules and this default incoming policy, accept a new SSH connection? */
export function sshAccepted(tupleLines: string[], policy: Policy, c: SshConnection): boolean {
  for (const line of tupleLines) {
    const t = parseTuple(line);
    if (!t || !matches(t, c)) continue;
    return !/^(?:deny|reject)/.test(t.action);
  }
  return policy === 'allow';
}

/**
 * A rule matches when every field admits the connection. A rule bound to an
 * interface counts when the interface is SSH's; when that is unknown, an
 * interface-bound deny counts and an interface-bound allow does not (the
 * conservative reading both ways).
 */
function matches(t: Tuple, c: SshConnection): boolean {
  if (t.action.startsWith('route:') || t.direction !== 'in') return false;
  if (t.iface !== undefined) {
    const isDeny = /^(?:deny|reject)/.test(t.action);
    if (c.iface === undefined ? !isDeny : t.iface !== c.iface) return false;
  }
  return (
    (t.proto === 'any' || t.proto === 'tcp') &&
    portIn(t.dport, c.serverPort) &&
    portIn(t.sport, c.clientPort) &&
    addressIn(t.dst, c.serverIp) &&
    addressIn(t.src, c.clientIp)
  );
}

/** `any`, `22`, `22,80,443`, `2379:2380` or a mix. */
function portIn(spec: string, port: number): boolean {
  if (spec === 'any') return true;
  return spec.split(',').some((part) => {
    const [lo, hi = lo] = part.split(':').map(Number);
    return lo !== undefined && hi !== undefined && port >= lo && port <= hi;
  });
}

/** `0.0.0.0/0`, `::/0`, a CIDR or a single address. */
function addressIn(spec: string, ip: string): boolean {
  if (spec === 'any') return true;
  const [net = '', bits] = spec.split('/');
  const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
  if (isIP(net) === 0 || isIP(ip) !== isIP(net)) return false;
  const list = new BlockList();
  if (bits === undefined) list.addAddress(net, type);
  else list.addSubnet(net, Number(bits), type);
  return list.check(ip, type);
}

/** The refusal, naming the connection and the rule that would keep it open. */
export function lockoutMessage(c: SshConnection, what: string): string {
  return (
    `refusing to ${what}: ufw would then drop new SSH connections from ${c.clientIp} to ${c.serverIp} port ${c.serverPort}/tcp ` +
    `(the connection this run uses), as no allow rule would cover them. Make sure one does (in an earlier task), e.g. ` +
    `"ufw: {rule: allow, proto: tcp, port: '${c.serverPort}', from_ip: ${c.clientIp}}" ` +
    `(or port ${c.serverPort}/tcp from anywhere: "ufw: {rule: allow, proto: tcp, port: '${c.serverPort}'}").`
  );
}
