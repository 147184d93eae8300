// What every part of a Room shares: the roster, the connections, the socket and the state,
// set up from the server's `joined`; the parts (publishing, subscribing, connection,
// messages) build on it in that order and `Room` (room.ts) is the last.
import { ChatLog, chatMessageFromWire, featuresFromWire, type ChatMessage } from './chat.js';
import { EventEmitter } from './event-emitter.js';
import { LobbyList, type LobbyParticipant } from './lobby.js';
import { MeetError } from './meet-error.js';
import { grantsFromWire, participantFromWire, type Grants, type Participant } from './participant.js';
import type { JoinedMessage } from './protocol.js';
import type { ReconnectMachine } from './reconnect-machine.js';
import type { RemoteTrack } from './remote-track.js';
import { LinkWatch } from './link-watch.js';
import type { SessionOptions } from './session-open.js';
import { TrackViewReporter } from './track-views.js';
import type { SignalClient } from './signal-client.js';
import { TrackMap } from './track-map.js';
import {
  recordingFromWire,
  type LocalEntry,
  type RecordingChangedEvent,
  type RecordingState,
  type RoomEvents,
  type RoomOptions,
  type RoomState,
} from './room-types.js';

// How long the socket and the peer connections may both be silent (link-watch.ts).
const kLinkSilentMs = 2000;

export abstract class RoomBase extends EventEmitter<RoomEvents> {
  // The active speaker as the server last said (null before anyone spoke).
  activeSpeakerId: string | null = null;
  // Who is speaking now, loudest first.
  speakingIds: string[] = [];
  readonly id: string;
  // This client; its `id` changes when a rejoin got a new one from the server.
  readonly localParticipant: { id: string; identity: string; name: string; grants: Grants; handRaisedAt?: number | undefined };
  // The other participants, by id.
  readonly participants = new Map<string, Participant>();
  // Tracks received on the subscriber connection, by `remoteTrackKey(participantId, trackId)`
  // (track ids are unique per participant only).
  readonly remoteTracks = new Map<string, RemoteTrack>();
  // The meeting's features (`chat`, `screen_share`, `recording`, `reactions`, `raise_hand`);
  // all of them when the server does not say.
  features: readonly string[];
  // The meeting's title and lock state, when the server says (else undefined).
  title: string | undefined;
  locked: boolean | undefined;

  protected pub!: RTCPeerConnection;
  protected sub!: RTCPeerConnection;
  protected signal: SignalClient;
  protected stateValue: RoomState = 'connected';
  protected readonly local: LocalEntry[] = [];
  protected trackMap = new TrackMap();
  protected readonly chat = new ChatLog();
  protected readonly waiting = new LobbyList();
  protected recordingValue: RecordingChangedEvent = { active: false };
  // Keys of tracks unpublished or of participants gone: never subscribed again.
  protected readonly goneTracks = new Set<string>();
  protected readonly views = new TrackViewReporter((views) => {
    if (this.stateValue === 'connected') this.signal.send({ type: 'track_view', views });
  });
  protected offerChain: Promise<void> = Promise.resolve();
  protected publishChain: Promise<unknown> = Promise.resolve();
  protected turnRefused = false;
  protected pingTimer: ReturnType<typeof setInterval> | undefined;
  // Looks at what the socket and the connections receive, to say "reconnecting" before ICE
  // notices a cut.
  protected linkTimer: ReturnType<typeof setInterval> | undefined;
  protected readonly link: LinkWatch;
  // A check is running (it takes at most `kStatsWaitMs`).
  protected linkBusy = false;
  protected leaving = false;
  protected onSignalClosed: (() => void) | undefined;
  protected machine: ReconnectMachine | undefined;
  protected readonly session: SessionOptions;

  protected constructor(
    protected readonly url: string,
    protected readonly token: string,
    session: SessionOptions,
    signal: SignalClient,
    joined: JoinedMessage,
    protected readonly opts: RoomOptions,
  ) {
    super();
    this.session = session;
    this.signal = signal;
    this.link = new LinkWatch({ silentMs: Math.max(kLinkSilentMs, session.pingIntervalMs + 1000) });
    this.id = joined.room.id;
    const me = joined.participant;
    this.localParticipant = { id: me.id, identity: me.identity, name: me.name, grants: grantsFromWire(me.grants) };
    this.features = [];
    for (const p of joined.room.participants) {
      if (p.id !== me.id) this.participants.set(p.id, participantFromWire(p));
    }
    for (const w of joined.room.chat ?? []) {
      const message = chatMessageFromWire(w);
      if (message) this.chat.add(message);
    }
  }

  // The connection this client publishes on (a new one after each rejoin).
  get publisher(): RTCPeerConnection {
    return this.pub;
  }

  // The connection this client receives on (a new one after each rejoin).
  get subscriber(): RTCPeerConnection {
    return this.sub;
  }

  // Rejoin attempts since the connection broke (0 while connected).
  get reconnectAttempts(): number {
    return this.machine?.attempts ?? 0;
  }

  // Who has a hand up, oldest first (this client included, as `localParticipant.id`).
  get raisedHands(): { participantId: string; raisedAt: number }[] {
    const out: { participantId: string; raisedAt: number }[] = [];
    const me = this.localParticipant;
    if (me.handRaisedAt !== undefined) out.push({ participantId: me.id, raisedAt: me.handRaisedAt });
    for (const p of this.participants.values()) {
      if (p.handRaisedAt !== undefined) out.push({ participantId: p.id, raisedAt: p.handRaisedAt });
    }
    return out.sort((a, b) => a.raisedAt - b.raisedAt);
  }

  get state(): RoomState {
    return this.stateValue;
  }

  // The room's chat, oldest first: the history `joined` brought, then every `chat` event;
  // the last 500 messages.
  get chatMessages(): readonly ChatMessage[] {
    return this.chat.messages;
  }

  // Whether the meeting is being recorded (`joined`, then each `recordingChanged`).
  get recording(): RecordingState {
    return { active: this.recordingValue.active };
  }

  // Moderators: who waits in the lobby, in arrival order (`joined.room.lobby`, then the
  // `lobbyRequest` and `lobbyLeft` events). A frozen snapshot, replaced on each change; empty
  // for other participants and once disconnected.
  get lobby(): readonly LobbyParticipant[] {
    return this.waiting.list;
  }

  protected applyRoomFields(joined: JoinedMessage): void {
    this.features = featuresFromWire(joined.room.features);
    this.title = joined.room.title;
    this.locked = joined.room.locked;
    this.localParticipant.handRaisedAt = joined.participant.hand_raised_at;
    this.waiting.reset(joined.room.lobby);
    this.recordingValue = recordingFromWire(joined.room.recording);
  }

  protected assertConnected(): void {
    if (this.stateValue === 'reconnecting') throw new MeetError('reconnecting', 'the room is reconnecting');
    if (this.stateValue !== 'connected') throw new MeetError('disconnected', 'the room is disconnected');
  }
}
