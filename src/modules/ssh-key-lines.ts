// authorized_keys lines as ansible.posix.authorized_key reads them: optional
// options, a key type, the base64 blob that identifies the key, a comment.
// Lines that are not keys (comments, blanks) are kept as they are.

const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'ssh-ed25519',
  'ssh-dss',
  'ssh-rsa',
]);

export interface SshKey {
  /** The base64 blob: the key's identity. */
  blob: string;
  type: string;
  /** Options in their order, `name` or `name=value`. */
  options: string[];
  comment: string;
}

/** Split on commas outside quotes, as Ansible's parseoptions does. */
export function parseOptions(text: string | undefined): string[] {
  if (!text) return [];
  return (text.match(/(?:[^,"']|"[^"]*"|'[^']*')+/g) ?? []).filter((p) => p !== ',');
}

/**
 * One line, or undefined when it is not a key. Like Ansible (shlex without
 * quotes) the line is split on whitespace, and options are what precedes the
 * first known key type.
 */
export function parseKey(line: string): SshKey | undefined {
  const parts = line.replace(/\\#/g, '#').trim().split(/\s+/);
  if (parts[0] === '#') return undefined;
  const t = parts.findIndex((p) => KEY_TYPES.has(p) || /^[\w@.-]+-cert-v01@openssh\.com$/.test(p));
  if (t < 0 || parts[t + 1] === undefined) return undefined;
  return { blob: parts[t + 1]!, type: parts[t]!, options: parseOptions(parts.slice(0, t).join(' ')), comment: parts.slice(t + 2).join(' ') };
}

export function keyLine(k: SshKey): string {
  const options = k.options.length ? `${k.options.join(',')} ` : '';
  return `${options}${k.type} ${k.blob}${k.comment ? ` ${k.comment}` : ''}`;
}

/** Same type, options (in any order, as Ansible's dict comparison) and comment. */
export function sameKey(a: SshKey, b: SshKey): boolean {
  const opts = (k: SshKey): string => JSON.stringify([...k.options].sort());
  return a.type === b.type && a.comment === b.comment && opts(a) === opts(b);
}

export interface KeyEdit {
  lines: string[];
  changed: boolean;
}

/** The file's lines after making each wanted key present or absent (and, if exclusive, the only ones). */
export function editKeys(lines: string[], wanted: SshKey[], state: 'present' | 'absent', exclusive: boolean): KeyEdit {
  let out = lines.map((line) => ({ line, key: parseKey(line) }));
  let changed = false;
  for (const w of wanted) {
    const same = out.filter((e) => e.key?.blob === w.blob);
    if (state === 'absent') {
      if (same.length) [out, changed] = [out.filter((e) => e.key?.blob !== w.blob), true];
    } else if (same.length === 0) {
      [out, changed] = [[...out, { line: keyLine(w), key: w }], true];
    } else if (!same.every((e) => sameKey(e.key!, w))) {
      // Replaced where it was (Ansible moves it to the end), duplicates dropped.
      const first = out.indexOf(same[0]!);
      out = out.flatMap((e, i) => (i === first ? [{ line: keyLine(w), key: w }] : e.key?.blob === w.blob ? [] : [e]));
      changed = true;
    }
  }
  if (state === 'present' && exclusive) {
    const keep = new Set(wanted.map((w) => w.blob));
    const kept = out.filter((e) => e.key !== undefined && keep.has(e.key.blob));
    if (kept.length !== out.length) [out, changed] = [kept, true];
  }
  return { lines: out.map((e) => e.line), changed };
}
