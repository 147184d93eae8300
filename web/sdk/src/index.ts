// Meet client SDK.
export { Room, remoteTrackKey } from './room.js';
export type {
  LocalTrack,
  LocalTrackMutedEvent,
  PublishOptions,
  RecordingChangedEvent,
  RecordingState,
  RoomEvents,
  RoomOptions,
  RoomState,
  TrackMutedEvent,
  TransportInfo,
  UnmuteRequestedEvent,
} from './room.js';
export { RemoteTrack } from './remote-track.js';
export { codecPreferences, codecSupports, kSimulcastEncodings, kSpatialLayersMode, kTemporalLayersMode, sendEncodingsFor, vp8Supports } from './simulcast.js';
export type { SendEncoding, VideoCodec } from './simulcast.js';
export { TrackViewReporter } from './track-views.js';
export type { TrackView } from './track-views.js';
export type { ChatMessage } from './chat.js';
export type { LobbyParticipant } from './lobby.js';
export { MeetError } from './meet-error.js';
export { EventEmitter } from './event-emitter.js';
export type { EventMap, Listener } from './event-emitter.js';
export { TrackMap } from './track-map.js';
export type { MidTrack, TrackMapChange } from './track-map.js';
export { SignalClient } from './signal-client.js';
export type { InterimReply, SignalSocket, SignalSocketFactory } from './signal-client.js';
export type { Grants, Participant, TrackInfo } from './participant.js';
export type { SelectedPairInfo, CandidateInfo, SubscriberTrackStats } from './stats.js';
export type * from './protocol.js';
