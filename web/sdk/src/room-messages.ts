// What the server tells a Room on the socket: roster changes, tracks, mutes, speakers, offers,
// chat, the lobby, recording, hands, and the end of the session.
import { chatMessageFromWire } from './chat.js';
import { lobbyParticipantFromWire } from './lobby.js';
import { MeetError } from './meet-error.js';
import { participantFromWire, trackFromWire, type Participant, type TrackInfo } from './participant.js';
import type { ServerMessage } from './protocol.js';
import { recordingFromWire, remoteTrackKey } from './room-types.js';
import { RoomConnection } from './room-connection.js';

// Server `disconnected` reasons after which the Room rejoins rather than ends.
const kRejoinReasons = new Set(['server_shutdown', 'timeout']);

export abstract class RoomMessages extends RoomConnection {
  protected handleMessage(msg: ServerMessage): void {
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

  protected participantOrStub(id: string): Participant {
    let p = this.participants.get(id);
    if (!p) {
      p = { id, identity: '', name: '', tracks: new Map() };
      this.participants.set(id, p);
    }
    return p;
  }
}
