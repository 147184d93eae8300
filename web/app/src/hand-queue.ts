// Raised hands in the order they went up. The server has no message for hands yet
// (docs/protocol.md), so the app cannot share them; this is the queue the participants panel
// will show to hosts once it does.

export interface RaisedHand {
  participantId: string;
  raisedAt: number;
}

export class HandQueue {
  private hands: RaisedHand[] = [];

  get list(): readonly RaisedHand[] {
    return this.hands;
  }

  // Raises a hand; a hand already up keeps its place. True when it was not up.
  raise(participantId: string, raisedAt: number): boolean {
    if (this.hands.some((h) => h.participantId === participantId)) return false;
    this.hands = [...this.hands, { participantId, raisedAt }].sort((a, b) => a.raisedAt - b.raisedAt);
    return true;
  }

  lower(participantId: string): boolean {
    const before = this.hands.length;
    this.hands = this.hands.filter((h) => h.participantId !== participantId);
    return this.hands.length !== before;
  }

  // 1-based place in the queue, or 0 when the hand is down.
  position(participantId: string): number {
    return this.hands.findIndex((h) => h.participantId === participantId) + 1;
  }
}
