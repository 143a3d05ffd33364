// Word splitting as Python's `shlex.split(line, comments=True)` does it, because
// Ansible tokenises INI host lines that way: quotes group words, a backslash
// escapes the next character, and `#` outside quotes ends the line.
import { OffsetError } from './offset-error.js';

export interface Word {
  text: string;
  /** Where the word starts in the line. */
  offset: number;
}

const SPACE = /\s/;

export function shlexSplit(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length && line[i] !== '#') {
    if (SPACE.test(line[i]!)) {
      i++;
      continue;
    }
    const word = readWord(line, i);
    words.push({ text: word.text, offset: i });
    i = word.end;
  }
  return words;
}

function readWord(line: string, start: number): { text: string; end: number } {
  let text = '';
  let i = start;
  while (i < line.length && !SPACE.test(line[i]!) && line[i] !== '#') {
    const c = line[i]!;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new OffsetError('no closing quotation', i);
      text += line.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      const quoted = readDoubleQuoted(line, i);
      text += quoted.text;
      i = quoted.end;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new OffsetError("no character after '\\'", i);
      text += line[i + 1];
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  return { text, end: i };
}

/** Inside double quotes a backslash escapes only `"` and itself (POSIX). */
function readDoubleQuoted(line: string, open: number): { text: string; end: number } {
  let text = '';
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') return { text, end: i + 1 };
    const next = line[i + 1];
    if (c === '\\' && (next === '"' || next === '\\')) {
      text += next;
      i++;
    } else {
      text += c;
    }
  }
  throw new OffsetError('no closing quotation', open);
}
