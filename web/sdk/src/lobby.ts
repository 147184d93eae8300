// Someone waiting in the meeting's lobby for a moderator to admit or deny them (the `onLobby`
// option of `Room.connect`, `room.lobby`, the `lobbyRequest` event).
export interface LobbyParticipant {
  id: string;
  identity: string;
  name: string;
}

// A wire lobby participant, or undefined when it has no string id. A missing identity reads
// as '', a missing name as the identity.
export function lobbyParticipantFromWire(value: unknown): LobbyParticipant | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const p = value as Record<string, unknown>;
  if (typeof p.id !== 'string' || p.id.length === 0) return undefined;
  const identity = typeof p.identity === 'string' ? p.identity : '';
  return { id: p.id, identity, name: typeof p.name === 'string' ? p.name : identity };
}

// The waiting participants a moderator sees, in arrival order. `list` is a frozen snapshot,
// replaced on every change.
export class LobbyList {
  private value: readonly LobbyParticipant[] = Object.freeze([]);

  get list(): readonly LobbyParticipant[] {
    return this.value;
  }

  // Replaces the list with the valid entries of `joined.room.lobby` (anything else empties it).
  reset(wire: unknown): void {
    const out: LobbyParticipant[] = [];
    if (Array.isArray(wire)) {
      for (const w of wire) {
        const p = lobbyParticipantFromWire(w);
        if (p && !out.some((q) => q.id === p.id)) out.push(Object.freeze(p));
      }
    }
    this.value = Object.freeze(out);
  }

  // Adds a participant, or updates the one with the same id where it stands. Returns the
  // entry added, undefined when it was an update.
  add(p: LobbyParticipant): LobbyParticipant | undefined {
    const entry = Object.freeze({ id: p.id, identity: p.identity, name: p.name });
    const i = this.value.findIndex((q) => q.id === p.id);
    const next = [...this.value];
    if (i >= 0) next[i] = entry;
    else next.push(entry);
    this.value = Object.freeze(next);
    return i < 0 ? entry : undefined;
  }

  // Removes a participant; true when it was there.
  remove(id: string): boolean {
    if (!this.value.some((q) => q.id === id)) return false;
    this.value = Object.freeze(this.value.filter((q) => q.id !== id));
    return true;
  }
}
