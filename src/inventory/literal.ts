// Ansible's INI plugin passes every value through Python's `ast.literal_eval`:
// `2222` becomes a number, `True` a boolean, `"a b"` a string and `[1, 2]` a
// list, while anything that is not a Python literal (`ubuntu`, `true`, `yes`,
// `0644`) stays the string it was written as. This is that evaluator, for the
// literals inventories hold: strings, numbers, True/False/None, lists, tuples,
// dicts and sets (tuples and sets become arrays, as Ansible turns them into lists).
// Integers too large for a JS number stay strings rather than lose digits.

/** The value of `text` read as a Python literal, or `text` itself when it is not one. */
export function pythonLiteral(text: string): unknown {
  try {
    return new LiteralReader(text).whole();
  } catch (err) {
    if (err === NOT_LITERAL) return text;
    throw err;
  }
}

const NOT_LITERAL = new Error('not a Python literal');

const DIGITS = String.raw`\d(?:_?\d)*`;
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`;
const NUMBER = new RegExp(
  String.raw`0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+` +
    String.raw`|(?:${DIGITS}\.(?:${DIGITS})?|\.${DIGITS})(?:${EXPONENT})?|${DIGITS}(?:${EXPONENT})?`,
  'y',
);
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const STRING_PREFIX = /(?:[rR][bB]?|[bB][rR]?|[uU])?(?='|")/y;
const CONSTANTS = new Map<string, unknown>([['True', true], ['False', false], ['None', null]]);
const ESCAPES = new Map(
  Object.entries({ '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }),
);
const HEX_WIDTH = new Map([['x', 2], ['u', 4], ['U', 8]]);
const RADIX = new Map([['x', 16], ['o', 8], ['b', 2]]);

class LiteralReader {
  private pos = 0;

  constructor(private readonly src: string) {}

  whole(): unknown {
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.src.length) throw NOT_LITERAL;
    return value;
  }

  private value(): unknown {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === '-' || c === '+') {
      this.pos++;
      this.skipSpace();
      const n = this.number();
      return c === '-' ? -n : n;
    }
    if (c === '[') return this.items(']', () => this.value()).items;
    if (c === '(') return this.parenthesised();
    if (c === '{') return this.braced();
    if (this.lookingAt(STRING_PREFIX)) return this.strings();
    if (this.lookingAt(NUMBER)) return this.number();
    return this.constant();
  }

  private lookingAt(sticky: RegExp): boolean {
    sticky.lastIndex = this.pos;
    return sticky.test(this.src);
  }

  private take(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (!m) return undefined;
    this.pos = re.lastIndex;
    return m[0];
  }

  private number(): number {
    const token = this.take(NUMBER)?.replace(/_/g, '');
    // `1abc` and `1j` (complex) are not numbers Ansible keeps.
    if (token === undefined || /^\w/.test(this.src.slice(this.pos))) throw NOT_LITERAL;
    const radix = /^0[xob]/i.test(token) ? RADIX.get(token[1]!.toLowerCase())! : 10;
    if (radix !== 10) return parseInt(token.slice(2), radix);
    if (/[.eE]/.test(token)) return Number(token);
    // Python 3 rejects `0644`; a mode written that way stays a string.
    if (/^0+[1-9]/.test(token)) throw NOT_LITERAL;
    const n = Number(token);
    if (!Number.isSafeInteger(n)) throw NOT_LITERAL;
    return n;
  }

  private constant(): unknown {
    const name = this.take(NAME);
    if (name === undefined || !CONSTANTS.has(name)) throw NOT_LITERAL;
    return CONSTANTS.get(name);
  }

  /** Adjacent string literals join, as in Python: `'a' "b"` is `ab`. */
  private strings(): string {
    let text = '';
    do {
      text += this.string();
      this.skipSpace();
    } while (this.lookingAt(STRING_PREFIX));
    return text;
  }

  private string(): string {
    const raw = /r/i.test(this.take(STRING_PREFIX)!);
    const mark = this.src[this.pos]!;
    const quote = this.src.startsWith(mark.repeat(3), this.pos) ? mark.repeat(3) : mark;
    this.pos += quote.length;
    let text = '';
    while (!this.src.startsWith(quote, this.pos)) {
      const c = this.src[this.pos++];
      if (c === undefined || (c === '\n' && quote.length === 1)) throw NOT_LITERAL;
      if (c !== '\\') text += c;
      else if (raw) text += c + (this.src[this.pos++] ?? '');
      else text += this.escape();
    }
    this.pos += quote.length;
    return text;
  }

  private escape(): string {
    const c = this.src[this.pos++];
    if (c === undefined) throw NOT_LITERAL;
    const simple = ESCAPES.get(c);
    if (simple !== undefined) return simple;
    const code = this.escapeCode(c);
    return code === undefined ? '\\' + c : String.fromCodePoint(code);
  }

  /** `\ooo`, `\xhh`, `\uhhhh`, `\Uhhhhhhhh`; undefined for an escape Python keeps verbatim. */
  private escapeCode(c: string): number | undefined {
    if (/[0-7]/.test(c)) {
      const digits = c + (/^[0-7]{0,2}/.exec(this.src.slice(this.pos))?.[0] ?? '');
      this.pos += digits.length - 1;
      return parseInt(digits, 8);
    }
    const width = HEX_WIDTH.get(c);
    if (width === undefined) return undefined;
    const hex = this.src.slice(this.pos, this.pos + width);
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw NOT_LITERAL;
    this.pos += width;
    return parseInt(hex, 16);
  }

  /** Items up to `close`, comma separated, a trailing comma allowed. */
  private items<T>(close: string, item: () => T): { items: T[]; trailingComma: boolean } {
    this.pos++; // the opening bracket
    const items: T[] = [];
    let trailingComma = false;
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === close) break;
      items.push(item());
      this.skipSpace();
      trailingComma = this.src[this.pos] === ',';
      if (trailingComma) this.pos++;
      else if (this.src[this.pos] !== close) throw NOT_LITERAL;
    }
    this.pos++;
    return { items, trailingComma };
  }

  /** `(x)` is x itself; `()`, `(x,)` and `(x, y)` are tuples. */
  private parenthesised(): unknown {
    const { items, trailingComma } = this.items(')', () => this.value());
    return items.length === 1 && !trailingComma ? items[0] : items;
  }

  /** `{}` and `{k: v}` are dicts; `{a, b}` is a set. */
  private braced(): unknown {
    const entries = this.items('}', () => {
      const key = this.value();
      this.skipSpace();
      if (this.src[this.pos] !== ':') return { key };
      this.pos++;
      return { key, value: this.value() };
    }).items;
    const isDict = entries.every((e) => 'value' in e);
    if (!isDict && entries.some((e) => 'value' in e)) throw NOT_LITERAL;
    if (isDict) return Object.fromEntries(entries.map((e) => [String(e.key), e.value]));
    return [...new Set(entries.map((e) => e.key))];
  }

  /** Spaces, and a `#` comment to the end: `literal_eval("8080 # port")` is 8080. */
  private skipSpace(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '#') this.pos = this.src.length;
      else if (/\s/.test(c)) this.pos++;
      else return;
    }
  }
}
