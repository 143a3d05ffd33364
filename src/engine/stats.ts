// Per-host counters for the PLAY RECAP, and the exit code they imply.
import { EXIT } from '../exit-codes.js';

/** `unknown`: check mode could not tell without running something (counted as skipped). */
export type Outcome = 'ok' | 'changed' | 'skipped' | 'unknown' | 'failed' | 'unreachable';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export class Stats {
  readonly hosts = new Map<string, HostStats>();

  private of(host: string): HostStats {
    let s = this.hosts.get(host);
    if (!s) {
      s = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
      this.hosts.set(host, s);
    }
    return s;
  }

  /**
   * As Ansible counts: a changed task is also ok; an ignored failure (or unreachable host, with
   * ignore_unreachable) is ok and ignored (and changed if it changed).
   */
  record(host: string, outcome: Outcome, ignored = false, changed = outcome === 'changed'): void {
    const s = this.of(host);
    if (outcome === 'failed' && !ignored) s.failed++;
    else if (outcome === 'skipped' || outcome === 'unknown') s.skipped++;
    else if (outcome === 'unreachable' && !ignored) s.unreachable++;
    else {
      s.ok++;
      if (changed) s.changed++;
      if (ignored) s.ignored++;
    }
  }

  /** A failure that a block's rescue caught: counted as rescued, not failed. */
  rescue(host: string): void {
    const s = this.of(host);
    if (s.failed > 0) s.failed--;
    s.rescued++;
  }

  /** Make a host appear in the recap even if nothing ran on it. */
  touch(host: string): void {
    this.of(host);
  }

  /** 0 all well, 2 a host failed, 4 a host was unreachable (failures take precedence, as in Ansible). */
  exitCode(): number {
    const all = [...this.hosts.values()];
    if (all.some((s) => s.failed > 0)) return EXIT.HOST_FAILED;
    if (all.some((s) => s.unreachable > 0)) return EXIT.HOST_UNREACHABLE;
    return EXIT.OK;
  }
}
