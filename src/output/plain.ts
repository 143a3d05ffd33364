// One line per event, for pipes, logs and CI.
import type { HostTaskResult } from '../engine/result.js';
import type { Stats } from '../engine/stats.js';
import type { ModuleResult } from '../modules/types.js';
import { secrets } from '../secrets/registry.js';
import { renderDiff } from './diff.js';
import type { Colors } from './format.js';
import { banner, hostLine, recap } from './format.js';
import type { Reporter } from './reporter.js';

export class PlainReporter implements Reporter {
  constructor(
    protected readonly verbosity: number,
    protected readonly colors: Colors,
    private readonly sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  /** Every line leaves through here, with every known secret masked. */
  protected write(line: string): void {
    this.sink(secrets.mask(line));
  }

  playStart(name: string): void {
    this.write(`\n${banner(`PLAY [${name}]`)}`);
  }

  taskStart(name: string, _hostCount: number, kind: string): void {
    this.write(`\n${banner(`${kind} [${name}]`)}`);
  }

  hostResult(result: HostTaskResult): void {
    const diff = result.result.diff as ModuleResult['diff'];
    const shown = result.showDiff && diff && !result.noLog ? renderDiff(diff, this.colors) : '';
    if (shown !== '') this.write(shown);
    this.write(hostLine(result, this.verbosity, this.colors));
    // Module warnings (a unit skipped by a condition...) are shown as Ansible shows them.
    const warnings = result.noLog ? [] : result.result.warnings;
    if (Array.isArray(warnings)) for (const w of warnings) this.warn(`[${result.host}]: ${String(w)}`);
  }

  taskEnd(): void {}

  warn(message: string): void {
    this.write(this.colors.magenta(`[WARNING]: ${message}`));
  }

  recap(stats: Stats): void {
    this.write(`\n${recap(stats, this.colors)}`);
  }
}
