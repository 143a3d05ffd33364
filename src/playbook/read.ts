// Reading keywords out of loaded YAML mappings, with the position of the
// offending keyword in every error.
import { z } from 'zod';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import { locate } from '../yaml/load.js';
import { didYouMean } from './suggest.js';

export type Mapping = Record<string, unknown>;

export function isMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Reject keywords that are unknown (with a did-you-mean) or known but not supported. */
export function checkKeywords(node: Mapping, supported: Set<string>, known: Set<string>, what: string, skip?: string): void {
  for (const key of Object.keys(node)) {
    if (supported.has(key) || key === skip) continue;
    const where = locate(node, key);
    if (known.has(key)) throw new PlaybookError(`${what} keyword '${key}' is not supported`, where);
    throw new PlaybookError(`unknown ${what} keyword '${key}'`, where, didYouMean(key, supported));
  }
}

/** Read one keyword with a zod type, reporting a wrong type at the keyword. */
export function keyword<T>(node: Mapping, key: string, type: z.ZodType<T>): T | undefined {
  if (!(key in node)) return undefined;
  const parsed = type.safeParse(node[key]);
  if (!parsed.success) {
    throw new PlaybookError(`'${key}': ${parsed.error.issues[0]?.message ?? 'invalid value'}`, locate(node, key));
  }
  return parsed.data;
}

export function at(node: unknown, key: string | number, fallback: Location): Location {
  return locate(node, key) ?? fallback;
}

export const varsType = z.record(z.string(), z.unknown());
export const conditionType = z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]);
export const namesType = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
export const tagsType = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v : String(v).split(',')).map((t) => String(t).trim()).filter(Boolean));
export const identifier = z.string().regex(/^[A-Za-z_]\w*$/, 'not a valid variable name');
