import { describe, expect, test } from 'vitest';
import { markRemoved, reuses, saveInvitation, savedInvitation } from '../src/invitations.js';

const now = 1_800_000_000_000;
const inv = (id: string, role: 'host' | 'guest', expiresAt = now + 3_600_000) => ({
  meeting: { id, title: 'Standup', status: 'active' },
  token: `tok-${id}`,
  role,
  expiresAt,
});

describe('invitations kept per meeting', () => {
  test('a saved invitation comes back for its meeting only, until it expires', () => {
    saveInvitation(inv('m1', 'guest'), 'Ann');
    expect(savedInvitation('m1', now)?.token).toBe('tok-m1');
    expect(savedInvitation('m2', now)).toBeUndefined();
    expect(savedInvitation('m1', now + 3_600_000)).toBeUndefined();
    // Expired ones are dropped.
    expect(savedInvitation('m1', now)).toBeUndefined();
  });

  test('a guest with another name gets a new token; a host or a removed guest keeps theirs', () => {
    saveInvitation(inv('g', 'guest'), 'Ann');
    expect(reuses(savedInvitation('g', now), 'Ann')).toBe(true);
    expect(reuses(savedInvitation('g', now), 'Someone else')).toBe(false);
    markRemoved('g');
    expect(reuses(savedInvitation('g', now), 'Someone else')).toBe(true);
    saveInvitation(inv('h', 'host'), 'Hana');
    expect(reuses(savedInvitation('h', now), 'Other')).toBe(true);
    expect(reuses(undefined, 'Ann')).toBe(false);
  });
});
