// What the engine tells the person running it. The engine calls these; how
// they look (plain lines, a spinner on a TTY) is the reporter's business.
import type { HostTaskResult } from '../engine/result.js';
import type { Stats } from '../engine/stats.js';

export interface Reporter {
  playStart(name: string): void;
  /** `banner` is TASK or RUNNING HANDLER. */
  taskStart(name: string, hostCount: number, banner: string): void;
  hostResult(result: HostTaskResult): void;
  taskEnd(): void;
  warn(message: string): void;
  recap(stats: Stats): void;
}
