// Secrets are known by value: every vault plaintext, generated password and
// no_log value is registered here once, and every output channel (console,
// diffs, errors) masks whatever it prints through mask(). Masking by value
// holds however the secret travelled: templated into a string, looped over,
// copied by set_fact or registered.

const MASK = '********';
/** Shorter values would mask ordinary words; they are not treated as secrets. */
const MIN_LENGTH = 4;

export class SecretRegistry {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  add(value: unknown): void {
    if (typeof value !== 'string' || value.length < MIN_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    // Multi-line secrets (keys) are also masked line by line, as they show up in diffs.
    for (const line of value.split('\n')) if (line.trim().length >= MIN_LENGTH) this.values.add(line.trim());
    this.pattern = undefined;
  }

  get size(): number {
    return this.values.size;
  }

  /** True when `text` contains any registered secret. */
  within(text: string): boolean {
    return this.values.size > 0 && this.regex().test(text);
  }

  mask(text: string): string {
    return this.values.size === 0 ? text : text.replace(this.regex(), MASK);
  }

  private regex(): RegExp {
    // Longest first, so a secret that contains another is masked whole.
    this.pattern ??= new RegExp(
      [...this.values].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      'g',
    );
    this.pattern.lastIndex = 0;
    return this.pattern;
  }
}

/** The run's secrets. One per process: output sinks anywhere can mask without being handed it. */
export const secrets = new SecretRegistry();
