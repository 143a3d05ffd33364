// Typed user-facing errors. Every error a user can cause carries where it came
// from, so the CLI prints `file:line:col: message` and the offending line
// instead of a stack trace.
import { readFileSync } from 'node:fs';

/** A place in a source file; line and col are 1-based. */
export interface Location {
  file: string;
  line: number;
  col: number;
}

export class MosipPlayError extends Error {
  constructor(
    message: string,
    readonly location?: Location,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line usage (unknown option, missing playbook, bad limit pattern). */
export class UsageError extends MosipPlayError {}
/** An inventory file that cannot be read or understood. */
export class InventoryError extends MosipPlayError {}
/** A playbook, task file or vars file that cannot be read or understood. */
export class PlaybookError extends MosipPlayError {}
/** A module could not read or change the host (the host's own error is in the message). */
export class ModuleError extends MosipPlayError {}
/** A template or expression that cannot be rendered or evaluated. */
export class TemplateError extends MosipPlayError {}

export function formatLocation(loc: Location): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** The one-line message, then the offending source line with a caret under the column. */
export function formatError(err: MosipPlayError): string {
  const head = err.location ? `${formatLocation(err.location)}: ${err.message}` : err.message;
  const lines = [`ERROR: ${head}`];
  const snippet = err.location ? sourceSnippet(err.location) : undefined;
  if (snippet) lines.push(snippet);
  if (err.hint) lines.push(`  hint: ${err.hint}`);
  return lines.join('\n');
}

function sourceSnippet(loc: Location): string | undefined {
  let text: string;
  try {
    text = readFileSync(loc.file, 'utf8');
  } catch {
    return undefined;
  }
  const line = text.split('\n')[loc.line - 1];
  if (line === undefined) return undefined;
  const gutter = `  ${loc.line} | `;
  const caret = ' '.repeat(gutter.length - 2) + '| ' + ' '.repeat(Math.max(0, loc.col - 1)) + '^';
  return `${gutter}${line.replace(/\t/g, ' ')}\n${caret}`;
}
