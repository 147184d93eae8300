// A meeting as one object: `Room.connect` joins, then the Room publishes, subscribes, keeps
// itself connected and takes the commands of chat, hands, recording and moderation. Its
// parts, one job each: room-base.ts, room-publishing.ts, room-subscribing.ts,
// room-connection.ts, room-messages.ts; its types: room-types.ts.
import { checkChatText } from './chat.js';
import { MeetError } from './meet-error.js';
import type { JoinedMessage, ServerMessage } from './protocol.js';
import { ReconnectMachine } from './reconnect-machine.js';
import { openSession, type SessionOptions } from './session-open.js';
import type { SignalClient } from './signal-client.js';
import type { RoomOptions } from './room-types.js';
import { RoomMessages } from './room-messages.js';

export { remoteTrackKey } from './room-types.js';
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
} from './room-types.js';

const kPingIntervalMs = 1000;

// How often the link is looked at (link-watch.ts).
const kLinkSampleMs = 500;

// Joins the room with `connect`, then publishes with `publish` and receives everyone else's
// tracks as `trackSubscribed` events. Comes back by itself after a network change, a dropped
// socket or a server restart (`reconnecting`, `reconnected`).
export class Room extends RoomMessages {
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
    url: string,
    token: string,
    session: SessionOptions,
    signal: SignalClient,
    joined: JoinedMessage,
    early: ServerMessage[],
    opts: RoomOptions,
  ) {
    super(url, token, session, signal, joined, opts);
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

  private async lobbyDecision(type: 'admit' | 'deny', participantId: string): Promise<void> {
    this.assertConnected();
    if (typeof participantId !== 'string' || participantId.length === 0) {
      throw new MeetError('bad_request', 'participantId must be a non-empty string');
    }
    await this.signal.request({ type, participant_id: participantId });
  }
}
