// Python's `format % number` for a format with exactly one conversion, as
// with_sequence's `format=` uses it (`host%02d`, `%04x`, `%5s`, `%.2f`...).
// Integers only: a sequence's numbers are always whole.

/** After the `%`: flags, width, precision, an ignored length modifier, the conversion. */
const SPEC = /^([-+ #0]*)(\d*)(?:\.(\d*))?[hlL]?([diouxXeEfFgGcrsa])/;

interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
  conversion: string;
}

/**
 * A formatter for `format`, or undefined where Python raises ValueError or
 * TypeError (an unknown conversion, a `%` at the end, `%(key)d`, `%*d`).
 * The formatter throws RangeError for `%c` outside Unicode, as Python does.
 */
export function percentFormat(format: string): ((n: number) => string) | undefined {
  const at = format.indexOf('%');
  const m = SPEC.exec(format.slice(at + 1));
  if (at < 0 || !m) return undefined;
  const spec: Spec = { flags: m[1]!, width: Number(m[2] || 0), precision: m[3] === undefined ? undefined : Number(m[3] || 0), conversion: m[4]! };
  const before = format.slice(0, at);
  const after = format.slice(at + 1 + m[0].length);
  return (n) => before + pad(spec, convert(spec, n)) + after;
}

/** The converted number, split so that zero padding goes between sign (and 0x) and digits. */
interface Parts {
  sign: string;
  body: string;
  numeric: boolean;
}

function convert(spec: Spec, n: number): Parts {
  const { flags, precision, conversion: c } = spec;
  const sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const abs = Math.abs(n);
  if ('diu'.includes(c)) return { sign, body: digits(abs.toString(10), precision), numeric: true };
  if ('oxX'.includes(c)) return { sign, body: radix(abs, c, flags.includes('#'), precision), numeric: true };
  if ('eEfFgG'.includes(c)) return { sign, body: floating(abs, c, flags.includes('#'), precision), numeric: true };
  if (c === 'c') {
    if (n < 0 || n > 0x10ffff) throw new RangeError('%c arg not in range(0x110000)');
    return { sign: '', body: String.fromCodePoint(n), numeric: false };
  }
  const text = String(n);
  return { sign: '', body: precision === undefined ? text : text.slice(0, precision), numeric: false };
}

function digits(text: string, precision: number | undefined): string {
  return text.padStart(precision ?? 0, '0');
}

function radix(abs: number, c: string, alternate: boolean, precision: number | undefined): string {
  const text = digits(abs.toString(c === 'o' ? 8 : 16), precision);
  const prefix = alternate ? (c === 'o' ? '0o' : '0x') : '';
  return c === 'X' ? (prefix + text).toUpperCase() : prefix + text;
}

function pad({ flags, width }: Spec, { sign, body, numeric }: Parts): string {
  const length = sign.length + body.length;
  if (length >= width) return sign + body;
  if (flags.includes('-')) return (sign + body).padEnd(width);
  if (!numeric || !flags.includes('0')) return (sign + body).padStart(width);
  const prefix = /^0[xXo]/.exec(body)?.[0] ?? '';
  return sign + prefix + body.slice(prefix.length).padStart(width - sign.length - prefix.length, '0');
}

/** %e %f %g of a whole number; ties round to even, as Python's exact decimal rounding does. */
function floating(abs: number, c: string, alternate: boolean, precision: number | undefined): string {
  const p = precision ?? 6;
  const lower = c.toLowerCase();
  let text: string;
  if (lower === 'f') text = abs.toFixed(p) + (alternate && p === 0 ? '.' : '');
  else if (lower === 'e') text = exponential(abs, p, alternate);
  else text = general(abs, Math.max(p, 1), alternate);
  return c === lower ? text : text.toUpperCase();
}

function exponential(abs: number, decimals: number, alternate: boolean): string {
  const { mantissa, exp } = significant(abs, decimals + 1);
  const point = decimals > 0 || alternate ? '.' : '';
  return `${mantissa[0]}${point}${mantissa.slice(1)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** %g: fixed notation for exponents from -4 to below the precision, trailing zeros dropped unless `#`. */
function general(abs: number, p: number, alternate: boolean): string {
  const { mantissa, exp } = significant(abs, p);
  if (exp >= p) {
    const text = exponential(abs, p - 1, alternate);
    return alternate ? text : text.replace(/\.?0+e/, 'e');
  }
  const text = `${mantissa.slice(0, exp + 1)}.${mantissa.slice(exp + 1)}`;
  return alternate ? text : text.replace(/\.?0*$/, '');
}

/** The first `count` significant digits of a whole number, rounded half to even, and its exponent. */
function significant(abs: number, count: number): { mantissa: string; exp: number } {
  const all = BigInt(abs).toString();
  let exp = all.length - 1;
  if (all.length <= count) return { mantissa: all.padEnd(count, '0'), exp };
  const kept = BigInt(all.slice(0, count));
  const rest = all.slice(count);
  const half = '5'.padEnd(rest.length, '0');
  const up = rest > half || (rest === half && kept % 2n === 1n);
  let mantissa = (up ? kept + 1n : kept).toString();
  if (mantissa.length > count) {
    mantissa = mantissa.slice(0, count);
    exp += 1;
  }
  return { mantissa, exp };
}
