import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FixedHistogram, Tally } from '../../src/facade/tally.js';

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

describe('per-turn metrics without prom-client on the hot path', () => {
  it('FixedHistogram exports exactly the text prom-client’s Histogram does for the same observations', async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const h = new Histogram({ name: 'x_seconds', help: 'h', labelNames: ['agent', 'namespace', 'status'], buckets, registers: [theirs] });
    const f = new FixedHistogram('x_seconds', 'h', buckets, ours);
    const labels = { agent: 'a"b', namespace: 'n', status: 'ok' };
    const a = h.labels(labels);
    const b = f.bind(labels);
    f.bind({ ...labels, status: 'error' }); // never observed: no series, as with prom-client
    for (const v of [0, 0.005, 0.0051, 0.3, 7, 200, 1e-9, 120]) {
      a.observe(v);
      b.observe(v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(() => b.observe(Number.NaN)).toThrow(TypeError);
  });

  it('a Tally is folded into its Counter on every read, so each scrape is exact', async () => {
    const registry = new Registry();
    const tallies: Tally[] = [];
    const c = new Counter({ name: 'y_total', help: 'y', labelNames: ['agent'], registers: [registry], collect: () => tallies.forEach((t) => t.flush()) });
    const t = new Tally(c, { agent: 'a' });
    tallies.push(t);
    t.inc();
    t.inc();
    expect(await registry.metrics()).toContain('y_total{agent="a"} 2');
    t.inc();
    expect(await registry.metrics()).toContain('y_total{agent="a"} 3');
  });
});
