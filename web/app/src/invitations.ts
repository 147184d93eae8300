// The invitations this browser got for app meetings (`/m/<id>`), kept in localStorage until
// they expire. Reopening a meeting's link then joins with the same token, so the same
// identity: a host who reloads stays the host, and someone a host removed is refused again
// (the server refuses a removed identity; only a new invitation lets them back). A guest who
// types another name gets a new token, unless this browser was removed from that meeting.
import type { Invitation } from './app-api.js';

const kPrefix = 'meet.invitation.';

export interface SavedInvitation extends Invitation {
  name: string;
  removed: boolean;
}

// Fallback when localStorage is not available (private mode, storage off).
const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    if (value === undefined) memory.delete(key);
    else memory.set(key, value);
  }
}

// Checked, not cast: the storage is the user's to edit.
function decode(text: string | null, meetingId: string): SavedInvitation | undefined {
  if (!text) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const m = (typeof o.meeting === 'object' && o.meeting !== null ? o.meeting : {}) as Record<string, unknown>;
  if (typeof o.token !== 'string' || typeof o.expiresAt !== 'number' || m.id !== meetingId) return undefined;
  return {
    meeting: { id: meetingId, title: typeof m.title === 'string' ? m.title : null, status: typeof m.status === 'string' ? m.status : null },
    token: o.token,
    role: o.role === 'host' ? 'host' : 'guest',
    expiresAt: o.expiresAt,
    name: typeof o.name === 'string' ? o.name : '',
    removed: o.removed === true,
  };
}

// The invitation saved for `meetingId`, if it has not expired (a minute of margin).
export function savedInvitation(meetingId: string, now = Date.now()): SavedInvitation | undefined {
  const saved = decode(read(kPrefix + meetingId), meetingId);
  if (saved && saved.expiresAt > now + 60_000) return saved;
  if (saved) write(kPrefix + meetingId, undefined);
  return undefined;
}

export function saveInvitation(inv: Invitation, name: string): void {
  const saved: SavedInvitation = { ...inv, name, removed: false };
  write(kPrefix + inv.meeting.id, JSON.stringify(saved));
}

// A host removed this browser's participant from `meetingId`: its link keeps refusing it.
export function markRemoved(meetingId: string): void {
  const saved = decode(read(kPrefix + meetingId), meetingId);
  if (saved) write(kPrefix + meetingId, JSON.stringify({ ...saved, removed: true }));
}

// Whether reopening the link joins with `saved` rather than asking for a new token.
export function reuses(saved: SavedInvitation | undefined, name: string): saved is SavedInvitation {
  return saved !== undefined && (saved.removed || saved.role === 'host' || saved.name === name);
}
