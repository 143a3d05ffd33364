// Turns what a task wrote after the module name into an arguments mapping:
// a mapping as is, Ansible's `k=v k2=v2` string, or a free-form command
// (`shell: creates=/x make install`), whose known `k=v` words are lifted out.
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import { splitWords } from '../modules/shell-quote.js';
import type { Module } from '../modules/types.js';
import { Unsafe } from '../template/unsafe.js';

/** The `k=v` words Ansible lifts out of a free-form command. */
const FREE_FORM_PARAMS = /(?:^|\s)(creates|removes|chdir|executable|stdin)=("[^"]*"|'[^']*'|\S+)/g;

export function moduleArgs(module: Module, raw: unknown, where: Location): Record<string, unknown> {
  if (raw === null || raw === undefined) return {};
  if (raw instanceof Unsafe) return unsafeArgs(moduleArgs(module, raw.text, where));
  if (typeof raw === 'object' && !Array.isArray(raw)) return { ...(raw as Record<string, unknown>) };
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    throw new PlaybookError(`arguments of '${module.name}' must be a mapping or a string`, where);
  }
  const text = String(raw);
  return module.freeForm ? freeForm(module.freeForm, text) : keyValues(module.name, text, where);
}

/** `shell: !unsafe "..."`: every argument read out of the text is as untemplatable as the text. */
function unsafeArgs(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, new Unsafe(String(v))]));
}

function freeForm(key: string, text: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const rest = text.replace(FREE_FORM_PARAMS, (_m, k: string, v: string) => {
    args[k] = splitWords(v)[0] ?? '';
    return '';
  });
  if (rest.trim() !== '') args[key] = rest.trim();
  return args;
}

function keyValues(module: string, text: string, where: Location): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  let words: string[];
  try {
    words = splitWords(text);
  } catch (err) {
    throw new PlaybookError((err as Error).message, where);
  }
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new PlaybookError(`'${module}' takes key=value arguments; '${word}' is not one`, where);
    args[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return args;
}
