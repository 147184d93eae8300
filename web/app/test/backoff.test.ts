import { describe, expect, it } from 'vitest';
import { Backoff } from '../src/backoff.js';
import { describeError, isRecoverable } from '../src/errors.js';

describe('Backoff', () => {
  it('doubles up to the cap without jitter', () => {
    const b = new Backoff({ initialMs: 500, maxMs: 4000, jitter: 0, giveUpAfterMs: 60_000 });
    const waits = [0, 1, 2, 3, 4, 5].map(() => b.next(1000));
    expect(waits).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(b.attempts).toBe(6);
  });
  it('keeps jitter inside its fraction', () => {
    const lo = new Backoff({ initialMs: 1000, jitter: 0.2, random: () => 0 });
    const hi = new Backoff({ initialMs: 1000, jitter: 0.2, random: () => 0.999999 });
    expect(lo.next(0)).toBe(800);
    expect(hi.next(0)).toBe(1200);
  });
  it('gives up at the deadline and never waits past it', () => {
    const b = new Backoff({ initialMs: 8000, maxMs: 8000, jitter: 0, giveUpAfterMs: 10_000 });
    expect(b.next(0)).toBe(8000);
    expect(b.next(8000)).toBe(2000);
    expect(b.next(10_000)).toBeUndefined();
  });
  it('starts over after a reset', () => {
    const b = new Backoff({ initialMs: 500, jitter: 0, giveUpAfterMs: 1000 });
    b.next(0);
    expect(b.next(5000)).toBeUndefined();
    b.reset();
    expect(b.next(5000)).toBe(500);
  });
});

describe('errors', () => {
  it('never shows the raw code as the message', () => {
    for (const code of ['room_ended', 'removed', 'room_closed', 'connection_lost (1006)', 'token_expired', 'whatever_new']) {
      const t = describeError(code);
      expect(t.title).not.toMatch(/_/);
      expect(t.detail.length).toBeGreaterThan(10);
      expect(t.actions.length).toBeGreaterThan(0);
    }
    expect(describeError('connection_lost (1006)').code).toBe('connection_lost');
  });
  it('reconnects after network failures only', () => {
    expect(isRecoverable('connection_lost (1006)')).toBe(true);
    expect(isRecoverable('timeout')).toBe(true);
    expect(isRecoverable('removed')).toBe(false);
    expect(isRecoverable('room_ended')).toBe(false);
  });
});
