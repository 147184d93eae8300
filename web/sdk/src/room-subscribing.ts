// Everyone else's tracks: answering the server's offers on the subscriber connection, the
// tracks subscribed and unsubscribed, what the page shows of them, and their stats.
import { MeetError } from './meet-error.js';
import type { OfferMessage, WireSubscriberStats } from './protocol.js';
import { RemoteTrack } from './remote-track.js';
import { selectedCandidatePair, statsEntries, subscriberStats, type SubscriberTrackStats } from './stats.js';
import type { MidTrack } from './track-map.js';
import { type TransportInfo, remoteTrackKey } from './room-types.js';
import { RoomPublishing } from './room-publishing.js';

export abstract class RoomSubscribing extends RoomPublishing {
  protected async answerOffer(msg: OfferMessage): Promise<void> {
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

  protected onSubscriberTrack(ev: RTCTrackEvent): void {
    const mt = this.trackMap.byMidOf(ev.transceiver?.mid);
    if (mt) this.subscribe(mt, ev.track);
  }

  protected subscribeFromTransceiver(mt: MidTrack): void {
    const existing = this.remoteTracks.get(remoteTrackKey(mt.participantId, mt.trackId));
    if (existing && existing.mid === mt.mid) return;
    const transceiver = this.subscriber.getTransceivers().find((t) => t.mid === mt.mid);
    if (!transceiver) return;
    this.subscribe(mt, transceiver.receiver.track);
  }

  protected subscribe(mt: MidTrack, mst: MediaStreamTrack): void {
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

  protected unsubscribe(participantId: string, trackId: string): void {
    const key = remoteTrackKey(participantId, trackId);
    const track = this.remoteTracks.get(key);
    if (!track) return;
    this.remoteTracks.delete(key);
    this.views.forget(trackId);
    this.emit('trackUnsubscribed', track);
  }

  // A TURN server that refuses the credentials the server minted (401 Unauthorized, 403
  // Forbidden: TURN_SECRET differs from coturn's static-auth-secret, or they expired) is why a
  // client that needs the relay cannot connect: say so once, as error `turn_refused`.
  protected onIceCandidateError(ev: RTCPeerConnectionIceErrorEvent): void {
    if (this.turnRefused || !/^turns?:/.test(ev.url ?? '')) return;
    if (ev.errorCode !== 401 && ev.errorCode !== 403) return;
    this.turnRefused = true;
    const why = `${ev.errorCode}${ev.errorText ? ` ${ev.errorText}` : ''}`;
    this.emit('error', new MeetError('turn_refused', `the relay (TURN) server ${ev.url} refused the credentials (${why})`));
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
}
