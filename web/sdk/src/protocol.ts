// Wire types of the Meet signaling protocol v1 (docs/protocol.md).
// Field names are the wire names (snake_case); the SDK's own API is camelCase.

import { decodeServerMessage } from './decode.js';

export type RequestId = number | string;

export type TrackKind = 'audio' | 'video';
export type TrackSource = 'camera' | 'microphone' | 'screen' | 'screen_audio';

export interface WireGrants {
  publish?: boolean;
  subscribe?: boolean;
  publish_data?: boolean;
  moderator?: boolean;
  record?: boolean;
}

export interface WireTrack {
  id: string;
  kind: TrackKind;
  source: TrackSource;
  muted: boolean;
}

export interface WireParticipant {
  id: string;
  identity: string;
  name: string;
  grants?: WireGrants;
  tracks?: WireTrack[];
  // When the participant raised their hand (ms since the epoch, server clock); absent when
  // the hand is down.
  hand_raised_at?: number;
}

export interface WireIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

// One m-line of the subscriber offer and the track it carries.
export interface WireOfferTrack {
  mid: string;
  track_id: string;
  participant_id: string;
  kind: TrackKind;
}

// One m-line of the publisher offer and what it carries.
export interface WirePublishTrack {
  mid: string;
  source: TrackSource;
}

// One chat message, in `joined` (`room.chat`) and in the `chat` event.
export interface WireChatMessage {
  id: string;
  participant_id: string;
  identity: string;
  name: string;
  text: string;
  // Milliseconds since the epoch.
  sent_at: number;
}

// A participant waiting in the lobby (`lobby`, `joined.room.lobby`, `lobby_request`).
export interface WireLobbyParticipant {
  id: string;
  identity: string;
  name: string;
}

// The meeting's recording state (`joined.room.recording` and the `recording` event).
export interface WireRecordingState {
  active: boolean;
  recording_id?: string;
}

// ---- client -> server ----

export type ClientMessage =
  | { type: 'join'; id?: RequestId; token: string }
  | { type: 'publish'; id?: RequestId; sdp: string; tracks?: WirePublishTrack[] }
  | { type: 'subscriber_answer'; id?: RequestId; sdp: string }
  | { type: 'unpublish'; id?: RequestId; track_id: string }
  | { type: 'mute'; id?: RequestId; track_id: string; muted: boolean }
  | { type: 'mute_participant'; id?: RequestId; participant_id: string; track_id: string; muted?: boolean }
  | { type: 'remove_participant'; id?: RequestId; participant_id: string }
  | { type: 'chat'; id?: RequestId; text: string }
  | { type: 'hand'; id?: RequestId; raised: boolean; participant_id?: string }
  | { type: 'admit'; id?: RequestId; participant_id: string }
  | { type: 'deny'; id?: RequestId; participant_id: string }
  | { type: 'trickle'; id?: RequestId; candidate: RTCIceCandidateInit }
  | { type: 'ping'; id?: RequestId }
  | { type: 'leave'; id?: RequestId }
  | { type: 'start_recording'; id?: RequestId }
  | { type: 'stop_recording'; id?: RequestId }
  | { type: 'track_view'; id?: RequestId; views: WireTrackView[] }
  | { type: 'get_stats'; id?: RequestId };

// One remote track as the client shows it (`track_view`): CSS pixels, 0..16384.
export interface WireTrackView {
  track_id: string;
  visible: boolean;
  width?: number;
  height?: number;
}

// ---- server -> client ----

export interface JoinedMessage {
  type: 'joined';
  id?: RequestId;
  participant: WireParticipant;
  room: {
    id: string;
    participants: WireParticipant[];
    // The meeting's features (`chat`, `screen_share`, ...); absent from older servers.
    features?: string[];
    // The room's last chat messages, oldest first.
    chat?: WireChatMessage[];
    // Moderators only: who waits in the lobby.
    lobby?: WireLobbyParticipant[];
    // Whether the meeting is being recorded; absent from older servers.
    recording?: WireRecordingState;
    // The meeting's title, and whether it is locked, when the server says.
    title?: string;
    locked?: boolean;
  };
  ice_servers?: WireIceServer[];
}

// The interim reply to `join` in a meeting with a lobby: the join request stays open until a
// moderator admits (`joined`, same id) or denies (error `lobby_denied`, same id).
export interface LobbyMessage {
  type: 'lobby';
  id?: RequestId;
  participant: WireLobbyParticipant;
}

export interface AnswerMessage {
  type: 'answer';
  id?: RequestId;
  sdp: string;
  // Not in protocol v1: if the server tells the publisher which track id each of its m-lines
  // got, the SDK records it (needed for mute/unpublish of one's own tracks).
  tracks?: { mid: string; track_id: string }[];
}

export interface OkMessage {
  type: 'ok';
  id?: RequestId;
}

export interface PongMessage {
  type: 'pong';
  id?: RequestId;
}

export interface ErrorMessage {
  type: 'error';
  id?: RequestId;
  code: string;
  message?: string;
}

export interface OfferMessage {
  type: 'offer';
  id?: RequestId;
  sdp: string;
  tracks?: WireOfferTrack[];
}

export interface ParticipantJoinedMessage {
  type: 'participant_joined';
  participant: WireParticipant;
}

export interface ParticipantLeftMessage {
  type: 'participant_left';
  participant_id: string;
}

export interface TrackPublishedMessage {
  type: 'track_published';
  participant_id: string;
  track: WireTrack;
}

export interface TrackUnpublishedMessage {
  type: 'track_unpublished';
  participant_id: string;
  track_id: string;
}

export interface TrackMutedMessage {
  type: 'track_muted';
  participant_id: string;
  track_id: string;
  muted: boolean;
  by?: string;
}

// A moderator (or the operator's backend through the API: `by` is "api") asks this client to
// unmute one of its tracks; only the client can (docs/protocol.md, `mute_participant`).
export interface UnmuteRequestedMessage {
  type: 'unmute_requested';
  participant_id: string;
  track_id: string;
  by: string;
}

// The room's active speaker changed, or who is speaking did (docs/protocol.md).
export interface ActiveSpeakerMessage {
  type: 'active_speaker';
  participant_id: string | null;
  speaking: string[];
}

export interface ChatEventMessage {
  type: 'chat';
  message: WireChatMessage;
}

export interface LobbyRequestMessage {
  type: 'lobby_request';
  participant: WireLobbyParticipant;
}

export interface LobbyLeftMessage {
  type: 'lobby_left';
  participant_id: string;
  // `admitted`, `denied` or `left`.
  reason: string;
}

// The meeting started or stopped being recorded (docs/protocol.md, `recording`).
export interface RecordingMessage extends WireRecordingState {
  type: 'recording';
}

// Someone raised or lowered their hand (or a moderator lowered it).
export interface HandMessage {
  type: 'hand';
  participant_id: string;
  raised: boolean;
  // ms since the epoch (server clock), when raised.
  raised_at?: number;
}

// The reply to `get_stats`: the subscriber connection as the server sees it.
export interface WireSubscriberStats {
  estimate_bps: number;
  loss: number;
  rtt_ms: number;
  probes_sent: number;
  probes_succeeded: number;
  // `temporal_layer`/`target_temporal_layer`: the highest temporal layer of `layer` forwarded
  // now and chosen (0: its base frame rate; 0 for a stream without temporal layers).
  tracks: {
    track_id: string;
    kind: string;
    layer: number;
    target_layer: number;
    temporal_layer: number;
    target_temporal_layer: number;
    paused: boolean;
    packets_sent: number;
    // The tile size the server goes by (0: unknown), and each layer of the publisher's video
    // with its height (0: not known yet) and whether it is sent.
    view: { visible: boolean; width: number; height: number };
    layers: { height: number; active: boolean }[];
  }[];
}

export interface StatsMessage {
  type: 'stats';
  id?: RequestId;
  subscriber: WireSubscriberStats;
}

export interface DisconnectedMessage {
  type: 'disconnected';
  reason: string;
}

export type ServerMessage =
  | JoinedMessage
  | LobbyMessage
  | AnswerMessage
  | OkMessage
  | PongMessage
  | ErrorMessage
  | OfferMessage
  | ParticipantJoinedMessage
  | ParticipantLeftMessage
  | TrackPublishedMessage
  | TrackUnpublishedMessage
  | TrackMutedMessage
  | UnmuteRequestedMessage
  | ActiveSpeakerMessage
  | ChatEventMessage
  | LobbyRequestMessage
  | LobbyLeftMessage
  | RecordingMessage
  | HandMessage
  | StatsMessage
  | DisconnectedMessage;

// Parses and checks one text frame (decode.ts). Returns undefined for a frame that breaks the
// protocol (the caller reports it) and `null` for a well-formed message of a type this SDK
// does not know (ignored: a newer server may add events). Never throws.
export function parseServerMessage(text: string): ServerMessage | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const d = decodeServerMessage(value);
  if (d.ok) return d.msg;
  return d.unknownType !== undefined ? null : undefined;
}
