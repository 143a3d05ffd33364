// The isolated Handlebars instance every template is rendered with, and the
// helpers registered on it (see helpers/*.ts for the list and semantics).
import Handlebars from 'handlebars';
import { UndefinedPath, registerAll } from './helpers/args.js';
import type { CallOptions } from './helpers/args.js';
import { dataHelpers } from './helpers/data.js';
import { formatHelpers } from './helpers/formats.js';
import { logicHelpers } from './helpers/logic.js';
import { lookupHelpers } from './helpers/lookups.js';
import { stringHelpers } from './helpers/strings.js';

export const handlebars = Handlebars.create();

registerAll(handlebars, { ...stringHelpers, ...dataHelpers, ...formatHelpers, ...logicHelpers, ...lookupHelpers });

/** Internal: a template that is one helper call keeps the call's value, not its text. */
export const CAPTURE = '__mosip_play_capture';
export interface CaptureBox {
  value?: unknown;
}

handlebars.registerHelper(CAPTURE, (value: unknown, options: CallOptions) => {
  (options.data?.capture as CaptureBox).value = value;
  return '';
});

/**
 * Internal: `a.b.c` is read as `(GET "a.b.c" a "b" "c")`, so that a missing
 * `a` gives undefined instead of a JavaScript TypeError (helper arguments,
 * `#if`); `{{ a.b.c }}` on its own is `{{VAR "a.b.c" a "b" "c"}}`, which
 * reports the whole path when any part is missing.
 */
export const GET = '__mosip_play_get';
export const VAR = '__mosip_play_var';

/** One step of a path: own properties only, as Handlebars' own lookups. */
function step(cur: unknown, part: string): { found: boolean; value?: unknown } {
  if (cur === null || cur === undefined || (typeof cur !== 'object' && typeof cur !== 'string')) return { found: false };
  const box = Object(cur) as Record<string, unknown>;
  return Object.hasOwn(box, part) ? { found: true, value: box[part] } : { found: false };
}

function walkPath(head: unknown, parts: unknown[]): { found: boolean; value?: unknown } {
  let cur: { found: boolean; value?: unknown } = { found: head !== undefined, value: head };
  for (const part of parts) {
    if (!cur.found) break;
    cur = step(cur.value, String(part));
  }
  return cur;
}

handlebars.registerHelper(GET, (_path: string, head: unknown, ...rest: unknown[]) => walkPath(head, rest.slice(0, -1)).value);
handlebars.registerHelper(VAR, (path: string, head: unknown, ...rest: unknown[]) => {
  const got = walkPath(head, rest.slice(0, -1));
  if (!got.found) throw new UndefinedPath(path, (rest.at(-1) as CallOptions).loc?.start);
  return got.value;
});

/**
 * Internal: prints nothing, but as a string. With noEscape, Handlebars joins
 * outputs with `+`, so `{{ a }}{{ b }}` with numbers 1 and 2 would print 3;
 * a program that starts with this adds strings from the first output on.
 */
export const TEXT = '__mosip_play_text';
handlebars.registerHelper(TEXT, () => '');

/** Names `{{ name }}` must not call as a helper: every registered helper. */
export function isHelperName(name: string): boolean {
  return Object.hasOwn(handlebars.helpers, name);
}
