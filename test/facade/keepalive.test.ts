import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeepAlive, slotsFor, type KeepAlivePeer } from '../../src/facade/keepalive.js';

class Peer implements KeepAlivePeer {
  alive = true;
  pings = 0;
  terminated = false;
  /** Answers every ping when true (a healthy client). */
  constructor(private readonly answers: boolean) {}
  ping(): void {
    this.pings++;
    if (this.answers) this.alive = true;
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('keep-alive wheel', () => {
  it('cuts the interval into ~100 ms ticks, at least one, at most 600', () => {
    expect(slotsFor(100)).toBe(1);
    expect(slotsFor(50)).toBe(1);
    expect(slotsFor(30_000)).toBe(300);
    expect(slotsFor(3_600_000)).toBe(600);
  });

  it('pings each connection once per interval, a slice per tick, never all at once', () => {
    const wheel = new KeepAlive<Peer>(1_000);
    const peers = Array.from({ length: 1_000 }, () => new Peer(true));
    peers.forEach((p) => wheel.add(p));
    const perTick: number[] = [];
    for (let t = 0; t < slotsFor(1_000); t++) {
      const before = peers.reduce((n, p) => n + p.pings, 0);
      wheel.tick();
      perTick.push(peers.reduce((n, p) => n + p.pings, 0) - before);
    }
    expect(peers.every((p) => p.pings === 1)).toBe(true);
    expect(Math.max(...perTick)).toBe(100);
    expect(Math.min(...perTick)).toBe(100);
  });

  it('terminates a peer that missed one ping round, keeps the ones that answer', () => {
    const wheel = new KeepAlive<Peer>(500);
    const deaf = new Peer(false);
    const lively = new Peer(true);
    wheel.add(deaf);
    wheel.add(lively);
    const round = () => {
      for (let t = 0; t < slotsFor(500); t++) wheel.tick();
    };
    round();
    expect(deaf.terminated).toBe(false);
    expect(deaf.pings).toBe(1);
    round();
    expect(deaf.terminated).toBe(true);
    expect(lively.terminated).toBe(false);
    expect(wheel.size).toBe(1);
    round();
    expect(deaf.pings).toBe(1);
    expect(lively.pings).toBe(3);
  });

  it('a removed connection is not pinged again', () => {
    const wheel = new KeepAlive<Peer>(100);
    const p = new Peer(true);
    wheel.add(p);
    wheel.tick();
    wheel.delete(p);
    wheel.tick();
    expect(p.pings).toBe(1);
    expect(wheel.size).toBe(0);
  });

  it('runs on its own timer once started: every peer pinged within one interval, the deaf one cut off within two', () => {
    vi.useFakeTimers();
    const wheel = new KeepAlive<Peer>(30_000);
    const peers = Array.from({ length: 600 }, (_, i) => new Peer(i !== 7));
    peers.forEach((p) => wheel.add(p));
    wheel.start();
    vi.advanceTimersByTime(30_000);
    expect(peers.every((p) => p.pings === 1)).toBe(true);
    vi.advanceTimersByTime(30_000);
    expect(peers.filter((p) => p.terminated)).toEqual([peers[7]]);
    wheel.stop();
    vi.advanceTimersByTime(60_000);
    expect(peers[0]?.pings).toBe(2);
  });

  it('an interval of 0 never starts a timer', () => {
    vi.useFakeTimers();
    const wheel = new KeepAlive<Peer>(0);
    const p = new Peer(false);
    wheel.add(p);
    wheel.start();
    vi.advanceTimersByTime(600_000);
    expect(p.pings).toBe(0);
  });
});
