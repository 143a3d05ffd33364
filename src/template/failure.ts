// Turning what Handlebars and the helpers throw into TemplateErrors that say
// what is wrong in the user's terms and, for syntax errors, where in the text.
import type { Location } from '../errors.js';
import { TemplateError } from '../errors.js';
import { didYouMean } from '../playbook/suggest.js';
import type { Program } from './ast.js';
import { argumentAt, pathAt } from './ast.js';
import { handlebars } from './engine.js';
import { HelperFailure, UndefinedPath } from './helpers/args.js';

const LITERAL_HINT = 'for literal braces (Helm or Go templates) write \\{{ .Values.x }} or wrap the text in {{{{raw}}}}…{{{{/raw}}}}';
const JINJA_HINT = "Jinja filters are written as helpers, value first: {{ default x 'y' }} for {{ x | default('y') }}";

/** A 1-based line:column inside the template text. */
interface TextPos {
  line: number;
  col: number;
}

/** The jison lexer Handlebars parses with; after a failed parse it holds the offending token's place. */
interface Lexer {
  yylloc?: { first_line: number; first_column: number };
}

function lexerPosition(): TextPos | undefined {
  const parser = (handlebars as unknown as { Parser?: { lexer?: Lexer } }).Parser;
  const loc = parser?.lexer?.yylloc;
  return loc ? { line: loc.first_line, col: loc.first_column + 1 } : undefined;
}

const TOKENS: Record<string, string> = {
  EOF: 'end of template',
  INVALID: 'text that is not a name or value',
  CLOSE: "'}}'",
  CLOSE_UNESCAPED: "'}}}'",
  CLOSE_RAW_BLOCK: "'}}}}'",
  OPEN: "'{{'",
  OPEN_BLOCK: "'{{#'",
  OPEN_ENDBLOCK: "'{{/'",
  OPEN_INVERSE: "'{{^'",
  INVERSE: "'{{else}}'",
  OPEN_SEXPR: "'('",
  CLOSE_SEXPR: "')'",
  SEP: "'.' or '/'",
  EQUALS: "'='",
  CLOSE_BLOCK_PARAMS: "'|'",
  OPEN_BLOCK_PARAMS: "'as |'",
  ID: 'a name',
  STRING: 'a string',
  NUMBER: 'a number',
};

/** Where `pos` (inside the text) is in the file, when `where` is the text's first character. */
function inFile(where: Location, pos: TextPos): Location {
  return {
    file: where.file,
    line: where.line + pos.line - 1,
    col: pos.line === 1 ? where.col + pos.col - 1 : pos.col,
  };
}

/**
 * A template that Handlebars cannot parse. With `whereIsText`, `where` is the
 * text's own first character and the error points at the offending place
 * inside it; otherwise `where` is reported unchanged.
 */
export function syntaxError(err: unknown, text: string, where: Location | undefined, whereIsText: boolean): TemplateError {
  const raw = err instanceof Error ? err.message : String(err);
  const ex = err as { lineNumber?: number; column?: number };
  let pos: TextPos | undefined;
  let reason: string;
  if (typeof ex.lineNumber === 'number' && typeof ex.column === 'number') {
    pos = { line: ex.lineNumber, col: ex.column + 1 }; // Handlebars.Exception: a block closed with the wrong name
    reason = raw.replace(/ - \d+:\d+$/, '');
  } else {
    pos = lexerPosition();
    const got = /got '([^']+)'\s*$/.exec(raw)?.[1];
    const open = text.lastIndexOf('{{');
    if (/^Lexical error/.test(raw)) reason = "text Handlebars cannot read (an unclosed '{{!--' comment?)";
    else if ((got === 'EOF' || got === 'INVALID') && !text.includes('}}', open)) reason = "a '{{' is not closed";
    else if (got === 'EOF') reason = 'unexpected end of template: a block is not closed';
    else if (got) reason = `unexpected ${TOKENS[got] ?? got}`;
    else reason = raw.split('\n')[0]!;
  }
  const message = `template syntax error: ${reason}${pos ? ` (line ${pos.line}, column ${pos.col} of the template)` : ''}`;
  const location = where && whereIsText && pos ? inFile(where, pos) : where;
  return new TemplateError(message, location, syntaxHint(text));
}

function syntaxHint(text: string): string | undefined {
  if (/\{\{[^}]*[^|]\|[^|]/.test(text.replace(/\bas\s+\|[^|]*\|/g, ''))) return JINJA_HINT; // not block params
  if (/\{\{-?\s*\./.test(text)) return LITERAL_HINT;
  return undefined;
}

/** An error thrown while rendering a parsed template. */
export function renderError(err: unknown, ast: Program, text: string, where: Location | undefined): TemplateError {
  const multiLine = text.includes('\n');
  const place = (line: number, column: number) => (multiLine ? ` (line ${line}, column ${column + 1} of the template)` : '');
  if (err instanceof HelperFailure) {
    const loc = err.loc;
    const expr = loc && err.arg !== undefined ? argumentAt(ast, err.helper, loc.line, loc.column, err.arg) : undefined;
    const from = expr ? ` (argument ${err.arg! + 1}: ${expr})` : '';
    return new TemplateError(`${err.message}${from}${loc ? place(loc.line, loc.column) : ''}`, where);
  }
  if (err instanceof UndefinedPath) {
    return new TemplateError(`${err.message}${err.loc ? place(err.loc.line, err.loc.column) : ''}`, where);
  }
  if (err instanceof TemplateError) return err.location ? err : new TemplateError(err.message, where, err.hint);
  const raw = err instanceof Error ? err.message : String(err);
  const undef = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(raw);
  if (undef) {
    const [line, column] = [Number(undef[2]), Number(undef[3])];
    const found = pathAt(ast, line, column);
    if (found?.called) {
      const names = Object.keys(handlebars.helpers).filter((n) => !n.startsWith('_') && !/Missing$/.test(n));
      return new TemplateError(`unknown helper '${found.path}'${place(line, column)}`, where, didYouMean(found.path, names));
    }
    return new TemplateError(`undefined variable '${found?.path ?? undef[1]}'${place(line, column)}`, where);
  }
  return new TemplateError(`template error: ${raw.split('\n')[0]}`, where);
}
