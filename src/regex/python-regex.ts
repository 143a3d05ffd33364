// Regular expressions as lineinfile, blockinfile and replace take them (and
// the regex_* template filters). Patterns run as JavaScript RegExps (see
// lineinfile.ts for how that differs from Python's `re`); what Python spells
// differently and JavaScript would reject or misread is translated: named
// groups, `\A`/`\Z`, leading inline flags. Replacement templates (`line` with
// backrefs, `replace`) keep Python's syntax (`\1`, `\g<1>`, `\g<name>`),
// because that is what Ansible playbooks contain; `$1` stays literal.

/** Python's string anchors, which JavaScript would read as the letters A and Z. */
const ANCHORS: Record<string, string> = { A: '(?<![\\s\\S])', Z: '(?![\\s\\S])' };

/**
 * `(?P<name>…)` → `(?<name>…)`, `(?P=name)` → `\k<name>`, `\A` and `\Z` →
 * lookarounds, outside character classes.
 */
function translatePython(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const anchor = inClass ? undefined : ANCHORS[source[i + 1] ?? ''];
      out += anchor ?? source.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
    } else if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (source.startsWith('(?P=', i)) {
      const end = source.indexOf(')', i);
      out += `\\k<${source.slice(i + 4, end)}>`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

/** Python's global inline flags at the start (`(?m)^…`), which JavaScript (Node 20) cannot parse. */
const INLINE_FLAGS = /^\(\?([imsx]+)\)/;

/** Compile a user's pattern; throws a SyntaxError that names the pattern. */
export function compileRegex(source: string, flags = ''): RegExp {
  const inline = INLINE_FLAGS.exec(source);
  if (inline?.[1]!.includes('x')) throw new SyntaxError(`verbose patterns ((?x)) are not supported: ${source}`);
  const extra = [...new Set(inline?.[1] ?? '')].filter((f) => !flags.includes(f)).join('');
  return new RegExp(translatePython(source.slice(inline?.[0].length ?? 0)), flags + extra);
}

/** The message of what `f` throws; undefined when it does not. */
function problem(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Why a pattern does not compile, for argument validation; undefined when it does. */
export function regexProblem(source: string): string | undefined {
  return problem(() => compileRegex(source));
}

/**
 * Search one line as Python does on a line read with its newline: `$` also
 * matches just before that newline, and a pattern may still consume it. The
 * line is tried without its newline first, then whole.
 */
export function searchLine(re: RegExp, line: string): RegExpExecArray | null {
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  return re.exec(body) ?? (body === line ? null : re.exec(line));
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** One piece of a parsed template: literal text or a group (by number or name). */
type Piece = string | { group: number | string };

/** Python's `re` template parser (sre_parse.parse_template), without the regex: errors match Python's. */
function parseTemplate(template: string): Piece[] {
  const pieces: Piece[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) pieces.push(lit);
    lit = '';
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const n = template[++i];
    if (n === undefined) throw new Error('bad escape (end of pattern)');
    if (n === 'g') {
      const m = /^<([^>]*)>/.exec(template.slice(i + 1));
      if (!m || m[1] === '') throw new Error(`bad group reference at position ${i - 1} of the template`);
      flush();
      pieces.push({ group: /^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]! });
      i += m[0].length;
    } else if (n === '0' || (/[0-7]/.test(n) && /^[0-7]{2}/.test(template.slice(i + 1)))) {
      const oct = /^[0-7]{1,3}/.exec(template.slice(i))![0];
      if (parseInt(oct, 8) > 0o377) throw new Error(`octal escape value \\${oct} outside of range 0-0o377`);
      lit += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else if (/\d/.test(n)) {
      const digits = /^\d{1,2}/.exec(template.slice(i))![0];
      flush();
      pieces.push({ group: Number(digits) });
      i += digits.length - 1;
    } else if (n in ESCAPES) {
      lit += ESCAPES[n];
    } else if (/[A-Za-z]/.test(n)) {
      throw new Error(`bad escape \\${n} in the template`);
    } else {
      lit += `\\${n}`;
    }
  }
  flush();
  return pieces;
}

/** Python's `match.expand(template)`: an unmatched group gives '', an unknown one is an error. */
export function expandTemplate(template: string, m: RegExpMatchArray): string {
  return parseTemplate(template)
    .map((p) => {
      if (typeof p === 'string') return p;
      const known = typeof p.group === 'number' ? p.group < m.length : m.groups !== undefined && p.group in m.groups;
      if (!known) throw new Error(`invalid group reference ${p.group} in the template`);
      return (typeof p.group === 'number' ? m[p.group] : m.groups![p.group]) ?? '';
    })
    .join('');
}

/** Why a template cannot be parsed, checked before any file is read; undefined when it can. */
export function templateProblem(template: string): string | undefined {
  return problem(() => parseTemplate(template));
}

/** Python's `re.subn(pattern, template, text)` for a global RegExp: the new text and the number of matches. */
export function substitute(text: string, re: RegExp, template: string): { text: string; count: number } {
  let out = '';
  let last = 0;
  let count = 0;
  for (const m of text.matchAll(re)) {
    out += text.slice(last, m.index) + expandTemplate(template, m);
    last = m.index + m[0].length;
    count++;
  }
  return { text: out + text.slice(last), count };
}
