import { ChatLog, chatMessageFromWire, checkChatText, featuresFromWire, type ChatMessage } from './chat.js';
import { EventEmitter } from './event-emitter.js';
import { LobbyList, lobbyParticipantFromWire, type LobbyParticipant } from './lobby.js';
import { MeetError } from './meet-error.js';
import {
  grantsFromWire,
  participantFromWire,
  trackFromWire,
  type Grants,
  type Participant,
  type TrackInfo,
} from './participant.js';
import type {
  JoinedMessage,
  OfferMessage,
  WireSubscriberStats,
  ServerMessage,
  TrackKind,
  TrackSource,
  WireIceServer,
} from './protocol.js';
import { ReconnectMachine, type Clock, type ConnectionState, type ReconnectOptions } from './reconnect-machine.js';
import { RemoteTrack } from './remote-track.js';
import { syncRoster } from './roster.js';
import { LinkWatch } from './link-watch.js';
import { openSession, ping, type SessionOptions } from './session-open.js';
import { sendEncodingsFor } from './simulcast.js';
import { TrackViewReporter } from './track-views.js';
import type { SignalClient, SignalSocketFactory } from './signal-client.js';
import {
  selectedCandidatePair,
  transportBytesReceived,
  statsEntries,
  subscriberStats,
  type SelectedPairInfo,
  type SubscriberTrackStats,
} from './stats.js';
import { TrackMap, type MidTrack } from './track-map.js';

export interface RoomOptions {
  // Creates the WebSocket (default: the browser's WebSocket).
  socketFactory?: SignalSocketFactory;
  // Keepalive period; the server closes a session silent for 30 s. Default 1 s: the answers
  // show that the network works (link-watch.ts: the socket and the peer connections silent
  // for max(2 s, a period + 1 s) says "reconnecting"). A ping left unanswered for
  // `requestTimeoutMs` counts as a lost connection.
  pingIntervalMs?: number;
  // Time allowed for the socket to open and `joined` to arrive. Default 15 s.
  joinTimeoutMs?: number;
  // Time allowed for any other reply. Default 15 s.
  requestTimeoutMs?: number;
  // Replaces the ICE servers the server hands out in `joined`.
  iceServers?: RTCIceServer[];
  // Called when the meeting has a lobby and the server put this client in it: `connect` then
  // waits, without `joinTimeoutMs` and sending keepalive pings, until a moderator admits it
  // (resolves) or denies it (rejects with `lobby_denied`).
  onLobby?: (me: LobbyParticipant) => void;
  // Automatic reconnection (reconnect-machine.ts): give up after `giveUpAfterMs` (default
  // 120 s) with `disconnected('reconnect_failed')`. `false` turns it off: any break then
  // ends the room with `disconnected('connection_lost ...')`.
  reconnect?: ReconnectOptions | false;
  // Timers of the reconnection machine (tests pass a fake).
  clock?: Clock;
}

export interface PublishOptions {
  // Source of the video tracks: `camera` (default) or `screen`.
  source?: 'camera' | 'screen';
  // Source of the audio tracks: `microphone` by default, `screen_audio` with source `screen`.
  audioSource?: 'microphone' | 'screen_audio';
  // Camera video as three simulcast layers (default true; see simulcast.ts).
  simulcast?: boolean;
}

// A track this client sends on its publisher connection.
export interface LocalTrack {
  mid: string;
  kind: TrackKind;
  source: TrackSource;
  mediaStreamTrack: MediaStreamTrack;
  // The server's id for the track, once the server has told it (see `localTrackPublished`);
  // a new one after each rejoin.
  trackId: string | undefined;
  muted: boolean;
}

export interface TrackMutedEvent {
  participantId: string;
  trackId: string;
  muted: boolean;
  by: string | undefined;
}

// One of this client's tracks was muted by someone else (a moderator, or the API: `by` is
// "api"). The SDK has already stopped sending it; only `setMuted(track, false)` resumes.
export interface LocalTrackMutedEvent {
  track: LocalTrack;
  by: string;
}

// A moderator or the API asks this client to unmute `track`; the page decides (nothing was
// changed).
export interface UnmuteRequestedEvent {
  track: LocalTrack | undefined;
  trackId: string;
  by: string;
}

export interface TransportInfo {
  publisher: SelectedPairInfo | undefined;
  subscriber: SelectedPairInfo | undefined;
}

export type RoomEvents = {
  participantJoined: [participant: Participant];
  participantLeft: [participant: Participant];
  trackPublished: [participant: Participant, track: TrackInfo];
  trackUnpublished: [participant: Participant, track: TrackInfo];
  trackMuted: [event: TrackMutedEvent];
  // This client's own track was muted by a moderator or the API (sending has stopped).
  localTrackMuted: [event: LocalTrackMutedEvent];
  // A moderator or the API asks this client to unmute a track.
  unmuteRequested: [event: UnmuteRequestedEvent];
  // The server's choice of active speaker (null before anyone spoke) and who speaks now,
  // loudest first; also in `room.activeSpeakerId` and `room.speakingIds`.
  activeSpeaker: [participantId: string | null, speaking: string[]];
  trackSubscribed: [track: RemoteTrack];
  trackUnsubscribed: [track: RemoteTrack];
  localTrackPublished: [track: LocalTrack];
  // A chat message from anyone in the room, this client's own included (the server echoes it).
  chat: [message: ChatMessage];
  // Someone's hand went up or down (`participantId` may be this client's own id); the queue,
  // oldest first, is `room.raisedHands`.
  handChanged: [participantId: string, raised: boolean];
  // Moderators: someone started waiting in the lobby (they are in `room.lobby` by now).
  lobbyRequest: [participant: LobbyParticipant];
  // Moderators: someone stopped waiting; `reason` is `admitted`, `denied` or `left`.
  lobbyLeft: [participantId: string, reason: string];
  // The meeting started or stopped being recorded (by anyone: the API, a host, auto-start);
  // also in `room.recording`.
  recordingChanged: [event: RecordingChangedEvent];
  // The connection broke and the room is coming back by itself (`reason`: `media_interrupted`,
  // `media_failed`, `connection_lost (1006)`, `timeout`, `server_shutdown`...). Remote tracks
  // may be unsubscribed meanwhile; participants and local tracks stay.
  reconnecting: [reason: string];
  // Back: the roster was brought up to date (with the usual events) and local tracks
  // republished with their mute state.
  reconnected: [];
  // `connected` -> `reconnecting` -> `connected`, or -> `disconnected`.
  connectionStateChanged: [state: RoomState];
  disconnected: [reason: string];
  error: [error: MeetError];
};

export type RoomState = ConnectionState;

export interface RecordingChangedEvent {
  active: boolean;
  recordingId?: string;
}

export interface RecordingState {
  active: boolean;
}

function recordingFromWire(w: unknown): RecordingChangedEvent {
  if (typeof w !== 'object' || w === null) return { active: false };
  const r = w as { active?: unknown; recording_id?: unknown };
  const out: RecordingChangedEvent = { active: r.active === true };
  if (out.active && typeof r.recording_id === 'string') out.recordingId = r.recording_id;
  return out;
}

interface LocalEntry {
  transceiver: RTCRtpTransceiver;
  track: LocalTrack;
  stream: MediaStream;
}

function iceServersFromWire(servers: readonly WireIceServer[] | undefined): RTCIceServer[] {
  const out: RTCIceServer[] = [];
  for (const s of servers ?? []) {
    const server: RTCIceServer = { urls: s.urls };
    if (typeof s.username === 'string') server.username = s.username;
    if (typeof s.credential === 'string') server.credential = s.credential;
    out.push(server);
  }
  return out;
}

// Track ids are unique per participant, not per room.
export function remoteTrackKey(participantId: string, trackId: string): string {
  return `${participantId}/${trackId}`;
}

const kPingIntervalMs = 1000;

// How often the link is looked at (link-watch.ts), how long it may be silent, and how long the
// peer connections' stats may take to answer (a late answer counts as no new bytes).
const kLinkSampleMs = 500;
const kLinkSilentMs = 2000;
const kStatsWaitMs = 1000;

// How long `leave` waits for the server to close the socket.
const kLeaveWaitMs = 1000;

// Server `disconnected` reasons after which the Room rejoins rather than ends.
const kRejoinReasons = new Set(['server_shutdown', 'timeout']);

// Joins the room with `connect`, then publishes with `publish` and receives everyone else's
// tracks as `trackSubscribed` events. Comes back by itself after a network change, a dropped
// socket or a server restart (`reconnecting`, `reconnected`).
export class Room extends EventEmitter<RoomEvents> {
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

  private pub: RTCPeerConnection;
  private sub: RTCPeerConnection;
  private signal: SignalClient;
  private stateValue: RoomState = 'connected';
  private readonly local: LocalEntry[] = [];
  private trackMap = new TrackMap();
  private readonly chat = new ChatLog();
  private readonly waiting = new LobbyList();
  private recordingValue: RecordingChangedEvent = { active: false };
  // Keys of tracks unpublished or of participants gone: never subscribed again.
  private readonly goneTracks = new Set<string>();
  private readonly views = new TrackViewReporter((views) => {
    if (this.stateValue === 'connected') this.signal.send({ type: 'track_view', views });
  });
  private offerChain: Promise<void> = Promise.resolve();
  private publishChain: Promise<unknown> = Promise.resolve();
  private turnRefused = false;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  // Looks at what the socket and the connections receive, to say "reconnecting" before ICE
  // notices a cut.
  private linkTimer: ReturnType<typeof setInterval> | undefined;
  private readonly link: LinkWatch;
  // A check is running (it takes at most `kStatsWaitMs`).
  private linkBusy = false;
  private leaving = false;
  private onSignalClosed: (() => void) | undefined;
  private readonly machine: ReconnectMachine | undefined;
  private readonly session: SessionOptions;

  // Opens `${url}/rtc` (url like ws://host:port), sends `join` and resolves once `joined`
  // arrives. Rejects with a MeetError whose `code` is the server's (`invalid_token`,
  // `token_expired`, `room_full`, `lobby_denied`, ...), the reason of a `disconnected` that
  // came instead (`room_ended` while waiting in the lobby, ...), or `connection_failed` /
  // `connection_closed` / `timeout`. In a meeting with a lobby, see `RoomOptions.onLobby`.
  static async connect(url: string, token: string, opts: RoomOptions = {}): Promise<Room> {
    const session: SessionOptions = {
      socketFactory: opts.socketFactory,
      joinTimeoutMs: opts.joinTimeoutMs ?? 15000,
      requestTimeoutMs: opts.requestTimeoutMs ?? 15000,
      pingIntervalMs: opts.pingIntervalMs ?? kPingIntervalMs,
      onLobby: opts.onLobby,
    };
    const { signal, joined, early } = await openSession(url, token, session);
    return new Room(url, token, session, signal, joined, early, opts);
  }

  private constructor(
    private readonly url: string,
    private readonly token: string,
    session: SessionOptions,
    signal: SignalClient,
    joined: JoinedMessage,
    early: ServerMessage[],
    private readonly opts: RoomOptions,
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
    this.applyRoomFields(joined);
    [this.pub, this.sub] = this.makePeers(joined);
    this.bindSignal();
    if (opts.reconnect !== false) {
      this.machine = new ReconnectMachine(
        { rejoin: () => this.rejoin(), onState: (state, reason) => this.onMachineState(state, reason) },
        opts.reconnect ?? {},
        opts.clock,
      );
    }
    // Events that came with or right after `joined`; run after the caller got the Room.
    this.replay(early);
    if (this.machine) this.linkTimer = setInterval(() => void this.checkLink(), kLinkSampleMs);
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

  // ---- connection set-up, shared by connect and rejoin ----

  private applyRoomFields(joined: JoinedMessage): void {
    this.features = featuresFromWire(joined.room.features);
    this.title = joined.room.title;
    this.locked = joined.room.locked;
    this.localParticipant.handRaisedAt = joined.participant.hand_raised_at;
    this.waiting.reset(joined.room.lobby);
    this.recordingValue = recordingFromWire(joined.room.recording);
  }

  private makePeers(joined: JoinedMessage): [RTCPeerConnection, RTCPeerConnection] {
    const config: RTCConfiguration = {
      iceServers: this.opts.iceServers ?? iceServersFromWire(joined.ice_servers),
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    };
    const pub = new RTCPeerConnection(config);
    const sub = new RTCPeerConnection(config);
    sub.ontrack = (ev) => this.onSubscriberTrack(ev);
    for (const pc of [pub, sub]) {
      pc.onconnectionstatechange = () => this.onPeerState(pc);
      pc.onicecandidateerror = (ev) => this.onIceCandidateError(ev as RTCPeerConnectionIceErrorEvent);
    }
    return [pub, sub];
  }

  private bindSignal(): void {
    const signal = this.signal;
    signal.onMessage = (msg) => this.handleMessage(msg);
    signal.onClose = (code, reason) => {
      if (signal !== this.signal) return;
      if (this.onSignalClosed) this.onSignalClosed();
      else this.lost(reason ? `connection_lost: ${reason}` : `connection_lost (${code})`);
    };
    signal.onBadFrame = (text) => this.emit('error', new MeetError('bad_message', text.slice(0, 200)));
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(
      () =>
        ping(signal, (code) => {
          if (signal === this.signal && !this.leaving) this.lost(code);
        }),
      this.session.pingIntervalMs,
    );
  }

  private replay(early: ServerMessage[]): void {
    if (early.length === 0) return;
    queueMicrotask(() => {
      for (const msg of early) this.handleMessage(msg);
    });
  }

  // The socket dropped or stopped answering: rejoin, or end when reconnection is off.
  private lost(reason: string): void {
    if (this.stateValue === 'disconnected') return;
    if (!this.machine) {
      this.teardown(reason);
      return;
    }
    this.signal.onClose = () => {};
    this.signal.close(1000, 'lost');
    this.machine.signalLost(reason);
  }

  private onPeerState(pc: RTCPeerConnection): void {
    if (!this.machine || this.leaving || (pc !== this.pub && pc !== this.sub)) return;
    const s = pc.connectionState;
    if (s === 'failed') this.machine.mediaFailed();
    else if (s === 'disconnected') this.machine.mediaInterrupted();
    else if (s === 'connected' && this.peersUp()) this.machine.mediaRestored();
  }

  // The socket silent and nothing arriving on the peer connections: a cut that ICE has not
  // noticed yet (`network_silent`); either showing life again ends the interruption.
  private async checkLink(): Promise<void> {
    const machine = this.machine;
    if (!machine || this.leaving || this.stateValue === 'disconnected') return;
    if (this.linkBusy) return;
    this.linkBusy = true;
    const peers = [this.pub, this.sub];
    const received = await this.bytesReceived(peers);
    this.linkBusy = false;
    // A rejoin meanwhile made new connections: their first look comes next time.
    if (peers[0] !== this.pub || peers[1] !== this.sub || this.leaving) return;
    const change = this.link.sample({ now: Date.now(), heardAt: this.signal.lastHeardAt, received });
    if (change === 'down') machine.mediaInterrupted('network_silent');
    else if (change === 'up' && this.peersUp()) machine.mediaRestored();
  }

  // Transport bytes received over `peers`, or undefined when the stats do not answer within
  // `kStatsWaitMs` (they may hang while the network is cut) or a connection closed meanwhile.
  private async bytesReceived(peers: RTCPeerConnection[]): Promise<number | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), kStatsWaitMs)));
    const sum = Promise.all(peers.map(async (pc) => pc.getStats())).then(
      (reports) => reports.reduce((n, r) => n + transportBytesReceived(statsEntries(r)), 0),
      () => undefined,
    );
    try {
      return await Promise.race([sum, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  // Both connections up, or the publisher has nothing to send yet.
  private peersUp(): boolean {
    const ok = (pc: RTCPeerConnection): boolean => pc.connectionState === 'connected' || pc.connectionState === 'new';
    return ok(this.pub) && ok(this.sub);
  }

  private onMachineState(state: ConnectionState, reason: string): void {
    if (state === 'disconnected') {
      this.teardown(reason);
      return;
    }
    this.stateValue = state;
    this.emit('connectionStateChanged', state);
    if (state === 'reconnecting') this.emit('reconnecting', reason);
    else this.emit('reconnected');
  }

  // One full rejoin: a new session with the same token, new peer connections, the roster
  // brought up to date, the local tracks published again with their mute state.
  private async rejoin(): Promise<void> {
    // The old session is over for us: the server will tell it `replaced`, which must not
    // end this room.
    const old = this.signal;
    old.onMessage = () => {};
    old.onClose = () => {};
    old.close(1000, 'rejoining');
    const { signal, joined, early } = await openSession(this.url, this.token, this.session);
    if (this.stateValue !== 'reconnecting') {
      signal.close(1000, 'not needed');
      return;
    }
    this.closePeers();
    for (const t of [...this.remoteTracks.values()]) this.unsubscribe(t.participantId, t.trackId);
    this.trackMap = new TrackMap();
    this.goneTracks.clear();
    this.offerChain = Promise.resolve();
    this.signal = signal;
    this.bindSignal();
    this.localParticipant.id = joined.participant.id;
    this.applyRoomFields(joined);
    [this.pub, this.sub] = this.makePeers(joined);
    this.link.reset();
    this.applyRoster(joined);
    for (const w of joined.room.chat ?? []) {
      const m = chatMessageFromWire(w);
      if (m && !this.chat.messages.some((x) => x.id === m.id)) {
        this.chat.add(m);
        this.emit('chat', m);
      }
    }
    this.replay(early);
    try {
      await this.republish();
    } catch (err) {
      signal.close(1000, 'rejoin failed');
      throw err;
    }
  }

  private applyRoster(joined: JoinedMessage): void {
    const change = syncRoster(this.participants, joined.room.participants, this.localParticipant.id);
    for (const p of change.left) this.emit('participantLeft', p);
    for (const p of change.joined) this.emit('participantJoined', p);
    for (const [p, t] of change.unpublished) this.emit('trackUnpublished', p, t);
    for (const [p, t] of change.published) this.emit('trackPublished', p, t);
    for (const [p, t] of change.muted) this.emit('trackMuted', { participantId: p.id, trackId: t.id, muted: t.muted, by: undefined });
    for (const p of change.hands) this.emit('handChanged', p.id, p.handRaisedAt !== undefined);
  }

  private async republish(): Promise<void> {
    if (this.local.length === 0) return;
    for (const entry of this.local) {
      const mst = entry.track.mediaStreamTrack;
      const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: [entry.stream] };
      // A stopped track (a camera turned off) cannot be sent: keep its m-line, send nothing
      // until `replaceTrack` gives it a live one.
      entry.transceiver = this.pub.addTransceiver(mst.readyState === 'live' ? mst : entry.track.kind, init);
      entry.track.trackId = undefined;
      entry.track.mid = '';
    }
    await this.negotiatePublisher();
    for (const entry of this.local) {
      if (entry.track.muted && entry.track.trackId !== undefined) {
        await this.signal.request({ type: 'mute', track_id: entry.track.trackId, muted: true });
      }
    }
  }

  private closePeers(): void {
    for (const pc of [this.pub, this.sub]) {
      pc.onconnectionstatechange = null;
      try {
        pc.close();
      } catch {
        // already closed
      }
    }
  }

  get state(): RoomState {
    return this.stateValue;
  }

  get localTracks(): LocalTrack[] {
    return this.local.map((e) => e.track);
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

  // Record grant or moderator, in a meeting with the `recording` feature: starts (stops) the
  // server-side recording. Resolves once the server accepted; `recordingChanged` follows.
  // Rejects with `not_allowed`, `already_recording` or `not_recording`.
  async startRecording(): Promise<void> {
    this.assertConnected();
    await this.signal.request({ type: 'start_recording' });
  }

  async stopRecording(): Promise<void> {
    this.assertConnected();
    await this.signal.request({ type: 'stop_recording' });
  }

  // Moderators: who waits in the lobby, in arrival order (`joined.room.lobby`, then the
  // `lobbyRequest` and `lobbyLeft` events). A frozen snapshot, replaced on each change; empty
  // for other participants and once disconnected.
  get lobby(): readonly LobbyParticipant[] {
    return this.waiting.list;
  }

  // Sends every track of `stream` (sendonly) and negotiates the publisher connection.
  publish(stream: MediaStream, opts: PublishOptions = {}): Promise<LocalTrack[]> {
    return this.serialPublish(async () => {
      this.assertConnected();
      const videoSource: TrackSource = opts.source ?? 'camera';
      const audioSource: TrackSource = opts.audioSource ?? (videoSource === 'screen' ? 'screen_audio' : 'microphone');
      const added: LocalEntry[] = [];
      for (const mst of stream.getTracks()) {
        const kind: TrackKind = mst.kind === 'audio' ? 'audio' : 'video';
        const source = kind === 'audio' ? audioSource : videoSource;
        const sendEncodings = sendEncodingsFor(kind, source, opts.simulcast ?? true);
        const transceiver = this.publisher.addTransceiver(mst, { direction: 'sendonly', streams: [stream], ...(sendEncodings ? { sendEncodings } : {}) });
        added.push({
          transceiver,
          stream,
          track: {
            mid: '',
            kind,
            source,
            mediaStreamTrack: mst,
            trackId: undefined,
            muted: !mst.enabled,
          },
        });
      }
      this.local.push(...added);
      try {
        await this.negotiatePublisher();
      } catch (err) {
        for (const entry of added) {
          const i = this.local.indexOf(entry);
          if (i >= 0) this.local.splice(i, 1);
          try {
            this.publisher.removeTrack(entry.transceiver.sender);
            entry.transceiver.stop();
          } catch {
            // connection already closed
          }
        }
        throw err;
      }
      return added.map((e) => e.track);
    });
  }

  // Mutes or unmutes one of this client's tracks (by server track id or by the local
  // MediaStreamTrack). The server stops forwarding a muted track and this client stops
  // sending it (no RTP leaves the browser); unmuting puts the track back on its sender. This
  // is also how a track muted by a moderator or the API is unmuted: only its owner can.
  // While reconnecting the change is kept and sent with the republished tracks.
  async setMuted(track: string | MediaStreamTrack, muted: boolean): Promise<void> {
    const entry = this.findLocal(track);
    if (this.stateValue === 'reconnecting' && entry) {
      entry.track.muted = muted;
      entry.track.mediaStreamTrack.enabled = !muted;
      return;
    }
    this.assertConnected();
    const trackId = typeof track === 'string' ? track : entry?.track.trackId;
    if (trackId === undefined) throw new MeetError('not_found', 'the server has not named this track yet');
    if (muted && entry) await this.stopSending(entry);
    await this.signal.request({ type: 'mute', track_id: trackId, muted });
    if (!muted && entry) {
      entry.track.muted = false;
      entry.track.mediaStreamTrack.enabled = true;
      await entry.transceiver.sender.replaceTrack(entry.track.mediaStreamTrack).catch(() => undefined);
    }
  }

  // Stops sending a local track without renegotiating: the sender gets no track, so the
  // browser sends no RTP for it; the MediaStreamTrack is disabled but kept for the unmute.
  private async stopSending(entry: LocalEntry): Promise<void> {
    entry.track.muted = true;
    entry.track.mediaStreamTrack.enabled = false;
    try {
      await entry.transceiver.sender.replaceTrack(null);
    } catch {
      // connection closed meanwhile
    }
  }

  // Sends `mediaStreamTrack` in place of what `track` sends now (another camera or microphone,
  // or a camera turned back on after its device was released), without renegotiating: the
  // server's track id and mute state stay. Rejects with `not_found` for a track that is not
  // one of this room's, `bad_request` for a track of the other kind.
  async replaceTrack(track: LocalTrack, mediaStreamTrack: MediaStreamTrack): Promise<void> {
    if (this.stateValue === 'disconnected') throw new MeetError('disconnected', 'the room is disconnected');
    const entry = this.local.find((e) => e.track === track);
    if (!entry) throw new MeetError('not_found', 'not a published track of this room');
    if (mediaStreamTrack.kind !== entry.track.kind) {
      throw new MeetError('bad_request', `a ${mediaStreamTrack.kind} track cannot replace a ${entry.track.kind} track`);
    }
    mediaStreamTrack.enabled = !entry.track.muted;
    // A muted track stays off its sender until it is unmuted.
    if (!entry.track.muted) await entry.transceiver.sender.replaceTrack(mediaStreamTrack);
    entry.track.mediaStreamTrack = mediaStreamTrack;
  }

  // Stops publishing one of this client's tracks. Its m-line goes inactive at the next
  // publisher negotiation.
  async unpublish(track: string | MediaStreamTrack): Promise<void> {
    this.assertConnected();
    const entry = this.findLocal(track);
    const trackId = typeof track === 'string' ? track : entry?.track.trackId;
    if (trackId === undefined) throw new MeetError('not_found', 'the server has not named this track yet');
    await this.signal.request({ type: 'unpublish', track_id: trackId });
    if (entry) {
      const i = this.local.indexOf(entry);
      if (i >= 0) this.local.splice(i, 1);
      try {
        await entry.transceiver.sender.replaceTrack(null);
        entry.transceiver.direction = 'inactive';
      } catch {
        // connection closed meanwhile
      }
    }
  }

  // Sends a chat message to everyone in the room (publish_data grant, `chat` feature). Resolves
  // once the server accepted it; the message itself then arrives as a `chat` event. Rejects
  // with `bad_request` (empty, or over 2000 UTF-8 bytes: checked before sending) or the
  // server's code (`not_allowed`, ...).
  async sendChat(text: string): Promise<void> {
    this.assertConnected();
    const invalid = checkChatText(text);
    if (invalid) throw invalid;
    await this.signal.request({ type: 'chat', text });
  }

  // Raises or lowers this client's hand (feature `raise_hand`). Resolves once the server
  // accepted; everyone then gets `handChanged`. Moderators may lower someone else's hand by
  // passing their id. Rejects with `not_allowed` or `not_found`.
  async setHandRaised(raised: boolean, participantId?: string): Promise<void> {
    this.assertConnected();
    const msg: { type: 'hand'; raised: boolean; participant_id?: string } = { type: 'hand', raised };
    if (participantId !== undefined && participantId !== this.localParticipant.id) msg.participant_id = participantId;
    await this.signal.request(msg);
  }

  // Moderator: mutes another participant's track (a microphone, or a camera to stop their
  // video); their client stops sending it. Only they can unmute it.
  async muteParticipant(participantId: string, trackId: string): Promise<void> {
    this.assertConnected();
    await this.signal.request({ type: 'mute_participant', participant_id: participantId, track_id: trackId });
  }

  // Moderator: asks another participant to unmute a track (their `unmuteRequested` event);
  // nothing changes until they do.
  async askToUnmute(participantId: string, trackId: string): Promise<void> {
    this.assertConnected();
    await this.signal.request({
      type: 'mute_participant',
      participant_id: participantId,
      track_id: trackId,
      muted: false,
    });
  }

  // Moderator: lets a participant waiting in the lobby in. Resolves once the server accepted;
  // `lobbyLeft(participantId, 'admitted')` follows. Rejects with `not_allowed` (no moderator
  // grant) or `not_found` (nobody with that id waits).
  async admit(participantId: string): Promise<void> {
    await this.lobbyDecision('admit', participantId);
  }

  // Moderator: turns down a participant waiting in the lobby (their `connect` rejects with
  // `lobby_denied`). As `admit`, with `lobbyLeft(participantId, 'denied')`.
  async deny(participantId: string): Promise<void> {
    await this.lobbyDecision('deny', participantId);
  }

  // Moderator: removes another participant from the room.
  async removeParticipant(participantId: string): Promise<void> {
    this.assertConnected();
    await this.signal.request({ type: 'remove_participant', participant_id: participantId });
  }

  // Leaves the room: tells the server, closes the socket and both connections, and emits
  // `disconnected('left')`.
  async leave(): Promise<void> {
    if (this.stateValue === 'disconnected' || this.leaving) return;
    this.leaving = true;
    if (this.stateValue === 'connected' && this.signal.send({ type: 'leave' })) {
      // Let the server see `leave` (it then closes the socket) before the peer connections
      // close, so that it does not take the DTLS close for a failed transport.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, kLeaveWaitMs);
        this.onSignalClosed = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.teardown('left');
  }

  // Counters of every remote track, read from the subscriber connection's `inbound-rtp` stats.
  async getSubscriberStats(): Promise<SubscriberTrackStats[]> {
    const report = await this.subscriber.getStats();
    const refs = [...this.remoteTracks.values()].map((t) => ({
      mid: t.mid,
      trackId: t.trackId,
      participantId: t.participantId,
      kind: t.kind,
      trackIdentifier: t.mediaStreamTrack.id,
    }));
    return subscriberStats(statsEntries(report), refs);
  }

  // Tells the server that `element` shows `track` (visible while on screen, at its size): it
  // then pauses video nobody sees and picks the simulcast layer that fits the tile. Returns a
  // function to call when the element stops showing it. A subscribed track no element shows
  // keeps whatever the server chose (the best layer its downlink allows).
  showTrack(element: Element, track: RemoteTrack): () => void {
    return this.views.observe(element, track.trackId);
  }

  // The server's view of this client's subscriber connection: bandwidth estimate, loss,
  // round-trip time, and the simulcast layer it forwards for each track.
  async getServerStats(): Promise<WireSubscriberStats> {
    this.assertConnected();
    const reply = await this.signal.request({ type: 'get_stats' });
    if (reply.type !== 'stats') throw new MeetError('bad_message', `expected stats, got ${reply.type}`);
    return reply.subscriber;
  }

  // The candidate pair each connection selected (protocol, type, addresses).
  async getTransportInfo(): Promise<TransportInfo> {
    const [pub, sub] = await Promise.all([this.publisher.getStats(), this.subscriber.getStats()]);
    return {
      publisher: selectedCandidatePair(statsEntries(pub)),
      subscriber: selectedCandidatePair(statsEntries(sub)),
    };
  }

  // ---- internals ----

  private assertConnected(): void {
    if (this.stateValue === 'reconnecting') throw new MeetError('reconnecting', 'the room is reconnecting');
    if (this.stateValue !== 'connected') throw new MeetError('disconnected', 'the room is disconnected');
  }

  private async lobbyDecision(type: 'admit' | 'deny', participantId: string): Promise<void> {
    this.assertConnected();
    if (typeof participantId !== 'string' || participantId.length === 0) {
      throw new MeetError('bad_request', 'participantId must be a non-empty string');
    }
    await this.signal.request({ type, participant_id: participantId });
  }

  private findLocal(track: string | MediaStreamTrack): LocalEntry | undefined {
    if (typeof track === 'string') return this.local.find((e) => e.track.trackId === track);
    return this.local.find((e) => e.track.mediaStreamTrack === track);
  }

  private serialPublish<T>(job: () => Promise<T>): Promise<T> {
    const run = this.publishChain.then(job, job);
    this.publishChain = run.catch(() => undefined);
    return run;
  }

  private async negotiatePublisher(): Promise<void> {
    const pc = this.publisher;
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const tracks: { mid: string; source: TrackSource }[] = [];
    for (const entry of this.local) {
      const mid = entry.transceiver.mid;
      if (mid === null) continue;
      entry.track.mid = mid;
      if (entry.transceiver.direction === 'sendonly') tracks.push({ mid, source: entry.track.source });
    }
    let reply: ServerMessage;
    try {
      const sdp = pc.localDescription?.sdp ?? offer.sdp ?? '';
      reply = await this.signal.request({ type: 'publish', sdp, tracks });
      if (reply.type !== 'answer' || typeof reply.sdp !== 'string') {
        throw new MeetError('bad_message', `expected answer, got ${reply.type}`);
      }
      await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    } catch (err) {
      if (pc.signalingState === 'have-local-offer') {
        await pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
      }
      throw err;
    }
    for (const t of reply.tracks ?? []) {
      const entry = this.local.find((e) => e.track.mid === t.mid);
      if (entry && typeof t.track_id === 'string') this.nameLocalTrack(entry, t.track_id);
    }
  }

  private nameLocalTrack(entry: LocalEntry, trackId: string): void {
    if (entry.track.trackId === trackId) return;
    entry.track.trackId = trackId;
    this.emit('localTrackPublished', entry.track);
  }

  private handleMessage(msg: ServerMessage): void {
    switch (msg.type) {
      case 'participant_joined': {
        if (!msg.participant || typeof msg.participant.id !== 'string') return;
        if (msg.participant.id === this.localParticipant.id) return;
        const p = participantFromWire(msg.participant);
        this.participants.set(p.id, p);
        this.emit('participantJoined', p);
        return;
      }
      case 'participant_left': {
        const p = this.participants.get(msg.participant_id) ?? {
          id: msg.participant_id,
          identity: '',
          name: '',
          tracks: new Map<string, TrackInfo>(),
        };
        this.participants.delete(msg.participant_id);
        for (const track of [...this.remoteTracks.values()]) {
          if (track.participantId === msg.participant_id) {
            this.goneTracks.add(remoteTrackKey(track.participantId, track.trackId));
            this.unsubscribe(track.participantId, track.trackId);
          }
        }
        for (const id of p.tracks.keys()) this.goneTracks.add(remoteTrackKey(p.id, id));
        this.emit('participantLeft', p);
        return;
      }
      case 'track_published': {
        if (!msg.track || typeof msg.track.id !== 'string') return;
        const info = trackFromWire(msg.track);
        if (msg.participant_id === this.localParticipant.id) {
          // Not promised by protocol v1, but if the server tells us, learn our track id:
          // the first local track of that kind and source that has none yet.
          const entry = this.local.find(
            (e) => e.track.trackId === undefined && e.track.kind === info.kind && e.track.source === info.source,
          );
          if (entry) this.nameLocalTrack(entry, info.id);
          return;
        }
        const p = this.participantOrStub(msg.participant_id);
        p.tracks.set(info.id, info);
        this.goneTracks.delete(remoteTrackKey(p.id, info.id));
        this.emit('trackPublished', p, info);
        return;
      }
      case 'track_unpublished': {
        const p = this.participantOrStub(msg.participant_id);
        const info = p.tracks.get(msg.track_id) ?? {
          id: msg.track_id,
          kind: this.remoteTracks.get(remoteTrackKey(msg.participant_id, msg.track_id))?.kind ?? 'video',
          source: 'camera',
          muted: false,
        };
        p.tracks.delete(msg.track_id);
        this.goneTracks.add(remoteTrackKey(msg.participant_id, msg.track_id));
        this.unsubscribe(msg.participant_id, msg.track_id);
        this.emit('trackUnpublished', p, info);
        return;
      }
      case 'track_muted': {
        const p = this.participants.get(msg.participant_id);
        const info = p?.tracks.get(msg.track_id);
        if (info) info.muted = msg.muted === true;
        if (msg.participant_id === this.localParticipant.id) {
          const entry = this.local.find((e) => e.track.trackId === msg.track_id);
          // Someone else muted this client's track: stop sending it at once.
          if (entry && msg.muted === true && typeof msg.by === 'string') {
            void this.stopSending(entry);
            this.emit('localTrackMuted', { track: entry.track, by: msg.by });
          } else if (entry) {
            entry.track.muted = msg.muted === true;
          }
        }
        this.emit('trackMuted', {
          participantId: msg.participant_id,
          trackId: msg.track_id,
          muted: msg.muted === true,
          by: typeof msg.by === 'string' ? msg.by : undefined,
        });
        return;
      }
      case 'unmute_requested': {
        if (typeof msg.track_id !== 'string') return;
        const entry = this.local.find((e) => e.track.trackId === msg.track_id);
        this.emit('unmuteRequested', {
          track: entry?.track,
          trackId: msg.track_id,
          by: typeof msg.by === 'string' ? msg.by : '',
        });
        return;
      }
      case 'active_speaker': {
        this.activeSpeakerId = typeof msg.participant_id === 'string' ? msg.participant_id : null;
        this.speakingIds = Array.isArray(msg.speaking) ? msg.speaking.filter((s) => typeof s === 'string') : [];
        this.emit('activeSpeaker', this.activeSpeakerId, [...this.speakingIds]);
        return;
      }
      case 'offer': {
        // Offers are answered strictly one after the other, in arrival order.
        this.offerChain = this.offerChain
          .then(() => this.answerOffer(msg))
          .catch((err: unknown) => {
            this.emit('error', err instanceof MeetError ? err : new MeetError('bad_sdp', String(err)));
          });
        return;
      }
      case 'chat': {
        const message = chatMessageFromWire(msg.message);
        if (!message) return;
        this.chat.add(message);
        this.emit('chat', message);
        return;
      }
      case 'lobby_request': {
        const p = lobbyParticipantFromWire(msg.participant);
        const added = p && this.waiting.add(p);
        if (added) this.emit('lobbyRequest', added);
        return;
      }
      case 'lobby_left': {
        if (typeof msg.participant_id !== 'string') return;
        this.waiting.remove(msg.participant_id);
        this.emit('lobbyLeft', msg.participant_id, typeof msg.reason === 'string' ? msg.reason : 'unknown');
        return;
      }
      case 'recording': {
        const event = recordingFromWire(msg);
        this.recordingValue = event;
        this.emit('recordingChanged', event);
        return;
      }
      case 'hand': {
        const at = msg.raised ? (msg.raised_at ?? Date.now()) : undefined;
        if (msg.participant_id === this.localParticipant.id) this.localParticipant.handRaisedAt = at;
        else {
          const p = this.participants.get(msg.participant_id);
          if (!p) return;
          p.handRaisedAt = at;
        }
        this.emit('handChanged', msg.participant_id, msg.raised);
        return;
      }
      case 'disconnected':
        if (kRejoinReasons.has(msg.reason) && this.machine && !this.leaving) this.lost(msg.reason);
        else this.teardown(msg.reason);
        return;
      case 'error':
        this.emit('error', new MeetError(msg.code, msg.message));
        return;
      default:
        // `pong`, `ok` or `answer` whose request already timed out; unknown types are ignored
        // so that a newer server can add events.
        return;
    }
  }

  private participantOrStub(id: string): Participant {
    let p = this.participants.get(id);
    if (!p) {
      p = { id, identity: '', name: '', tracks: new Map() };
      this.participants.set(id, p);
    }
    return p;
  }

  private async answerOffer(msg: OfferMessage): Promise<void> {
    if (this.stateValue === 'disconnected') return;
    const change = this.trackMap.update(msg.tracks);
    for (const old of change.removed) {
      const track = this.remoteTracks.get(remoteTrackKey(old.participantId, old.trackId));
      if (track && track.mid === old.mid) this.unsubscribe(old.participantId, old.trackId);
    }
    const pc = this.subscriber;
    await pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
    // `ontrack` fired for new receiving m-lines; an m-line re-used for another track may not
    // fire it again, so subscribe whatever the map names and is not subscribed yet.
    for (const mt of this.trackMap.entries()) this.subscribeFromTransceiver(mt);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    const sdp = pc.localDescription?.sdp ?? answer.sdp ?? '';
    if (!this.signal.send({ type: 'subscriber_answer', sdp })) return;
  }

  // A TURN server that refuses the credentials the server minted (401 Unauthorized, 403
  // Forbidden: TURN_SECRET differs from coturn's static-auth-secret, or they expired) is why a
  // client that needs the relay cannot connect: say so once, as error `turn_refused`.
  private onIceCandidateError(ev: RTCPeerConnectionIceErrorEvent): void {
    if (this.turnRefused || !/^turns?:/.test(ev.url ?? '')) return;
    if (ev.errorCode !== 401 && ev.errorCode !== 403) return;
    this.turnRefused = true;
    const why = `${ev.errorCode}${ev.errorText ? ` ${ev.errorText}` : ''}`;
    this.emit('error', new MeetError('turn_refused', `the relay (TURN) server ${ev.url} refused the credentials (${why})`));
  }

  private onSubscriberTrack(ev: RTCTrackEvent): void {
    const mt = this.trackMap.byMidOf(ev.transceiver?.mid);
    if (mt) this.subscribe(mt, ev.track);
  }

  private subscribeFromTransceiver(mt: MidTrack): void {
    const existing = this.remoteTracks.get(remoteTrackKey(mt.participantId, mt.trackId));
    if (existing && existing.mid === mt.mid) return;
    const transceiver = this.subscriber.getTransceivers().find((t) => t.mid === mt.mid);
    if (!transceiver) return;
    this.subscribe(mt, transceiver.receiver.track);
  }

  private subscribe(mt: MidTrack, mst: MediaStreamTrack): void {
    const key = remoteTrackKey(mt.participantId, mt.trackId);
    if (this.stateValue === 'disconnected' || this.goneTracks.has(key)) return;
    const existing = this.remoteTracks.get(key);
    if (existing) {
      if (existing.mid === mt.mid && existing.mediaStreamTrack === mst) return;
      this.unsubscribe(mt.participantId, mt.trackId);
    }
    const track = new RemoteTrack(mt.participantId, mt.trackId, mt.kind, mt.mid, mst);
    this.remoteTracks.set(key, track);
    this.emit('trackSubscribed', track);
  }

  private unsubscribe(participantId: string, trackId: string): void {
    const key = remoteTrackKey(participantId, trackId);
    const track = this.remoteTracks.get(key);
    if (!track) return;
    this.remoteTracks.delete(key);
    this.views.forget(trackId);
    this.emit('trackUnsubscribed', track);
  }

  private teardown(reason: string): void {
    if (this.stateValue === 'disconnected') return;
    this.stateValue = 'disconnected';
    this.machine?.stop(reason);
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    if (this.linkTimer !== undefined) clearInterval(this.linkTimer);
    this.linkTimer = undefined;
    this.signal.close(1000, reason);
    this.waiting.reset(undefined);
    for (const t of [...this.remoteTracks.values()]) this.unsubscribe(t.participantId, t.trackId);
    this.views.dispose();
    this.closePeers();
    this.emit('connectionStateChanged', 'disconnected');
    this.emit('disconnected', reason);
  }
}
