// Users and groups as `getent` prints them (passwd and group databases, so
// LDAP/SSSD accounts count too), and the probes that read them.
import { shQuote } from '../modules/shell-quote.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export function parsePasswd(line: string): PasswdEntry | undefined {
  const f = line.trim().split(':');
  if (f.length < 7) return undefined;
  return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), comment: f[4]!, home: f[5]!, shell: f[6]! };
}

export function parseGroup(line: string): GroupEntry | undefined {
  const f = line.trim().split(':');
  if (f.length < 4) return undefined;
  return { name: f[0]!, gid: Number(f[2]), members: f[3] ? f[3].split(',') : [] };
}

/** `getent passwd NAME` / `getent group NAME` (a number is looked up as an id). */
export const passwdProbe = (name: string): string => `getent passwd ${shQuote(name)}`;
export const groupProbe = (name: string): string => `getent group ${shQuote(name)}`;
