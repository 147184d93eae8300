// A Room's own tracks: publishing them on the publisher connection, muting (nothing is sent),
// replacing and unpublishing them, and publishing them again after a rejoin.
import { MeetError } from './meet-error.js';
import type { ServerMessage, TrackKind, TrackSource } from './protocol.js';
import { codecPreferences, sendEncodingsFor } from './simulcast.js';
import type { VideoCodec } from './simulcast.js';
import type { PublishOptions, LocalTrack, LocalEntry } from './room-types.js';
import { RoomBase } from './room-base.js';

// Puts `codec` first in the transceiver's offer; the server answers with the offer's first
// codec it supports. A browser without setCodecPreferences (or the codec) keeps its default.
function preferCodec(transceiver: RTCRtpTransceiver, codec: VideoCodec): void {
  const codecs = codecPreferences(codec);
  try {
    if (codecs) transceiver.setCodecPreferences(codecs);
  } catch {
    // an old browser: its default codec
  }
}

export abstract class RoomPublishing extends RoomBase {
  get localTracks(): LocalTrack[] {
    return this.local.map((e) => e.track);
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
        const codec = opts.videoCodec ?? 'vp8';
        const sendEncodings = sendEncodingsFor(kind, source, opts.simulcast ?? true, codec);
        const transceiver = this.publisher.addTransceiver(mst, { direction: 'sendonly', streams: [stream], ...(sendEncodings ? { sendEncodings } : {}) });
        if (kind === 'video' && codec !== 'vp8') preferCodec(transceiver, codec);
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
  protected async stopSending(entry: LocalEntry): Promise<void> {
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

  protected findLocal(track: string | MediaStreamTrack): LocalEntry | undefined {
    if (typeof track === 'string') return this.local.find((e) => e.track.trackId === track);
    return this.local.find((e) => e.track.mediaStreamTrack === track);
  }

  protected serialPublish<T>(job: () => Promise<T>): Promise<T> {
    const run = this.publishChain.then(job, job);
    this.publishChain = run.catch(() => undefined);
    return run;
  }

  protected async negotiatePublisher(): Promise<void> {
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

  protected nameLocalTrack(entry: LocalEntry, trackId: string): void {
    if (entry.track.trackId === trackId) return;
    entry.track.trackId = trackId;
    this.emit('localTrackPublished', entry.track);
  }

  protected async republish(): Promise<void> {
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
}
