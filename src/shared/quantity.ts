// core/v1 resource.Quantity as the API server parses it (e.g. 500m, 1Gi, 2, 1e3).
// A resource value outside it passes a CRD's int-or-string schema but makes the
// API server refuse the Deployment that carries it, so specs are checked against it.
export const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s] as const));
const BINARY_BY_POWER = new Map(Object.entries(BINARY_SUFFIX).map(([s, p]) => [p, s] as const));

/**
 * The quantity in the form the API server stores and returns it: "1000m" → "1",
 * "0.5" → "500m", "1024Mi" → "1Gi", 2 → "2". A child carrying any other spelling
 * differs from the live object on every sync, so Metacontroller would update it on
 * every resync. Same value, same suffix family (decimal, binary, exponent); values
 * are rounded up to whole nano units as the API server does. Input that is not a
 * quantity (refused by the spec checks before it gets here) is returned unchanged.
 */
export function canonicalQuantity(q: number | string): number | string {
  const text = typeof q === 'number' ? String(q) : q.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(([KMGTPE]i)|[numkMGTPE]|[eE]([+-]?\d+))?$/.exec(text);
  if (!m || !QUANTITY.test(text)) return q;
  const [, sign, whole = '', frac = '', suffix = '', binary, exp] = m;
  // value = digits × 10^scale (× 1024^power for binary suffixes)
  let digits = BigInt(`${whole}${frac}` || '0');
  let scale = -frac.length;
  let format: 'decimal' | 'binary' | 'exponent' = 'decimal';
  if (binary) {
    format = 'binary';
    digits *= 1024n ** BigInt(BINARY_SUFFIX[binary]!);
  } else if (exp !== undefined) {
    format = 'exponent';
    scale += Number(exp);
  } else scale += DECIMAL_SUFFIX[suffix]!;
  if (digits === 0n) return '0';
  // Rounded up (away from zero) to nano units, as resource.ParseQuantity does.
  if (scale < -9) {
    const div = 10n ** BigInt(-9 - scale);
    digits = (digits + div - 1n) / div;
    scale = -9;
  }
  const neg = sign === '-' ? '-' : '';
  if (format === 'binary') {
    const whole = scale >= 0 ? digits * 10n ** BigInt(scale) : digits % 10n ** BigInt(-scale) === 0n ? digits / 10n ** BigInt(-scale) : undefined;
    // Below 1024, or with a fraction, the API server writes a binary value in decimal.
    if (whole !== undefined && whole >= 1024n) {
      let n = whole;
      let power = 0;
      while (n % 1024n === 0n && power < 6) {
        n /= 1024n;
        power++;
      }
      return `${neg}${n}${BINARY_BY_POWER.get(power) ?? ''}`;
    }
    format = 'decimal';
  }
  // Decimal: the shortest mantissa whose exponent is a multiple of 3.
  while (digits % 10n === 0n) {
    digits /= 10n;
    scale++;
  }
  const down = ((scale % 3) + 3) % 3;
  digits *= 10n ** BigInt(down);
  scale -= down;
  if (format === 'exponent') return `${neg}${digits}${scale === 0 ? '' : `e${scale}`}`;
  const decimalSuffix = DECIMAL_BY_EXPONENT.get(scale);
  return decimalSuffix === undefined ? q : `${neg}${digits}${decimalSuffix}`;
}
