// Summaries of paired A/B rounds: min / median / max of each side and of the
// per-round ratio B ÷ A.
import { loadavg } from 'node:os';

export interface Summary {
  min: number;
  median: number;
  max: number;
}

export function summary(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  const round = (n: number) => Number(n.toFixed(3));
  return { min: round(s[0] as number), median: round(mid), max: round(s[s.length - 1] as number) };
}

/** Round r runs A then B when r is even, B then A when odd: a drift in load hits both sides alike. */
export function orderOf(round: number): readonly ['A', 'B'] | readonly ['B', 'A'] {
  return round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
}

export function report(name: string, a: number[], b: number[], unit: string, extra: Record<string, unknown> = {}): void {
  console.log(
    JSON.stringify({
      benchmark: name,
      unit,
      rounds: a.length,
      A: summary(a),
      B: summary(b),
      ratioBoverA: summary(a.map((x, i) => (b[i] as number) / x)),
      loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
      ...extra,
    }),
  );
}
