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
  ServerMessage,
  TrackKind,
  TrackSource,
  WireIceServer,
} from './protocol.js';
import { RemoteTrack } from './remote-track.js';
import { SignalClient, type SignalSocketFactory } from './signal-client.js';
import {
  selectedCandidatePair,
  statsEntries,
  subscriberStats,
  type SelectedPairInfo,
  type SubscriberTrackStats,
} from './stats.js';
import { TrackMap, type MidTrack } from './track-map.js';

export interface RoomOptions {
  // Creates the WebSocket (default: the browser's WebSocket).
  socketFactory?: SignalSocketFactory;
  // Keepalive period; the server closes a session silent for 30 s. Default 10 s.
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
}

export interface PublishOptions {
  // Source of the video tracks: `camera` (default) or `screen`.
  source?: 'camera' | 'screen';
  // Source of the audio tracks: `microphone` by default, `screen_audio` with source `screen`.
  audioSource?: 'microphone' | 'screen_audio';
}

// A track this client sends on its publisher connection.
export interface LocalTrack {
  mid: string;
  kind: TrackKind;
  source: TrackSource;
  mediaStreamTrack: MediaStreamTrack;
  // The server's id for the track, once the server has told it (see `localTrackPublished`).
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
  // Moderators: someone started waiting in the lobby (they are in `room.lobby` by now).
  lobbyRequest: [participant: LobbyParticipant];
  // Moderators: someone stopped waiting; `reason` is `admitted`, `denied` or `left`.
  lobbyLeft: [participantId: string, reason: string];
  disconnected: [reason: string];
  error: [error: MeetError];
};

export type RoomState = 'connected' | 'disconnected';

interface LocalEntry {
  transceiver: RTCRtpTransceiver;
  track: LocalTrack;
}

function iceServersFromWire(servers: readonly WireIceServer[] | undefined): RTCIceServer[] {
  const out: RTCIceServer[] = [];
  for (const s of servers ?? []) {
    if (!s || (typeof s.urls !== 'string' && !Array.isArray(s.urls))) continue;
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

// Keepalive period: the server closes a session silent for 30 s.
const kPingIntervalMs = 10000;

function ping(signal: SignalClient): void {
  signal.request({ type: 'ping' }).catch(() => {
    // a lost pong is noticed by the socket closing
  });
}

// How long `leave` waits for the server to close the socket.
const kLeaveWaitMs = 1000;

function rtcUrl(url: string): string {
  return `${url.replace(/\/+$/, '')}/rtc`;
}

// Joins the room with `connect`, then publishes with `publish` and receives everyone else's
// tracks as `trackSubscribed` events.
export class Room extends EventEmitter<RoomEvents> {
  // The active speaker as the server last said (null before anyone spoke).
  activeSpeakerId: string | null = null;
  // Who is speaking now, loudest first.
  speakingIds: string[] = [];
  readonly id: string;
  readonly localParticipant: { id: string; identity: string; name: string; grants: Grants };
  // The other participants, by id.
  readonly participants = new Map<string, Participant>();
  // Tracks received on the subscriber connection, by `remoteTrackKey(participantId, trackId)`
  // (track ids are unique per participant only).
  readonly remoteTracks = new Map<string, RemoteTrack>();
  readonly publisher: RTCPeerConnection;
  readonly subscriber: RTCPeerConnection;
  // The meeting's features (`chat`, `screen_share`, `recording`, `reactions`, `raise_hand`);
  // all of them when the server does not say.
  readonly features: readonly string[];

  private stateValue: RoomState = 'connected';
  private readonly local: LocalEntry[] = [];
  private readonly trackMap = new TrackMap();
  private readonly chat = new ChatLog();
  private readonly waiting = new LobbyList();
  // Keys of tracks unpublished or of participants gone: never subscribed again.
  private readonly goneTracks = new Set<string>();
  private offerChain: Promise<void> = Promise.resolve();
  private publishChain: Promise<unknown> = Promise.resolve();
  private turnRefused = false;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private leaving = false;
  private onSignalClosed: (() => void) | undefined;

  // Opens `${url}/rtc` (url like ws://host:port), sends `join` and resolves once `joined`
  // arrives. Rejects with a MeetError whose `code` is the server's (`invalid_token`,
  // `token_expired`, `room_full`, `lobby_denied`, ...), the reason of a `disconnected` that
  // came instead (`room_ended` while waiting in the lobby, ...), or `connection_failed` /
  // `connection_closed` / `timeout`. In a meeting with a lobby, see `RoomOptions.onLobby`.
  static async connect(url: string, token: string, opts: RoomOptions = {}): Promise<Room> {
    const joinTimeoutMs = opts.joinTimeoutMs ?? 15000;
    const pingMs = opts.pingIntervalMs ?? kPingIntervalMs;
    const signal = new SignalClient(rtcUrl(url), opts.socketFactory, opts.requestTimeoutMs ?? 15000);
    // Messages that arrive before the Room exists wait here, in order.
    const early: ServerMessage[] = [];
    let earlyFailure: ((err: MeetError) => void) | undefined;
    signal.onMessage = (msg) => {
      if (msg.type === 'error' && earlyFailure) earlyFailure(new MeetError(msg.code, msg.message));
      else if (msg.type === 'disconnected' && earlyFailure) earlyFailure(new MeetError(msg.reason));
      else early.push(msg);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lobbyPing: ReturnType<typeof setInterval> | undefined;
    // The interim `lobby` reply to `join`: waiting may take minutes, so no join timeout from
    // now on (the join request itself stops timing out), and keepalive pings meanwhile.
    const inLobby = (msg: ServerMessage): boolean => {
      if (msg.type !== 'lobby') return false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (lobbyPing === undefined) lobbyPing = setInterval(() => ping(signal), pingMs);
      const me = lobbyParticipantFromWire(msg.participant) ?? { id: '', identity: '', name: '' };
      try {
        opts.onLobby?.(me);
      } catch {
        // the caller's callback failing must not stop the join
      }
      return true;
    };
    try {
      const joined = await new Promise<JoinedMessage>((resolve, reject) => {
        earlyFailure = reject;
        timer = setTimeout(() => reject(new MeetError('timeout', `no joined within ${joinTimeoutMs} ms`)), joinTimeoutMs);
        signal
          .open()
          .then(() => signal.request({ type: 'join', token }, joinTimeoutMs, inLobby))
          .then((reply) => {
            if (reply.type === 'joined') resolve(reply);
            else reject(new MeetError('bad_message', `expected joined, got ${reply.type}`));
          })
          .catch(reject);
      });
      return new Room(signal, joined, early, opts);
    } catch (err) {
      signal.close(1000, 'join failed');
      throw err instanceof MeetError ? err : new MeetError('internal', String(err));
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (lobbyPing !== undefined) clearInterval(lobbyPing);
      earlyFailure = undefined;
    }
  }

  private constructor(
    private readonly signal: SignalClient,
    joined: JoinedMessage,
    early: ServerMessage[],
    opts: RoomOptions,
  ) {
    super();
    this.id = joined.room?.id ?? '';
    const me = joined.participant;
    this.localParticipant = {
      id: me.id,
      identity: me.identity ?? '',
      name: me.name ?? '',
      grants: grantsFromWire(me.grants),
    };
    for (const p of joined.room?.participants ?? []) {
      if (p && typeof p.id === 'string' && p.id !== me.id) this.participants.set(p.id, participantFromWire(p));
    }
    this.features = featuresFromWire(joined.room?.features);
    const history: unknown = joined.room?.chat;
    if (Array.isArray(history)) {
      for (const w of history) {
        const message = chatMessageFromWire(w);
        if (message) this.chat.add(message);
      }
    }
    this.waiting.reset(joined.room?.lobby);

    const config: RTCConfiguration = {
      iceServers: opts.iceServers ?? iceServersFromWire(joined.ice_servers),
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    };
    this.publisher = new RTCPeerConnection(config);
    this.subscriber = new RTCPeerConnection(config);
    this.subscriber.ontrack = (ev) => this.onSubscriberTrack(ev);
    for (const pc of [this.publisher, this.subscriber]) {
      pc.addEventListener('icecandidateerror', (ev) => this.onIceCandidateError(ev as RTCPeerConnectionIceErrorEvent));
    }

    signal.onMessage = (msg) => this.handleMessage(msg);
    signal.onClose = (code, reason) => {
      if (this.onSignalClosed) this.onSignalClosed();
      else this.teardown(reason ? `connection_lost: ${reason}` : `connection_lost (${code})`);
    };
    signal.onBadFrame = (text) => this.emit('error', new MeetError('bad_message', text.slice(0, 200)));

    this.pingTimer = setInterval(() => ping(this.signal), opts.pingIntervalMs ?? kPingIntervalMs);

    // Events that came with or right after `joined`; run after the caller got the Room.
    if (early.length > 0) {
      queueMicrotask(() => {
        for (const msg of early) this.handleMessage(msg);
      });
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
        const transceiver = this.publisher.addTransceiver(mst, { direction: 'sendonly', streams: [stream] });
        added.push({
          transceiver,
          track: {
            mid: '',
            kind,
            source: kind === 'audio' ? audioSource : videoSource,
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
  async setMuted(track: string | MediaStreamTrack, muted: boolean): Promise<void> {
    this.assertConnected();
    const entry = this.findLocal(track);
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
    this.assertConnected();
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
    if (this.signal.send({ type: 'leave' })) {
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
      case 'disconnected':
        this.teardown(typeof msg.reason === 'string' ? msg.reason : 'unknown');
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
    if (this.stateValue !== 'connected') return;
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
    if (this.stateValue !== 'connected' || this.goneTracks.has(key)) return;
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
    this.emit('trackUnsubscribed', track);
  }

  private teardown(reason: string): void {
    if (this.stateValue === 'disconnected') return;
    this.stateValue = 'disconnected';
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.signal.close(1000, reason);
    this.waiting.reset(undefined);
    for (const t of [...this.remoteTracks.values()]) this.unsubscribe(t.participantId, t.trackId);
    try {
      this.publisher.close();
      this.subscriber.close();
    } catch {
      // already closed
    }
    this.emit('disconnected', reason);
  }
}
