// Loads YAML and keeps where every mapping, sequence, key and item came from,
// so later stages can report `file:line:col` for any value they reject.
import { readFileSync } from 'node:fs';
import { EVENT_ID, YAMLException, constructFromEvents, getScalarValue, parseEvents } from 'js-yaml';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import { ANSIBLE_SCHEMA } from './schema.js';

type Event = ReturnType<typeof parseEvents>[number];

/** Positions of a mapping/sequence and of each of its keys or indexes. */
interface NodePositions {
  self: Location;
  children: Map<string | number, Location>;
}

const positions = new WeakMap<object, NodePositions>();

/** Where a loaded mapping or sequence (or one of its keys/indexes) was written. */
export function locate(node: unknown, key?: string | number): Location | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const pos = positions.get(node);
  if (!pos) return undefined;
  return key === undefined ? pos.self : (pos.children.get(key) ?? pos.self);
}

/** A mapping built from a loaded one keeps its positions; `moved` places keys it did not have. */
export function keepPositions<T extends object>(from: object, to: T, moved: Record<string, Location> = {}): T {
  const pos = positions.get(from);
  if (pos) positions.set(to, { self: pos.self, children: new Map([...pos.children, ...Object.entries(moved)]) });
  return to;
}

/** Parse YAML text; the error class lets inventories and playbooks report their own kind. */
export function parseYaml(
  text: string,
  file: string,
  ErrorClass: typeof PlaybookError = PlaybookError,
): unknown {
  let events: Event[];
  let docs: unknown[];
  try {
    events = parseEvents(text, { filename: file });
    docs = constructFromEvents(events, { source: text, filename: file, schema: ANSIBLE_SCHEMA });
  } catch (err) {
    if (err instanceof YAMLException) {
      const mark = err.mark;
      const loc = mark ? { file, line: mark.line + 1, col: mark.column + 1 } : undefined;
      throw new ErrorClass(`YAML syntax error: ${err.reason}`, loc);
    }
    throw err;
  }
  if (docs.length > 1) {
    throw new ErrorClass('expected one YAML document, found several', { file, line: 1, col: 1 });
  }
  new PositionWalker(events, text, file).walk(docs[0]);
  return docs[0] ?? null;
}

export function loadYamlFile(file: string, ErrorClass: typeof PlaybookError = PlaybookError): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ErrorClass(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseYaml(text, file, ErrorClass);
}

/** Walks the event stream in step with the constructed value, recording positions. */
class PositionWalker {
  private i = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly events: Event[],
    private readonly text: string,
    private readonly file: string,
  ) {
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') this.lineStarts.push(k + 1);
  }

  walk(value: unknown): void {
    while (this.i < this.events.length && this.events[this.i]!.type === EVENT_ID.DOCUMENT) this.i++;
    if (this.i < this.events.length) this.node(value);
  }

  private loc(offset: number): Location {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  private offsetOf(ev: Event): number {
    if (ev.type === EVENT_ID.SCALAR) return ev.valueStart;
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) return ev.start;
    if (ev.type === EVENT_ID.ALIAS) return ev.anchorStart;
    return 0;
  }

  /** Consume one node's events; `value` is what js-yaml built for it. */
  private node(value: unknown): void {
    const ev = this.events[this.i++]!;
    if (ev.type === EVENT_ID.SCALAR || ev.type === EVENT_ID.ALIAS) return;
    const own = value !== null && typeof value === 'object' && !positions.has(value);
    const rec: NodePositions = { self: this.loc(this.offsetOf(ev)), children: new Map() };
    if (own) positions.set(value, rec);
    if (ev.type === EVENT_ID.SEQUENCE) this.sequence(value, rec);
    else this.mapping(value, rec);
    this.i++; // POP
  }

  private sequence(value: unknown, rec: NodePositions): void {
    const items = Array.isArray(value) ? value : [];
    for (let n = 0; this.events[this.i]!.type !== EVENT_ID.POP; n++) {
      rec.children.set(n, this.loc(this.offsetOf(this.events[this.i]!)));
      this.node(items[n]);
    }
  }

  private mapping(value: unknown, rec: NodePositions): void {
    const obj = (value ?? {}) as Record<string, unknown>;
    while (this.events[this.i]!.type !== EVENT_ID.POP) {
      const keyEv = this.events[this.i]!;
      const key = keyEv.type === EVENT_ID.SCALAR ? getScalarValue(this.text, keyEv) : undefined;
      this.skip(); // the key
      if (key === undefined || key === '<<') {
        this.skip(); // merged values keep the positions of their anchor
        continue;
      }
      rec.children.set(key, this.loc(this.offsetOf(keyEv)));
      this.node(obj[key]);
    }
  }

  /** Skip one whole node (scalar, alias or collection). */
  private skip(): void {
    let depth = 0;
    do {
      const t = this.events[this.i++]!.type;
      if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
      else if (t === EVENT_ID.POP) depth--;
    } while (depth > 0);
  }
}
