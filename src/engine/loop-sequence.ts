// with_sequence, as Ansible 2.14's sequence lookup: `start=1 end=5 stride=1
// format=%d` or `count=N` as k=v words, or the shortcut
// `[start-]end[/stride][:format]`; numbers in Python's notation (0x10, 0o17,
// 0b11), items are the formatted strings. Messages are the plugin's own.
import type { Location } from '../errors.js';
import { TemplateError } from '../errors.js';
import { splitWords } from '../modules/shell-quote.js';
import { listify } from './loop-lookups.js';
import { percentFormat } from './percent-format.js';
import { pyRepr } from './py-repr.js';

interface Spec {
  start: number;
  end?: number;
  count?: number;
  stride: number;
  format: string;
}

const NUM = '(0?x?[0-9a-f]+)';
const SHORTCUT = new RegExp(`^(${NUM}-)?${NUM}(/${NUM})?(:(.+))?$`, 'i');
/** What Python's int(text, 0) accepts. */
const PY_INT = /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?0)*|[1-9](?:_?\d)*)$/;

export function sequence(value: unknown, where: Location): string[] {
  return listify(value).flatMap((term) => {
    if (typeof term !== 'string') {
      throw new TemplateError(`with_sequence takes 'start=N end=N stride=N format=F', 'count=N' or '[start-]end[/stride][:format]', got ${pyRepr(term)}`, where);
    }
    return generate(checked(shortcut(term, where) ?? keyValues(term, where), where), where);
  });
}

function integer(name: string, text: string, where: Location): number {
  const t = text.trim();
  if (!PY_INT.test(t)) throw new TemplateError(`can't parse ${name}=${text} as integer`, where);
  const n = Number(t.replace(/^[+-]/, '').replaceAll('_', ''));
  return t.startsWith('-') ? -n : n;
}

function shortcut(term: string, where: Location): Spec | undefined {
  const m = SHORTCUT.exec(term);
  if (!m) return undefined;
  const [, , start, end, , stride, , format] = m;
  return {
    start: start === undefined ? 1 : integer('start', start, where),
    end: integer('end', end!, where),
    stride: stride === undefined ? 1 : integer('stride', stride, where),
    format: format ?? '%d',
  };
}

const NUMBERS = ['start', 'end', 'count', 'stride'] as const;

function keyValues(term: string, where: Location): Spec {
  const args = parseKeyValues(term, where);
  const spec: Spec = { start: 1, stride: 1, format: '%d' };
  for (const name of NUMBERS) {
    if (name in args) spec[name] = integer(name, args[name]!, where);
    delete args[name];
  }
  if ('format' in args) spec.format = args.format!;
  delete args.format;
  const unknown = Object.keys(args);
  if (unknown.length > 0) throw new TemplateError(`unrecognized arguments to with_sequence: [${unknown.map((k) => pyRepr(k)).join(', ')}]`, where);
  return spec;
}

/** Ansible's parse_kv: `k=v` words (quotes removed); other words are collected as `_raw_params`. */
function parseKeyValues(term: string, where: Location): Record<string, string> {
  let words: string[];
  try {
    words = splitWords(term);
  } catch {
    throw new TemplateError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${term}`, where);
  }
  const args: Record<string, string> = {};
  const raw: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=', 1);
    if (eq < 0) raw.push(word);
    else args[word.slice(0, eq).trim()] = word.slice(eq + 1).trim();
  }
  if (raw.length > 0) args._raw_params = raw.join(' ');
  return args;
}

/** The plugin's sanity_check, `count` turned into `end` (with its off-by-N for negative strides). */
function checked(spec: Spec, where: Location): Required<Omit<Spec, 'count'>> {
  const { count, format } = spec;
  let { start, end, stride } = spec;
  if (count === undefined && end === undefined) throw new TemplateError('must specify count or end in with_sequence', where);
  if (count !== undefined && end !== undefined) throw new TemplateError("can't specify both count and end in with_sequence", where);
  if (count !== undefined) {
    if (count === 0) start = end = stride = 0;
    else end = start + count * stride - 1;
  }
  if (stride > 0 && end! < start) throw new TemplateError('to count backwards make stride negative', where);
  if (stride < 0 && end! > start) throw new TemplateError("to count forward don't make stride negative", where);
  if (format.split('%').length !== 2) throw new TemplateError(`bad formatting string: ${format}`, where);
  return { start, end: end!, stride, format };
}

function generate({ start, end, stride, format }: Required<Omit<Spec, 'count'>>, where: Location): string[] {
  const numbers: number[] = [];
  if (stride > 0) for (let i = start; i <= end; i += stride) numbers.push(i);
  if (stride < 0) for (let i = start; i >= end; i += stride) numbers.push(i);
  if (numbers.length === 0) return [];
  const fmt = percentFormat(format);
  if (!fmt) throw new TemplateError(`problem formatting ${numbers[0]} with ${pyRepr(format)}`, where);
  try {
    return numbers.map(fmt);
  } catch (err) {
    throw new TemplateError(`unknown error generating sequence: ${(err as Error).message}`, where);
  }
}
