import { describe, expect, it } from 'vitest';
import { describeError, errorCodeOf, isRecoverable } from '../src/errors.js';
import { qualityFrom } from '../src/quality.js';
import { SpeakerTracker } from '../src/speaker-tracker.js';

describe('SpeakerTracker', () => {
  it('needs someone to speak for the hold time before they take the stage', () => {
    const t = new SpeakerTracker({ threshold: 0.1, holdMs: 300, keepMs: 1000 });
    expect(t.update(new Map([['a', 0.5]]), 0)).toBeUndefined();
    expect(t.update(new Map([['a', 0.5]]), 300)).toBe('a');
  });
  it('keeps the speaker through a short pause and hands over after it', () => {
    const t = new SpeakerTracker({ threshold: 0.1, holdMs: 0, keepMs: 1000 });
    t.update(new Map([['a', 0.5], ['b', 0]]), 0);
    expect(t.update(new Map([['a', 0], ['b', 0.5]]), 500)).toBe('a');
    expect(t.update(new Map([['a', 0], ['b', 0.5]]), 1200)).toBe('b');
  });
  it('forgets someone who left', () => {
    const t = new SpeakerTracker({ holdMs: 0 });
    t.update(new Map([['a', 0.5]]), 0);
    t.remove('a');
    expect(t.activeSpeaker).toBeUndefined();
  });
});

describe('errors', () => {
  it('reads the code out of SDK disconnect reasons', () => {
    expect(errorCodeOf('connection_lost (1006)')).toBe('connection_lost');
    expect(errorCodeOf('connection_lost: going away')).toBe('connection_lost');
  });
  it('has words, not codes, for what the server says', () => {
    for (const code of ['room_ended', 'removed', 'room_closed', 'connection_lost', 'token_expired', 'room_full', 'lobby_denied']) {
      const e = describeError(code);
      expect(e.title).not.toContain('_');
      expect(e.detail).not.toContain('_');
    }
    expect(describeError('something_new').title).toBe('Something went wrong');
  });
  it('reconnects after a lost connection but not after removal or end', () => {
    expect(isRecoverable('connection_lost (1006)')).toBe(true);
    expect(isRecoverable('server_shutdown')).toBe(true);
    expect(isRecoverable('removed')).toBe(false);
    expect(isRecoverable('room_ended')).toBe(false);
  });
});

describe('qualityFrom', () => {
  it('grades loss over the interval', () => {
    const prev = { packetsReceived: 1000, packetsLost: 0 };
    expect(qualityFrom(prev, { packetsReceived: 2000, packetsLost: 5 }, true)).toBe('good');
    expect(qualityFrom(prev, { packetsReceived: 2000, packetsLost: 50 }, true)).toBe('fair');
    expect(qualityFrom(prev, { packetsReceived: 2000, packetsLost: 200 }, true)).toBe('poor');
  });
  it('is poor when nothing arrives that should, unknown before a first sample', () => {
    const c = { packetsReceived: 10, packetsLost: 0 };
    expect(qualityFrom(c, c, true)).toBe('poor');
    expect(qualityFrom(c, c, false)).toBe('unknown');
    expect(qualityFrom(undefined, c, true)).toBe('unknown');
  });
});

