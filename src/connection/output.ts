// The result of one command, gathered the same way whatever the transport.
import type { Readable } from 'node:stream';
import type { ExecOptions, ExecResult } from './types.js';

type StreamName = 'stdout' | 'stderr';

/** How a command ended: an exit code, or none (killed by a signal, or no status reported). */
export interface Exit {
  code: number | null | undefined;
  signal?: string | undefined;
}

/**
 * Keeps every raw chunk and decodes once at the end: decoding chunk by chunk turns a
 * multibyte character split across two chunks into U+FFFD (node-ssh pitfall 2).
 * Nothing is trimmed: trailing newlines are part of a file's content (pitfall 3).
 */
export class OutputCollector {
  private readonly chunks: Record<StreamName, Buffer[]> = { stdout: [], stderr: [] };

  constructor(private readonly onOutput?: ExecOptions['onOutput']) {}

  listen(name: StreamName, stream: Readable): void {
    stream.on('data', (chunk: Buffer) => {
      this.chunks[name].push(chunk);
      this.onOutput?.(name, chunk);
    });
  }

  result(exit: Exit): ExecResult {
    const stdout = Buffer.concat(this.chunks.stdout).toString('utf8');
    const stderr = Buffer.concat(this.chunks.stderr).toString('utf8');
    if (typeof exit.code === 'number') return { rc: exit.code, stdout, stderr };
    return { rc: 255, stdout, stderr: withLine(stderr, noExitCodeReason(exit.signal)) };
  }
}

function noExitCodeReason(signal: string | undefined): string {
  return signal ? `command killed by signal ${signal}` : 'command ended without an exit status';
}

function withLine(text: string, line: string): string {
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${separator}${line}\n`;
}
