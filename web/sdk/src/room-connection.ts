// Keeping a Room connected: the peer connections and the socket, the link check and the
// reconnection machine's actions (a full rejoin), leaving, and the end.
import { chatMessageFromWire } from './chat.js';
import { MeetError } from './meet-error.js';
import type { JoinedMessage, ServerMessage } from './protocol.js';
import type { ConnectionState } from './reconnect-machine.js';
import { syncRoster } from './roster.js';
import { openSession, ping } from './session-open.js';
import { transportBytesReceived, statsEntries } from './stats.js';
import { TrackMap } from './track-map.js';
import { iceServersFromWire } from './room-types.js';
import { RoomSubscribing } from './room-subscribing.js';

// How long the peer connections' stats may take to answer (a late answer counts as no new
// bytes).
const kStatsWaitMs = 1000;

// How long a peer connection must stay `disconnected` to count as interrupted.
const kIceSettleMs = 1000;

// How long `leave` waits for the server to close the socket.
const kLeaveWaitMs = 1000;

export abstract class RoomConnection extends RoomSubscribing {
  protected abstract handleMessage(msg: ServerMessage): void;

  protected makePeers(joined: JoinedMessage): [RTCPeerConnection, RTCPeerConnection] {
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

  protected bindSignal(): void {
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

  protected replay(early: ServerMessage[]): void {
    if (early.length === 0) return;
    queueMicrotask(() => {
      for (const msg of early) this.handleMessage(msg);
    });
  }

  // The socket dropped or stopped answering: rejoin, or end when reconnection is off.
  protected lost(reason: string): void {
    if (this.stateValue === 'disconnected') return;
    if (!this.machine) {
      this.teardown(reason);
      return;
    }
    this.signal.onClose = () => {};
    this.signal.close(1000, 'lost');
    this.machine.signalLost(reason);
  }

  protected onPeerState(pc: RTCPeerConnection): void {
    if (!this.machine || this.leaving || (pc !== this.pub && pc !== this.sub)) return;
    const s = pc.connectionState;
    if (s === 'failed') this.machine.mediaFailed();
    else if (s === 'disconnected') this.interruptedSoon(pc);
    else if (s === 'connected' && this.peersUp()) this.machine.mediaRestored();
  }

  // Right after a cut healed, Chromium's ICE may say `disconnected` for some 50 ms while its
  // checks catch up: only a connection still `disconnected` after `kIceSettleMs` says
  // "reconnecting" (a real cut was noticed sooner by the link check).
  protected interruptedSoon(pc: RTCPeerConnection): void {
    setTimeout(() => {
      if (this.leaving || (pc !== this.pub && pc !== this.sub)) return;
      if (pc.connectionState === 'disconnected') this.machine?.mediaInterrupted();
    }, kIceSettleMs);
  }

  // The socket silent and nothing arriving on the peer connections: a cut that ICE has not
  // noticed yet (`network_silent`); either showing life again ends the interruption.
  protected async checkLink(): Promise<void> {
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
  protected async bytesReceived(peers: RTCPeerConnection[]): Promise<number | undefined> {
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
  protected peersUp(): boolean {
    const ok = (pc: RTCPeerConnection): boolean => pc.connectionState === 'connected' || pc.connectionState === 'new';
    return ok(this.pub) && ok(this.sub);
  }

  protected onMachineState(state: ConnectionState, reason: string): void {
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
  protected async rejoin(): Promise<void> {
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

  protected applyRoster(joined: JoinedMessage): void {
    const change = syncRoster(this.participants, joined.room.participants, this.localParticipant.id);
    for (const p of change.left) this.emit('participantLeft', p);
    for (const p of change.joined) this.emit('participantJoined', p);
    for (const [p, t] of change.unpublished) this.emit('trackUnpublished', p, t);
    for (const [p, t] of change.published) this.emit('trackPublished', p, t);
    for (const [p, t] of change.muted) this.emit('trackMuted', { participantId: p.id, trackId: t.id, muted: t.muted, by: undefined });
    for (const p of change.hands) this.emit('handChanged', p.id, p.handRaisedAt !== undefined);
  }

  protected closePeers(): void {
    for (const pc of [this.pub, this.sub]) {
      pc.onconnectionstatechange = null;
      try {
        pc.close();
      } catch {
        // already closed
      }
    }
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

  protected teardown(reason: string): void {
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
