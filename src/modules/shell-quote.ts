// POSIX sh quoting for building the scripts modules send to hosts.

/** Quote one word for sh: 'it'\''s' */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quote a path pattern but leave its glob characters active. */
export function shGlob(pattern: string): string {
  return pattern
    .split(/([*?]|\[[^\]]*\])/)
    .map((part, i) => (i % 2 === 1 ? part : part === '' ? '' : shQuote(part)))
    .join('');
}

/** Split a command line into words the way a shell would (quotes, backslashes), without expanding anything. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && /["\\$`]/.test(line[i + 1] ?? '')) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in: ${line}`);
  if (inWord) words.push(cur);
  return words;
}
