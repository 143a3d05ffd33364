// On a terminal: the same lines, plus an ora spinner naming the running task
// and how many of its hosts have answered.
import ora, { type Ora } from 'ora';
import type { HostTaskResult } from '../engine/result.js';
import type { Colors } from './format.js';
import { PlainReporter } from './plain.js';

export class TtyReporter extends PlainReporter {
  private spinner?: Ora;
  private task = '';
  private done = 0;
  private total = 0;

  constructor(verbosity: number, colors: Colors) {
    super(verbosity, colors, (line) => this.above(line));
  }

  /** Write a line without the spinner tearing it: clear, write, redraw. */
  private above(line: string): void {
    const spinning = this.spinner?.isSpinning;
    if (spinning) this.spinner!.clear();
    process.stdout.write(`${line}\n`);
    if (spinning) this.spinner!.render();
  }

  override taskStart(name: string, hostCount: number, kind: string): void {
    super.taskStart(name, hostCount, kind);
    this.task = name;
    this.done = 0;
    this.total = hostCount;
    this.spinner = ora({ text: this.progress(), stream: process.stdout, discardStdin: false }).start();
  }

  override hostResult(result: HostTaskResult): void {
    if (result.item === undefined) this.done++;
    if (this.spinner) this.spinner.text = this.progress();
    super.hostResult(result);
  }

  override taskEnd(): void {
    this.spinner?.stop();
    this.spinner = undefined;
  }

  private progress(): string {
    return `${this.task}  ${this.done}/${this.total} hosts`;
  }
}
