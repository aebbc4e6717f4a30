import { describe, expect, it } from 'vitest';
import { formatTime, withTransitionTimes } from '../../../src/hooks/shared/conditions.js';

describe('formatTime', () => {
  it('writes RFC 3339 with second precision, as metav1.Time', () => {
    expect(formatTime(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
    expect(formatTime(new Date('0001-01-01T00:00:00Z'))).toBe('0001-01-01T00:00:00Z');
    // Outside 0–9999 toISOString uses six-digit years; the fraction still goes.
    expect(formatTime(new Date('+012345-06-07T08:09:10.500Z'))).toBe('+012345-06-07T08:09:10Z');
  });
});

describe('withTransitionTimes', () => {
  const now = new Date('2026-01-02T00:00:00Z');
  const ready = { type: 'Ready', status: 'True' as const, reason: 'Running', message: 'ok' };

  it('keeps the observed time while the status is unchanged and moves it when it changes', () => {
    const observed = [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-12-31T00:00:00Z' }];
    expect(withTransitionTimes([ready], observed, now)[0]?.lastTransitionTime).toBe('2025-12-31T00:00:00Z');
    const flipped = withTransitionTimes([{ ...ready, status: 'False' }], observed, now);
    expect(flipped[0]?.lastTransitionTime).toBe('2026-01-02T00:00:00Z');
  });

  it('writes the condition with its keys in sorted order', () => {
    expect(Object.keys(withTransitionTimes([ready], undefined, now)[0] ?? {})).toEqual([
      'lastTransitionTime',
      'message',
      'reason',
      'status',
      'type',
    ]);
  });
});
