// The Room's public types (options, events, local tracks) and the small helpers its parts share.
import type { ChatMessage } from './chat.js';
import type { LobbyParticipant } from './lobby.js';
import { MeetError } from './meet-error.js';
import type { Participant, TrackInfo } from './participant.js';
import type { TrackKind, TrackSource, WireIceServer } from './protocol.js';
import type { Clock, ConnectionState, ReconnectOptions } from './reconnect-machine.js';
import { RemoteTrack } from './remote-track.js';
import type { SignalSocketFactory } from './signal-client.js';
import type { VideoCodec } from './simulcast.js';
import type { SelectedPairInfo } from './stats.js';

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
  // Codec of video tracks: 'vp8' (default), 'vp9' (one encoding with three spatial layers,
  // L3T3_KEY, where the browser takes it) or 'h264' (three simulcast encodings); see
  // simulcast.ts. A browser without the codec sends its default.
  videoCodec?: VideoCodec;
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

export function recordingFromWire(w: unknown): RecordingChangedEvent {
  if (typeof w !== 'object' || w === null) return { active: false };
  const r = w as { active?: unknown; recording_id?: unknown };
  const out: RecordingChangedEvent = { active: r.active === true };
  if (out.active && typeof r.recording_id === 'string') out.recordingId = r.recording_id;
  return out;
}

export interface LocalEntry {
  transceiver: RTCRtpTransceiver;
  track: LocalTrack;
  stream: MediaStream;
}

export function iceServersFromWire(servers: readonly WireIceServer[] | undefined): RTCIceServer[] {
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
