// Go-style durations as Kubernetes users write them: "30s", "5m", "24h",
// "1h30m", "250ms". One parser for the hooks (ttl, canary interval), the
// facade (session TTL, drain timeout) and the runtime (tool timeouts).

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/** Milliseconds, or undefined when the text is not a positive-or-zero duration. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '' ) return undefined;
  if (s === '0') return 0;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const start = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== start) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  }
  return Math.round(total);
}

/** Like parseDuration but throws a message naming the field, for start-up config. */
export function requireDuration(text: string, field: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`${field}: "${text}" is not a duration (use e.g. 30s, 5m, 24h)`);
  return ms;
}
