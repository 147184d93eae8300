// The meeting screen: joins with a token, publishes what the pre-join screen opened, shows
// the tiles in a grid or around a stage, the controls, chat and participants panels, host
// actions, and reconnects by itself when the connection drops. This file is its life cycle
// (join, reconnect, leave, end); its parts: meeting-base.ts, meeting-tiles.ts,
// meeting-media.ts, meeting-panels.ts, meeting-controls.ts.
import { Room } from '../../sdk/src/index.js';
import { Backoff } from './backoff.js';
import { errorCodeOf, isRecoverable } from './errors.js';
import { cleanName, shortName } from './text.js';
import { type MeetingStart, type MeetingCallbacks, kLocalKey } from './meeting-types.js';
import { MeetingControls } from './meeting-controls.js';

export class MeetingView extends MeetingControls {
  constructor(start: MeetingStart, cb: MeetingCallbacks) {
    super(start, cb);
    window.meetApp = { state: 'connecting', participantId: undefined, events: [], sentBytes: (kind) => this.sentBytes(kind),
      sendCounters: (kind) => this.sendCounters(kind),
    };
    this.el = this.render();
    this.resizeObserver = new ResizeObserver(() => this.layout());
    this.resizeObserver.observe(this.tilesEl);
    const local = this.tileFor(kLocalKey, start.name, true, false);
    local.setVideoTrack(this.camOn ? this.video : undefined);
    local.setMicMuted(!this.micOn);
    if (this.audio) this.levels.set(kLocalKey, this.audio);
    document.addEventListener('keydown', this.onKey);
    document.addEventListener('keyup', this.onKeyUp);
  }

  async join(): Promise<void> {
    this.record('state', { state: 'connecting' });
    try {
      const room = await this.connect();
      this.attach(room);
      await this.publishLocal();
      this.setState('joined');
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'connection_failed';
      if (isRecoverable(code)) {
        void this.reconnect();
      } else {
        this.finish(code);
      }
    }
    this.timers.push(setInterval(() => this.tickSecond(), 1000));
    this.timers.push(setInterval(() => this.tickSpeaking(), 150));
    this.timers.push(setInterval(() => void this.tickQuality(), 2000));
  }

  private connect(): Promise<Room> {
    return Room.connect(this.start.serverUrl, this.start.token, {
      joinTimeoutMs: 10000,
      onLobby: () => {
        this.setState('lobby');
        this.showOverlay('Waiting for a host to let you in…', 'You will join as soon as someone lets you in.');
      },
    });
  }

  private attach(room: Room): void {
    this.room = room;
    this.hideOverlay();
    window.meetApp.participantId = room.localParticipant.id;
    this.record('joined', { participantId: room.localParticipant.id });
    const offs = this.offRoom;
    offs.push(room.on('participantJoined', (p) => {
      this.tileFor(p.id, p.name, false, false);
      this.announce(`${shortName(cleanName(p.name))} joined`);
      this.refreshParticipant(p.id);
    }));
    offs.push(room.on('participantLeft', (p) => {
      this.removeParticipant(p.id);
      this.announce(`${shortName(cleanName(p.name))} left`);
    }));
    offs.push(room.on('trackPublished', (p) => this.refreshParticipant(p.id)));
    offs.push(room.on('trackUnpublished', (p) => this.refreshParticipant(p.id)));
    offs.push(room.on('trackMuted', (ev) => {
      if (ev.participantId === room.localParticipant.id) this.onLocalMuted(ev.trackId, ev.muted, ev.by);
      else this.refreshParticipant(ev.participantId);
    }));
    offs.push(room.on('trackSubscribed', (t) => this.onSubscribed(t)));
    offs.push(room.on('trackUnsubscribed', (t) => this.onUnsubscribed(t)));
    offs.push(room.on('chat', (m) => this.onChat(m)));
    offs.push(room.on('lobbyRequest', (p) => {
      this.toast(`${shortName(cleanName(p.name))} is waiting to join`);
      this.renderLobby();
    }));
    offs.push(room.on('lobbyLeft', () => this.renderLobby()));
    offs.push(room.on('disconnected', (reason) => this.onDisconnected(reason)));
    offs.push(room.on('reconnecting', (reason) => this.onReconnecting(reason)));
    offs.push(room.on('reconnected', () => void this.onReconnected()));
    offs.push(room.on('handChanged', (id, raised) => this.onHand(id, raised)));
    // Hosts never unmute anyone by force: they ask, and the person decides.
    offs.push(room.on('unmuteRequested', () => this.toast('A host asks you to unmute. Press the microphone button (or M) when you are ready.')));
    for (const p of room.participants.values()) {
      this.tileFor(p.id, p.name, false, false);
      this.refreshParticipant(p.id);
    }
    this.chatMessages = [...room.chatMessages];
    this.renderChat();
    this.renderPeople();
    this.renderLobby();
    this.updateControls();
    this.updateHands();
    this.layout();
  }

  private detach(): void {
    for (const off of this.offRoom) off();
    this.offRoom = [];
    for (const key of [...this.tiles.keys()]) if (key !== kLocalKey && !key.startsWith(`${kLocalKey}:`)) this.removeTile(key);
    for (const key of [...this.audioEls.keys()]) this.removeAudio(key);
    this.room = undefined;
  }

  private async publishLocal(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const tracks: MediaStreamTrack[] = [];
    if (this.audio && this.audio.readyState === 'live') tracks.push(this.audio);
    if (this.video && this.video.readyState === 'live') tracks.push(this.video);
    if (tracks.length === 0) return;
    const published = await room.publish(new MediaStream(tracks));
    for (const t of published) {
      const on = t.kind === 'audio' ? this.micOn : this.camOn;
      if (!on) await room.setMuted(t.trackId ?? t.mediaStreamTrack, true).catch(() => undefined);
    }
    // A camera that is off need not stay open: its light goes out.
    if (!this.camOn && this.video) this.video.stop();
    this.record('published', { count: published.length });
  }

  private onDisconnected(reason: string): void {
    this.record('disconnected', { reason });
    this.detach();
    if (this.ended) return;
    if (this.leaving) {
      this.finish('left');
      return;
    }
    this.finish(errorCodeOf(reason));
  }

  // The SDK lost the connection and is bringing it back (reconnect-machine.ts); the meeting
  // stays on screen, with a banner that does not block anything.
  private onReconnecting(reason: string): void {
    this.record('reconnecting', { reason });
    this.setState('reconnecting');
    this.showBanner('Reconnecting… Your connection dropped; we are getting you back. You can keep this page open.');
    this.announce('Connection lost, reconnecting');
  }

  private async onReconnected(): Promise<void> {
    this.hideBanner();
    this.setState('joined');
    this.announce('Reconnected to the meeting');
    window.meetApp.participantId = this.room?.localParticipant.id;
    this.renderPeople();
    this.updateHands();
    // A camera turned on while the old one had been released: send a live track again.
    const cam = this.localTrack('video', 'camera');
    if (this.camOn && cam && cam.mediaStreamTrack.readyState !== 'live') {
      try {
        await this.reopenCamera();
        if (this.video && this.room) await this.room.replaceTrack(cam, this.video);
      } catch {
        this.toast('Your camera could not be restarted; turn it off and on again.');
      }
    }
  }

  // The first join failed for a reason that may pass (server unreachable): try again with a
  // backoff. Once joined, the SDK reconnects by itself.
  private async reconnect(): Promise<void> {
    if (this.reconnecting || this.ended) return;
    this.reconnecting = true;
    this.setState('reconnecting');
    this.stopScreenShare(false);
    const backoff = new Backoff();
    for (;;) {
      const wait = backoff.next(Date.now());
      if (wait === undefined) break;
      this.showBanner(`Reconnecting… (attempt ${backoff.attempts})`);
      await new Promise((r) => setTimeout(r, wait));
      if (this.ended) return;
      try {
        const room = await this.connect();
        this.attach(room);
        this.reconnecting = false;
        await this.reopenCamera();
        await this.publishLocal();
        this.hideBanner();
        this.setState('joined');
        this.toast('Reconnected');
        this.announce('Reconnected to the meeting');
        return;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'connection_failed';
        this.record('reconnect_failed', { code });
        if (!isRecoverable(code)) {
          this.reconnecting = false;
          this.finish(code);
          return;
        }
      }
    }
    this.reconnecting = false;
    this.finish('connection_lost');
  }

  async leave(): Promise<void> {
    this.leaving = true;
    if (this.room) await this.room.leave();
    else this.finish('left');
  }

  private finish(code: string): void {
    if (this.ended) return;
    this.ended = true;
    this.setState(code === 'left' ? 'left' : 'ended');
    this.record('end', { code });
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.views.detachAll();
    this.resizeObserver.disconnect();
    document.removeEventListener('keydown', this.onKey);
    document.removeEventListener('keyup', this.onKeyUp);
    this.stopScreenShare(false);
    this.video?.stop();
    this.audio?.stop();
    this.levels.clear();
    this.detach();
    this.cb.onEnd(code);
  }
}
