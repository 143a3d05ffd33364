// The control machine itself (ansible_connection=local), with the same contract as SSH.
import { userInfo } from 'node:os';
import { commandLine, hideSecrets, scriptArgv } from './command.js';
import { OutputCollector } from './output.js';
import type { Connection, ExecOptions, ExecResult } from './types.js';

export class LocalConnection implements Connection {
  private readonly user = userInfo().username;

  constructor(readonly hostname: string) {}

  async open(): Promise<void> {}

  async exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    // The same command line an SSH host's login shell gets, given to /bin/sh: a missing sudo
    // is then "sudo: not found" with rc 127, as it is remotely.
    const hidden = hideSecrets(script, options.stdin);
    const line = commandLine(scriptArgv(hidden.script, options.become, this.user, options.timeLimit));
    // Loaded on first use: execa costs about 16 MiB, and most runs never go local.
    const { execa } = await import('execa');
    const child = execa('/bin/sh', ['-c', line], {
      // Closed stdin when there is none, as over SSH: `cat` must not wait forever.
      input: hidden.stdin ?? '',
      // Collected and decoded by OutputCollector, as over SSH; nothing is trimmed.
      buffer: false,
      reject: false,
    });
    const output = new OutputCollector(options.onOutput);
    output.listen('stdout', child.stdout);
    output.listen('stderr', child.stderr);
    const result = await child;
    return output.result({ code: result.exitCode, signal: result.signal });
  }

  async close(): Promise<void> {}
}
