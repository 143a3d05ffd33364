// vars_prompt, without the prompt: a run never waits for keyboard input. As
// Ansible does for a variable it was given as an extra var, an entry given
// with -e is not asked for; otherwise it takes its default, and with neither
// the run stops before any connection, saying how to pass the value.
import { z } from 'zod';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { secrets } from '../secrets/registry.js';
import { MAX_SALT, SALT_CHARS, randomSalt, shaCrypt } from '../secrets/sha-crypt.js';
import { renderValue } from '../template/render.js';
import { buildScope } from '../vars/scope.js';
import { locate } from '../yaml/load.js';
import type { Mapping } from './read.js';
import { checkKeywords, identifier, isMapping, keyword } from './read.js';

const ENTRY_KEYS = new Set(['name', 'prompt', 'default', 'private', 'confirm', 'encrypt', 'salt_size', 'salt', 'unsafe']);

export interface PromptSources {
  extraVars: Vars;
  /** What a default may refer to: the play's vars (extra vars win). */
  vars: Vars;
  /** --syntax-check and --list-*: an entry with no value stays undefined, as Ansible checks and lists without asking. */
  listing?: boolean;
}

/**
 * The values of the play's vars_prompt entries that -e does not give, rendered
 * once (as Ansible templates the entries once) and never templated again.
 */
export function promptVars(raw: Mapping, where: Location, src: PromptSources): Vars {
  const entries = keyword(raw, 'vars_prompt', z.array(z.unknown()).nullable()) ?? [];
  const out: Vars = {};
  entries.forEach((item, i) => {
    const at = locate(raw.vars_prompt, i) ?? where;
    const { entry, name } = checked(item, at);
    if (name in src.extraVars) {
      // Private (Ansible's default) means typed unseen: a secret, masked in every output.
      const given = src.extraVars[name];
      if (keyword(entry, 'private', z.boolean()) ?? true) secrets.add(typeof given === 'number' ? String(given) : given);
      return;
    }
    const value = defaultValue(entry, src);
    if (value !== undefined) out[name] = value;
    else if (!src.listing) throw missing(name, keyword(entry, 'prompt', z.string()), at);
  });
  return out;
}

/** Checks an entry's keys and the types of those that are always read. */
function checked(item: unknown, at: Location): { entry: Mapping; name: string } {
  if (!isMapping(item)) throw new PlaybookError("a vars_prompt entry must be a mapping with a 'name'", at);
  checkKeywords(item, ENTRY_KEYS, ENTRY_KEYS, 'vars_prompt');
  const name = keyword(item, 'name', identifier);
  if (name === undefined) throw new PlaybookError("a vars_prompt entry needs a 'name'", at);
  for (const flag of ['private', 'confirm', 'unsafe']) keyword(item, flag, z.boolean());
  keyword(item, 'prompt', z.string());
  keyword(item, 'encrypt', z.string());
  return { entry: item, name };
}

function missing(name: string, prompt: string | undefined, at: Location): PlaybookError {
  const asked = prompt === undefined ? '' : ` ("${prompt}")`;
  return new PlaybookError(
    `the play asks for '${name}'${asked} and mosip-play never prompts`,
    at,
    `give it with -e ${name}=..., or in a vars file with -e @file.yml`,
  );
}

/** The default as text (Ansible's prompt values are text), hashed when `encrypt` says so; undefined without one. */
function defaultValue(entry: Mapping, src: PromptSources): string | undefined {
  const raw = keyword(entry, 'default', z.union([z.string(), z.number(), z.boolean()]).nullable());
  if (raw === undefined || raw === null) return undefined;
  const where = locate(entry, 'default');
  const value = renderValue(raw, buildScope([src.vars, src.extraVars]), where);
  if (typeof value === 'object' && value !== null) throw new PlaybookError('a vars_prompt default must render to text, not a list or mapping', where);
  // Python's str(): what Ansible makes of a default that is a number or a boolean.
  const text = typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  return encrypted(entry, text);
}

/** `encrypt`, `salt`, `salt_size`: a crypt(3) hash of the value, as Ansible's do_encrypt makes it. */
function encrypted(entry: Mapping, value: string): string {
  const algorithm = keyword(entry, 'encrypt', z.enum(['sha512_crypt', 'sha256_crypt'], { message: 'sha512_crypt or sha256_crypt (the hashes mosip-play makes)' }));
  if (algorithm === undefined) return value;
  const size = keyword(entry, 'salt_size', z.number().int().min(1).max(MAX_SALT)) ?? MAX_SALT;
  const salt = keyword(entry, 'salt', z.string().min(1).max(MAX_SALT).regex(SALT_CHARS, 'only the characters ./0-9A-Za-z'));
  return shaCrypt(algorithm, value, salt ?? randomSalt(size));
}
