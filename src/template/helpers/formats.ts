// JSON and YAML in and out, laid out as Ansible's filters lay them out
// (Python's json.dumps spacing, PyYAML's sorted keys and flow-style leaves).
import { COLLECTION_STYLE, YAMLException, dump, load, visit } from 'js-yaml';
import type { Document, Node } from 'js-yaml';
import { ANSIBLE_SCHEMA } from '../../yaml/schema.js';
import type { HelperTable } from './args.js';
import { ArgError, defined, describe, flag, integer, isMapping, text } from './args.js';

interface JsonLayout {
  indent?: number;
  sortKeys: boolean;
  ensureAscii: boolean;
}

function jsonString(s: string, ascii: boolean): string {
  const quoted = JSON.stringify(s);
  if (!ascii) return quoted;
  return quoted.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python's `json.dumps`: `", "` and `": "` separators, `","` between lines when indented. */
function pyJson(v: unknown, layout: JsonLayout, depth = 0, seen = new Set<object>()): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v, layout.ensureAscii);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v !== 'object') throw new ArgError(`cannot serialise ${typeof v} values`);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return pyJson((v as { toJSON(): unknown }).toJSON(), layout, depth, seen);
  if (seen.has(v)) throw new ArgError('the value contains itself (circular reference)');
  seen.add(v);
  let parts: string[];
  let open: string;
  let close: string;
  if (Array.isArray(v)) {
    parts = v.map((x) => pyJson(x, layout, depth + 1, seen));
    [open, close] = ['[', ']'];
  } else {
    let entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (layout.sortKeys) entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    parts = entries.map(([k, x]) => `${jsonString(k, layout.ensureAscii)}: ${pyJson(x, layout, depth + 1, seen)}`);
    [open, close] = ['{', '}'];
  }
  seen.delete(v);
  if (parts.length === 0) return open + close;
  if (layout.indent === undefined) return open + parts.join(', ') + close;
  const pad = (n: number) => '\n' + ' '.repeat(layout.indent! * n);
  return open + pad(depth + 1) + parts.join(',' + pad(depth + 1)) + pad(depth) + close;
}

function keyText(n: Node): string {
  return n.kind === 'scalar' ? n.value : '';
}

/** Sort mapping keys and/or put collections of scalars in flow style, as PyYAML does. */
function yamlLayout(sortKeys: boolean, flowLeaves: boolean) {
  return (docs: Document[]) =>
    visit(docs, (node) => {
      if (node.kind === 'mapping' && sortKeys) {
        node.items.sort((p, q) => (keyText(p.key) < keyText(q.key) ? -1 : keyText(p.key) > keyText(q.key) ? 1 : 0));
      }
      if (flowLeaves && (node.kind === 'mapping' || node.kind === 'sequence')) {
        const kids = node.kind === 'mapping' ? node.items.map((i) => i.value) : node.items;
        if (kids.every((k) => k.kind === 'scalar' || k.kind === 'alias')) node.style = COLLECTION_STYLE.FLOW;
      }
    });
}

function toYaml(v: unknown, hash: Record<string, unknown>, nice: boolean): string {
  const indent = hash.indent === undefined ? (nice ? 4 : 2) : integer(hash.indent, 'indent');
  if (indent < 1 || indent > 9) throw new ArgError(`indent must be between 1 and 9, got ${indent}`);
  const sortKeys = hash.sort_keys === undefined ? true : flag(hash.sort_keys, 'sort_keys');
  try {
    return dump(v, { indent, noRefs: true, transform: yamlLayout(sortKeys, !nice) });
  } catch (err) {
    throw new ArgError(`cannot write YAML: ${(err as Error).message}`, 0);
  }
}

function fromYaml(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return load(v, { schema: ANSIBLE_SCHEMA });
  } catch (err) {
    if (err instanceof YAMLException) {
      const at = err.mark ? ` at line ${err.mark.line + 1}, column ${err.mark.column + 1}` : '';
      throw new ArgError(`invalid YAML${at}: ${err.reason}`, 0);
    }
    throw err;
  }
}

function jsonOptions(hash: Record<string, unknown>, nice: boolean): JsonLayout {
  const indent = hash.indent === undefined ? (nice ? 4 : undefined) : integer(hash.indent, 'indent');
  const sortKeys = hash.sort_keys === undefined ? nice : flag(hash.sort_keys, 'sort_keys');
  const ensureAscii = hash.ensure_ascii === undefined ? true : flag(hash.ensure_ascii, 'ensure_ascii');
  return { indent, sortKeys, ensureAscii };
}

const JSON_OPTS = ['indent', 'sort_keys', 'ensure_ascii'];
const YAML_OPTS = ['indent', 'sort_keys'];

export const formatHelpers: HelperTable = {
  to_json: { min: 1, max: 1, hash: JSON_OPTS, fn: (a, h) => pyJson(defined(a, 0), jsonOptions(h, false)) },
  to_nice_json: { min: 1, max: 1, hash: JSON_OPTS, fn: (a, h) => pyJson(defined(a, 0), jsonOptions(h, true)) },
  to_yaml: { min: 1, max: 1, hash: YAML_OPTS, fn: (a, h) => toYaml(defined(a, 0), h, false) },
  to_nice_yaml: { min: 1, max: 1, hash: YAML_OPTS, fn: (a, h) => toYaml(defined(a, 0), h, true) },
  from_json: {
    min: 1,
    max: 1,
    fn: (a) => {
      const s = text(a, 0, 'a JSON string');
      try {
        return JSON.parse(s) as unknown;
      } catch (err) {
        throw new ArgError(`invalid JSON: ${(err as Error).message}`, 0);
      }
    },
  },
  from_yaml: {
    min: 1,
    max: 1,
    fn: (a) => {
      const v = defined(a, 0, 'a YAML string');
      if (typeof v !== 'string' && !isMapping(v) && !Array.isArray(v)) throw new ArgError(`expected a YAML string, got ${describe(v)}`, 0);
      return fromYaml(v);
    },
  },
};
