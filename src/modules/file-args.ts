// Argument pieces the file modules share (file, copy, template, stat, slurp,
// fetch). `k=v` task arguments arrive as strings, so booleans accept Ansible's
// yes/no words, and a mode may be a YAML octal number (0644 arrives as 420).
import { z } from 'zod';

const BOOL_WORD = /^(?:yes|no|true|false|on|off|y|n|1|0)$/i;

/**
 * A boolean as Ansible reads one: true/false, or yes/no, on/off, 1/0 written
 * as text. Give its default with `.prefault(x)`: a `.default(x)` after the
 * transform works but is missing from the generated JSON Schema and docs.
 */
export function boolArg(description: string) {
  return z
    .union([z.boolean(), z.string().regex(BOOL_WORD, 'must be a boolean (yes/no, true/false)').transform((s) => /^(?:yes|true|on|y|1)$/i.test(s))])
    .describe(description);
}

const OCTAL = /^[0-7]{1,5}$/;
const CLAUSE = '[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+';
const SYMBOLIC = new RegExp(`^${CLAUSE}(?:,${CLAUSE})*$`);

/**
 * A mode: an octal string (`'0644'`, `'644'`), a number (what YAML makes of an
 * unquoted `0644`; like Ansible, a decimal number such as `644` is taken as is,
 * i.e. 0o1204), or chmod's symbolic form (`u+x,g-w`). Normalised to four octal
 * digits, or kept symbolic for `resolveMode`.
 */
export function modeArg(description: string, extra: string[] = []) {
  return z
    .union([z.number().int().min(0).max(0o7777), z.string()])
    .transform((v) => (typeof v === 'number' ? v.toString(8).padStart(4, '0') : v))
    .refine((v) => extra.includes(v) || (OCTAL.test(v) && parseInt(v, 8) <= 0o7777) || SYMBOLIC.test(v), {
      message: `must be an octal mode ('0644') or symbolic ('u+rwx,g-w')${extra.map((e) => ` or '${e}'`).join('')}`,
    })
    .transform((v) => (OCTAL.test(v) ? parseInt(v, 8).toString(8).padStart(4, '0') : v))
    .describe(description);
}

/** A user or group, by name or by number. */
function idArg(description: string) {
  return z
    .union([z.string().min(1), z.number().int().min(0)])
    .transform(String)
    .describe(description);
}

/** `mode`, `owner` and `group`, as every module that creates files takes them. */
export const attributeArgs = {
  mode: modeArg('Permissions of the result: octal (`0644`, quote it in YAML) or symbolic (`u=rw,g=r,o=r`).').optional(),
  owner: idArg('User that should own the result (name or uid); needs become to change it.').optional(),
  group: idArg('Group that should own the result (name or gid).').optional(),
};

/** Ansible's `validate`: a command run on the temp file before it replaces the destination. */
export const validateArg = z
  .string()
  .refine((v) => v.includes('%s'), { message: 'validate must contain %s (the file to check)' })
  .describe('Command that checks the new file before it is put in place; `%s` is the file, e.g. `visudo -cf %s`.');
