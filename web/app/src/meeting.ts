// The meeting screen: joins with a token, publishes what the pre-join screen opened, shows
// the tiles in a grid or around a stage, the controls, chat and participants panels, host
// actions, and reconnects by itself when the connection drops.
import { Room, type ChatMessage, type LocalTrack, type RemoteTrack } from '../../sdk/src/index.js';
import { endMeeting } from './app-api.js';
import { Backoff } from './backoff.js';
import { AudioLevels, openMedia, setSpeaker } from './devices.js';
import { clear, h, setPressed } from './dom.js';
import { describeError, errorCodeOf, isRecoverable } from './errors.js';
import { icon, type IconName } from './icons.js';
import { gridShape, paginate, planStage, tilesPerPage, type LayoutMode } from './layout.js';
import { qualityFrom, worse, type Quality, type ReceiveCounters } from './quality.js';
import { SpeakerTracker } from './speaker-tracker.js';
import { cleanChatText, cleanName, formatElapsed, shortName } from './text.js';
import { Tile } from './tile.js';
import { TileViews } from './tile-views.js';

export interface MeetingStart {
  serverUrl: string;
  token: string;
  meetingId: string;
  title: string;
  name: string;
  video: MediaStreamTrack | undefined;
  audio: MediaStreamTrack | undefined;
  camOn: boolean;
  micOn: boolean;
  cameraId: string | undefined;
  micId: string | undefined;
  speakerId: string | undefined;
}

export interface MeetingCallbacks {
  // The meeting is over for this page: show an end screen for `code` (`left`, `removed`...).
  onEnd: (code: string) => void;
}

type Panel = 'chat' | 'people' | undefined;

// What the e2e tests and a curious developer can read: window.meetApp.
export interface MeetAppState {
  state: string;
  participantId: string | undefined;
  events: { type: string; at: number; [k: string]: unknown }[];
  // RTP bytes this page has sent of `kind` (outbound-rtp `bytesSent`, summed): a muted track
  // sends nothing, so the count stands still.
  sentBytes?: (kind: 'audio' | 'video') => Promise<number>;
}

declare global {
  interface Window {
    meetApp: MeetAppState;
  }
}

const kLocalKey = 'local';

// What main's SDK adds (server message `active_speaker`); optional so this builds either way.
interface ServerSpeakerFields {
  activeSpeakerId?: string;
  speakingIds?: Iterable<string>;
}

export class MeetingView {
  readonly el: HTMLElement;
  private room: Room | undefined;
  private readonly tiles = new Map<string, Tile>();
  // Remote video tiles the server is told about (layer by tile size, hidden ones paused).
  private readonly views = new TileViews<HTMLVideoElement, RemoteTrack>((el, t) => this.room?.showTrack(el, t) ?? (() => undefined));
  private readonly screens: string[] = [];
  private readonly audioEls = new Map<string, HTMLAudioElement>();
  private readonly levels = new AudioLevels();
  private readonly speakers = new SpeakerTracker();
  private readonly prevCounters = new Map<string, ReceiveCounters>();
  private mode: LayoutMode = 'grid';
  private activeSpeaker: string | undefined;
  private pinned: string | undefined;
  private page = 0;
  private panel: Panel;
  private unread = 0;
  private micOn: boolean;
  private camOn: boolean;
  private video: MediaStreamTrack | undefined;
  private audio: MediaStreamTrack | undefined;
  private screenStream: MediaStream | undefined;
  private startedAt = Date.now();
  private timers: ReturnType<typeof setInterval>[] = [];
  private leaving = false;
  private ended = false;
  private reconnecting = false;
  private chatMessages: ChatMessage[] = [];
  private offRoom: (() => void)[] = [];
  private readonly resizeObserver: ResizeObserver;

  // DOM parts
  private readonly tilesEl = h('div', { class: 'tiles' });
  private readonly pagerEl = h('div', { class: 'pager', hidden: true });
  private readonly bannerEl = h('div', { class: 'banner', role: 'status', hidden: true });
  private readonly elapsedEl = h('span', { class: 'elapsed', 'aria-label': 'Time in the meeting' });
  private readonly countEl = h('span', { class: 'count' });
  private readonly liveEl = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'log' });
  private readonly toastsEl = h('div', { class: 'toasts', 'aria-live': 'polite' });
  private readonly panelEl = h('aside', { class: 'panel', hidden: true });
  private readonly chatList = h('ol', { class: 'chat-list', 'aria-label': 'Messages' });
  private readonly chatInput = h('textarea', { class: 'chat-input', rows: 1, maxlength: 2000, placeholder: 'Send a message to everyone', 'aria-label': 'Message' });
  private readonly chatError = h('div', { class: 'form-error', role: 'status' });
  private readonly peopleList = h('ul', { class: 'people-list', 'aria-label': 'Participants' });
  private readonly lobbyEl = h('section', { class: 'lobby', 'aria-label': 'Waiting to join', hidden: true });
  private readonly overlayEl = h('div', { class: 'overlay', hidden: true, role: 'status' });
  private readonly buttons: Record<string, HTMLButtonElement> = {};
  private readonly unreadEl = h('span', { class: 'badge', hidden: true });
  private readonly handsEl = h('section', { class: 'hands', 'aria-label': 'Raised hands', hidden: true });
  private pushToTalk = false;

  constructor(private readonly start: MeetingStart, private readonly cb: MeetingCallbacks) {
    this.micOn = start.micOn && start.audio !== undefined;
    this.camOn = start.camOn && start.video !== undefined;
    this.video = start.video;
    this.audio = start.audio;
    window.meetApp = { state: 'connecting', participantId: undefined, events: [], sentBytes: (kind) => this.sentBytes(kind) };
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

  // ---- life cycle ----

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

  // After a rejoin the camera track may have been stopped while it was off.
  private async reopenCamera(): Promise<void> {
    if (this.camOn && (!this.video || this.video.readyState !== 'live')) {
      const m = await openMedia(true, false, { cameraId: this.start.cameraId });
      this.video = m.video;
      this.tiles.get(kLocalKey)?.setVideoTrack(this.video);
    }
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

  // ---- local media ----

  private async sentBytes(kind: 'audio' | 'video'): Promise<number> {
    const pc = this.room?.publisher;
    if (!pc) return 0;
    let sum = 0;
    (await pc.getStats()).forEach((s: { type?: string; kind?: string; bytesSent?: number }) => {
      if (s.type === 'outbound-rtp' && s.kind === kind) sum += s.bytesSent ?? 0;
    });
    return sum;
  }

  private localTrack(kind: 'audio' | 'video', source: string): LocalTrack | undefined {
    return this.room?.localTracks.find((t) => t.kind === kind && t.source === source);
  }

  async toggleMic(): Promise<void> {
    const room = this.room;
    const want = !this.micOn;
    try {
      const published = this.localTrack('audio', 'microphone');
      if (want && !published) {
        const m = await openMedia(false, true, { micId: this.start.micId });
        if (!m.audio) throw new Error(describeError('x').title);
        this.audio = m.audio;
        this.levels.set(kLocalKey, this.audio);
        this.micOn = true;
        if (room) await room.publish(new MediaStream([m.audio]));
      } else if (published && room) {
        await room.setMuted(published.trackId ?? published.mediaStreamTrack, !want);
        this.micOn = want;
      } else {
        this.micOn = want && this.audio !== undefined;
      }
    } catch {
      this.toast(want ? 'Your microphone could not be turned on' : 'Your microphone could not be turned off');
    }
    this.updateControls();
  }

  async toggleCamera(): Promise<void> {
    const room = this.room;
    const want = !this.camOn;
    try {
      const published = this.localTrack('video', 'camera');
      if (want) {
        const m = await openMedia(true, false, { cameraId: this.start.cameraId });
        if (!m.video) {
          this.toast('Your camera could not be started; check that no other app is using it');
          return;
        }
        this.video = m.video;
        if (published && room) {
          await room.replaceTrack(published, m.video);
          await room.setMuted(published.trackId ?? published.mediaStreamTrack, false);
        } else if (room) {
          await room.publish(new MediaStream([m.video]));
        }
        this.camOn = true;
      } else {
        if (published && room) await room.setMuted(published.trackId ?? published.mediaStreamTrack, true);
        this.video?.stop();
        this.camOn = false;
      }
    } catch {
      this.toast('The camera could not be switched');
    }
    this.tiles.get(kLocalKey)?.setVideoTrack(this.camOn ? this.video : undefined);
    this.updateControls();
  }

  async toggleScreenShare(): Promise<void> {
    if (this.screenStream) {
      this.stopScreenShare(true);
      return;
    }
    const room = this.room;
    if (!room) return;
    if (!room.features.includes('screen_share')) {
      this.toast('Screen sharing is turned off in this meeting');
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    } catch {
      return; // the person cancelled the picker
    }
    this.screenStream = stream;
    const vt = stream.getVideoTracks()[0];
    if (vt) vt.addEventListener('ended', () => this.stopScreenShare(true));
    const tile = this.tileFor(`${kLocalKey}:screen`, this.start.name, true, true);
    tile.setVideoTrack(vt);
    this.screens.push(tile.key);
    try {
      await room.publish(stream, { source: 'screen' });
    } catch {
      this.toast('Your screen could not be shared');
      this.stopScreenShare(false);
    }
    this.updateControls();
    this.layout();
  }

  private stopScreenShare(unpublish: boolean): void {
    const stream = this.screenStream;
    if (!stream) return;
    this.screenStream = undefined;
    for (const t of stream.getTracks()) {
      if (unpublish && this.room) void this.room.unpublish(t).catch(() => undefined);
      t.stop();
    }
    this.removeTile(`${kLocalKey}:screen`);
    this.updateControls();
    this.layout();
  }

  private onLocalMuted(trackId: string, muted: boolean, by: string | undefined): void {
    const t = this.room?.localTracks.find((x) => x.trackId === trackId);
    if (!t || by === undefined || !muted) return;
    // A host muted us: stop sending for real, and say so.
    t.mediaStreamTrack.enabled = false;
    if (t.kind === 'audio') {
      this.micOn = false;
      this.toast('A host muted your microphone. You can unmute when you want to speak.');
    } else if (t.source === 'camera') {
      this.camOn = false;
      this.video?.stop();
      this.tiles.get(kLocalKey)?.setVideoTrack(undefined);
      this.toast('A host turned your camera off.');
    }
    this.updateControls();
  }

  // ---- remote participants ----

  private tileFor(key: string, name: string, local: boolean, screen: boolean): Tile {
    let tile = this.tiles.get(key);
    if (!tile) {
      tile = new Tile({ key, name, local, screen, onPin: (k) => this.togglePin(k) });
      this.tiles.set(key, tile);
      this.layout();
    }
    return tile;
  }

  private removeTile(key: string): void {
    const tile = this.tiles.get(key);
    if (!tile) return;
    this.views.detach(key);
    tile.el.remove();
    tile.setVideoTrack(undefined);
    this.tiles.delete(key);
    const i = this.screens.indexOf(key);
    if (i >= 0) this.screens.splice(i, 1);
    if (this.pinned === key) this.pinned = undefined;
    this.layout();
  }

  private removeParticipant(id: string): void {
    this.removeTile(id);
    this.removeTile(`${id}:screen`);
    for (const key of [...this.audioEls.keys()]) if (key.startsWith(`${id}/`)) this.removeAudio(key);
    this.levels.delete(id);
    this.speakers.remove(id);
    this.prevCounters.delete(id);
    this.renderPeople();
    this.updateCount();
    this.updateHands();
  }

  private refreshParticipant(id: string): void {
    const p = this.room?.participants.get(id);
    if (!p) return;
    const tile = this.tileFor(id, p.name, false, false);
    tile.setName(p.name);
    const tracks = [...p.tracks.values()];
    const mic = tracks.find((t) => t.kind === 'audio' && t.source === 'microphone');
    const cam = tracks.find((t) => t.kind === 'video' && t.source === 'camera');
    tile.setMicMuted(!mic || mic.muted);
    tile.setVideoOff(!cam || cam.muted);
    if (!tracks.some((t) => t.source === 'screen')) this.removeTile(`${id}:screen`);
    this.renderPeople();
    this.updateCount();
  }

  private onSubscribed(t: RemoteTrack): void {
    const p = this.room?.participants.get(t.participantId);
    const source = p?.tracks.get(t.trackId)?.source ?? (t.kind === 'video' ? 'camera' : 'microphone');
    const name = p?.name ?? '';
    if (t.kind === 'video') {
      const screen = source === 'screen';
      const key = screen ? `${t.participantId}:screen` : t.participantId;
      const tile = this.tileFor(key, name, false, screen);
      tile.setVideoTrack(t.mediaStreamTrack);
      this.views.attach(key, tile.video, t);
      if (screen && !this.screens.includes(key)) {
        this.screens.push(key);
        this.announce(`${shortName(cleanName(name))} is sharing their screen`);
      }
      this.refreshParticipant(t.participantId);
      this.layout();
    } else {
      const key = `${t.participantId}/${t.trackId}`;
      const el = h('audio', { autoplay: true, 'data-participant': t.participantId });
      el.srcObject = t.toMediaStream();
      if (this.start.speakerId) void setSpeaker(el, this.start.speakerId);
      this.audioEls.set(key, el);
      this.el.querySelector('.audio-sink')?.append(el);
      void el.play().catch(() => undefined);
      if (source === 'microphone') this.levels.set(t.participantId, t.mediaStreamTrack);
    }
  }

  private onUnsubscribed(t: RemoteTrack): void {
    if (t.kind === 'video') {
      this.views.detachTrack(t);
      const screenKey = `${t.participantId}:screen`;
      if (this.screens.includes(screenKey) && this.tiles.get(screenKey)?.video.srcObject) {
        const stream = this.tiles.get(screenKey)?.video.srcObject as MediaStream | null;
        if (stream?.getTracks().includes(t.mediaStreamTrack)) {
          this.removeTile(screenKey);
          return;
        }
      }
      const tile = this.tiles.get(t.participantId);
      tile?.setVideoTrack(undefined);
    } else {
      this.removeAudio(`${t.participantId}/${t.trackId}`);
      this.levels.delete(t.participantId);
    }
  }

  private removeAudio(key: string): void {
    const el = this.audioEls.get(key);
    if (!el) return;
    el.srcObject = null;
    el.remove();
    this.audioEls.delete(key);
  }

  // ---- layout ----

  private togglePin(key: string): void {
    this.pinned = this.pinned === key ? undefined : key;
    for (const t of this.tiles.values()) t.setPinned(t.key === this.pinned);
    this.layout();
  }

  setMode(mode: LayoutMode): void {
    this.mode = mode;
    setPressed(this.buttons.layout, mode === 'speaker');
    this.buttons.layout.setAttribute('aria-label', mode === 'speaker' ? 'Speaker layout (switch to grid)' : 'Grid layout (switch to speaker)');
    this.layout();
  }

  private layout(): void {
    if (!this.tilesEl.isConnected && !this.el) return;
    const cameraKeys = [...this.tiles.keys()].filter((k) => !this.tiles.get(k)?.opts.screen);
    const plan = planStage({
      mode: this.mode,
      tiles: cameraKeys,
      screens: this.screens.filter((k) => this.tiles.has(k)),
      pinned: this.pinned,
      activeSpeaker: this.activeSpeaker,
      localKey: kLocalKey,
    });
    const width = this.tilesEl.clientWidth || window.innerWidth;
    const height = this.tilesEl.clientHeight || window.innerHeight - 140;
    let desired: HTMLElement[];
    if (plan.stage !== undefined) {
      this.tilesEl.className = 'tiles stage-mode';
      this.tilesEl.style.removeProperty('grid-template-columns');
      this.pagerEl.hidden = true;
      const stageTile = this.tiles.get(plan.stage);
      const stage = this.tilesEl.querySelector<HTMLElement>(':scope > .stage') ?? h('div', { class: 'stage' });
      const strip = this.tilesEl.querySelector<HTMLElement>(':scope > .strip') ?? h('div', { class: 'strip', 'aria-label': 'Other participants' });
      this.sync(stage, stageTile ? [stageTile.el] : []);
      this.sync(strip, plan.others.map((k) => this.tiles.get(k)?.el).filter((e): e is HTMLDivElement => e !== undefined));
      desired = [stage, strip];
    } else {
      this.tilesEl.className = 'tiles grid-mode';
      const perPage = tilesPerPage(plan.others.length);
      const page = paginate(plan.others, this.page, perPage);
      this.page = page.page;
      const shape = gridShape(page.items.length, width, height);
      this.tilesEl.style.gridTemplateColumns = `repeat(${shape.cols}, ${Math.floor(shape.tileWidth)}px)`;
      this.tilesEl.style.gridAutoRows = `${Math.floor(shape.tileHeight)}px`;
      this.tilesEl.dataset.cols = String(shape.cols);
      desired = page.items.map((k) => this.tiles.get(k)?.el).filter((e): e is HTMLDivElement => e !== undefined);
      this.renderPager(page.page, page.pageCount);
    }
    this.sync(this.tilesEl, desired);
    for (const t of this.tiles.values()) t.resume();
  }

  private sync(parent: HTMLElement, children: HTMLElement[]): void {
    const now = [...parent.children];
    if (now.length === children.length && now.every((c, i) => c === children[i])) return;
    parent.replaceChildren(...children);
  }

  private renderPager(page: number, count: number): void {
    this.pagerEl.hidden = count <= 1;
    if (count <= 1) return;
    clear(this.pagerEl);
    this.pagerEl.append(
      h('button', { type: 'button', class: 'btn small', disabled: page === 0, 'aria-label': 'Previous page', onclick: () => this.goPage(page - 1) }, '‹'),
      h('span', { text: `Page ${page + 1} of ${count}` }),
      h('button', { type: 'button', class: 'btn small', disabled: page >= count - 1, 'aria-label': 'Next page', onclick: () => this.goPage(page + 1) }, '›'),
    );
  }

  private goPage(p: number): void {
    this.page = p;
    this.layout();
  }

  // ---- periodic ----

  private tickSecond(): void {
    this.elapsedEl.textContent = formatElapsed(Date.now() - this.startedAt);
  }

  // The server's active speaker (room.activeSpeakerId / speakingIds, on SDKs that have them)
  // wins over the levels measured here; the tile key of the local participant is `local`.
  private serverSpeaking(): { active: string | undefined; speaking: Set<string> } | undefined {
    const room = this.room as (Room & ServerSpeakerFields) | undefined;
    if (!room || (room.activeSpeakerId === undefined && room.speakingIds === undefined)) return undefined;
    const me = room.localParticipant.id;
    const key = (id: string): string => (id === me ? kLocalKey : id);
    const speaking = new Set<string>();
    for (const id of room.speakingIds ?? []) speaking.add(key(id));
    return { active: room.activeSpeakerId ? key(room.activeSpeakerId) : undefined, speaking };
  }

  private tickSpeaking(): void {
    const levels = this.levels.all();
    if (!this.micOn) levels.set(kLocalKey, 0);
    const before = this.activeSpeaker;
    const server = this.serverSpeaking();
    const local = this.speakers.update(levels, Date.now());
    this.activeSpeaker = server?.active ?? local;
    for (const [key, level] of levels) {
      this.tiles.get(key)?.setSpeaking(server ? server.speaking.has(key) : this.speakers.isSpeaking(level));
    }
    if (this.activeSpeaker !== before && this.mode === 'speaker') this.layout();
  }

  private async tickQuality(): Promise<void> {
    const room = this.room;
    if (!room || room.state !== 'connected') return;
    let stats;
    try {
      stats = await room.getSubscriberStats();
    } catch {
      return;
    }
    const sums = new Map<string, ReceiveCounters>();
    for (const s of stats) {
      const c = sums.get(s.participantId) ?? { packetsReceived: 0, packetsLost: 0 };
      c.packetsReceived += s.packetsReceived;
      c.packetsLost += s.packetsLost;
      sums.set(s.participantId, c);
    }
    for (const [id, cur] of sums) {
      const p = room.participants.get(id);
      const expect = !!p && [...p.tracks.values()].some((t) => !t.muted);
      let q: Quality = qualityFrom(this.prevCounters.get(id), cur, expect);
      if (!expect) q = worse('good', q === 'poor' ? 'unknown' : q);
      this.prevCounters.set(id, { ...cur });
      this.tiles.get(id)?.setQuality(q);
    }
  }

  // ---- chat ----

  private onChat(m: ChatMessage): void {
    this.chatMessages.push(m);
    if (this.chatMessages.length > 500) this.chatMessages.shift();
    this.chatList.append(this.chatItem(m));
    this.chatList.scrollTop = this.chatList.scrollHeight;
    const mine = m.participantId === this.room?.localParticipant.id;
    if (!mine) {
      this.announce(`Message from ${shortName(cleanName(m.name))}: ${shortName(m.text, 120)}`);
      if (this.panel !== 'chat') {
        this.unread++;
        this.updateUnread();
      }
    }
  }

  private chatItem(m: ChatMessage): HTMLLIElement {
    const time = new Date(m.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const mine = m.participantId === this.room?.localParticipant.id;
    return h(
      'li',
      { class: `chat-msg${mine ? ' mine' : ''}` },
      h('div', { class: 'chat-meta' }, h('span', { class: 'chat-name', text: mine ? 'You' : cleanName(m.name) }), h('time', { text: time })),
      h('div', { class: 'chat-text', text: cleanChatText(m.text) }),
    );
  }

  private renderChat(): void {
    clear(this.chatList);
    for (const m of this.chatMessages) this.chatList.append(this.chatItem(m));
    if (this.chatMessages.length === 0) this.chatList.append(h('li', { class: 'empty', text: 'No messages yet.' }));
    this.chatList.scrollTop = this.chatList.scrollHeight;
  }

  private async sendChat(): Promise<void> {
    const text = this.chatInput.value.trim();
    if (!text || !this.room) return;
    this.chatError.textContent = '';
    try {
      await this.room.sendChat(text);
      this.chatInput.value = '';
      this.chatList.querySelector('.empty')?.remove();
    } catch (err) {
      const code = (err as { code?: string }).code;
      this.chatError.textContent =
        code === 'not_allowed' ? 'Chat is turned off in this meeting.' : code === 'bad_request' ? 'This message is too long.' : 'The message could not be sent. Try again.';
    }
  }

  private updateUnread(): void {
    this.unreadEl.hidden = this.unread === 0;
    this.unreadEl.textContent = String(this.unread);
    this.buttons.chat.setAttribute('aria-label', this.unread > 0 ? `Chat, ${this.unread} unread` : 'Chat');
  }

  // ---- raised hands ----

  private handName(id: string): string {
    if (id === this.room?.localParticipant.id) return 'You';
    return shortName(cleanName(this.room?.participants.get(id)?.name ?? ''));
  }

  private onHand(id: string, raised: boolean): void {
    const room = this.room;
    if (!room) return;
    const mine = id === room.localParticipant.id;
    if (raised && !mine) {
      this.announce(`${this.handName(id)} raised their hand`);
      if (room.localParticipant.grants.moderator) this.toast(`${this.handName(id)} raised their hand`);
    } else if (!raised && mine) {
      this.announce('Your hand is lowered');
    }
    this.updateHands();
  }

  async toggleHand(): Promise<void> {
    const room = this.room;
    if (!room) return;
    if (!room.features.includes('raise_hand')) {
      this.toast('Raising hands is turned off in this meeting');
      return;
    }
    const up = room.localParticipant.handRaisedAt === undefined;
    try {
      await room.setHandRaised(up);
    } catch (err) {
      const code = (err as { code?: string }).code;
      this.toast(code === 'bad_request' ? 'This server cannot share raised hands yet.' : 'Your hand could not be raised. Try again.');
    }
  }

  // The queue on tiles, on the hand button and, oldest first, in the participants panel.
  private updateHands(): void {
    const room = this.room;
    const queue = room?.raisedHands ?? [];
    const me = room?.localParticipant.id;
    const pos = new Map(queue.map((q, i) => [q.participantId === me ? kLocalKey : q.participantId, i + 1]));
    for (const t of this.tiles.values()) if (!t.opts.screen) t.setHand(pos.get(t.key) ?? 0);
    const mine = pos.get(kLocalKey) ?? 0;
    setPressed(this.buttons.hand, mine > 0);
    this.buttons.hand.setAttribute('aria-label', mine > 0 ? 'Lower hand' : 'Raise hand');
    this.buttons.hand.title = mine > 0 ? 'Lower hand (R)' : 'Raise hand (R)';
    clear(this.handsEl);
    this.handsEl.hidden = queue.length === 0;
    if (!room || queue.length === 0) return;
    const moderator = room.localParticipant.grants.moderator;
    const ol = h('ol', { class: 'hand-queue' });
    for (const q of queue) {
      const name = this.handName(q.participantId);
      const li = h('li', { class: 'person', 'data-participant': q.participantId }, h('span', { class: 'person-name', text: name, title: name }));
      if (moderator && q.participantId !== me) {
        li.append(h('button', { type: 'button', class: 'btn small', 'aria-label': `Lower ${name}’s hand`, onclick: () => void room.setHandRaised(false, q.participantId).catch(() => this.toast('Could not lower the hand')) }, 'Lower'));
      }
      ol.append(li);
    }
    this.handsEl.append(h('h3', { text: `Raised hands (${queue.length})` }), ol);
  }

  // ---- people ----

  private renderPeople(): void {
    const room = this.room;
    clear(this.peopleList);
    const moderator = room?.localParticipant.grants.moderator === true;
    const self = h('li', { class: 'person' }, h('span', { class: 'person-name', text: `${cleanName(this.start.name)} (you)` }), this.stateIcons(!this.micOn, !this.camOn));
    this.peopleList.append(self);
    if (!room) return;
    if (moderator && room.participants.size > 0) {
      this.peopleList.prepend(h('li', { class: 'people-actions' }, h('button', { type: 'button', class: 'btn small', onclick: () => void this.muteAll() }, 'Mute everyone')));
    }
    for (const p of room.participants.values()) {
      const tracks = [...p.tracks.values()];
      const mic = tracks.find((t) => t.kind === 'audio' && t.source === 'microphone');
      const cam = tracks.find((t) => t.kind === 'video' && t.source === 'camera');
      const name = cleanName(p.name);
      const li = h('li', { class: 'person', 'data-participant': p.id }, h('span', { class: 'person-name', text: name, title: name }), this.stateIcons(!mic || mic.muted, !cam || cam.muted));
      if (moderator) {
        const actions = h('div', { class: 'person-actions' });
        if (mic && !mic.muted) {
          actions.append(h('button', { type: 'button', class: 'btn small', 'aria-label': `Mute ${name}`, onclick: () => void room.muteParticipant(p.id, mic.id).catch(() => this.toast('Could not mute')) }, 'Mute'));
        }
        if (cam && !cam.muted) {
          actions.append(h('button', { type: 'button', class: 'btn small', 'aria-label': `Stop ${name}’s camera`, onclick: () => void room.muteParticipant(p.id, cam.id).catch(() => this.toast('Could not stop the camera')) }, 'Stop video'));
        }
        actions.append(
          h('button', {
            type: 'button',
            class: 'btn small danger',
            'aria-label': `Remove ${name}`,
            onclick: () => {
              if (window.confirm(`Remove ${shortName(name)} from the meeting?`)) void room.removeParticipant(p.id).catch(() => this.toast('Could not remove'));
            },
          }, 'Remove'),
        );
        li.append(actions);
      }
      this.peopleList.append(li);
    }
  }

  private stateIcons(micMuted: boolean, camOff: boolean): HTMLElement {
    return h(
      'span',
      { class: 'person-state' },
      h('span', { role: 'img', 'aria-label': micMuted ? 'Microphone off' : 'Microphone on', title: micMuted ? 'Microphone off' : 'Microphone on' }, icon(micMuted ? 'micOff' : 'mic')),
      h('span', { role: 'img', 'aria-label': camOff ? 'Camera off' : 'Camera on', title: camOff ? 'Camera off' : 'Camera on' }, icon(camOff ? 'camOff' : 'cam')),
    );
  }

  private async muteAll(): Promise<void> {
    const room = this.room;
    if (!room) return;
    for (const p of room.participants.values()) {
      for (const t of p.tracks.values()) {
        if (t.kind === 'audio' && !t.muted) await room.muteParticipant(p.id, t.id).catch(() => undefined);
      }
    }
    this.toast('Everyone else is muted');
  }

  private renderLobby(): void {
    const room = this.room;
    const waiting = room?.lobby ?? [];
    this.lobbyEl.hidden = waiting.length === 0;
    clear(this.lobbyEl);
    if (!room || waiting.length === 0) return;
    this.lobbyEl.append(h('h3', { text: `Waiting to join (${waiting.length})` }));
    const ul = h('ul', {});
    for (const p of waiting) {
      const name = cleanName(p.name);
      ul.append(
        h(
          'li',
          { class: 'person' },
          h('span', { class: 'person-name', text: name, title: name }),
          h('button', { type: 'button', class: 'btn small primary', 'aria-label': `Admit ${name}`, onclick: () => void room.admit(p.id).catch(() => this.toast('Could not admit')) }, 'Admit'),
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Deny ${name}`, onclick: () => void room.deny(p.id).catch(() => this.toast('Could not deny')) }, 'Deny'),
        ),
      );
    }
    this.lobbyEl.append(ul);
    if (this.panel !== 'people') this.buttons.people.classList.add('attention');
  }

  private updateCount(): void {
    const n = (this.room?.participants.size ?? 0) + 1;
    this.countEl.textContent = `${n}`;
    this.buttons.people?.setAttribute('aria-label', `Participants (${n})`);
  }

  // ---- panels, controls ----

  togglePanel(which: Exclude<Panel, undefined>): void {
    this.panel = this.panel === which ? undefined : which;
    this.panelEl.hidden = this.panel === undefined;
    this.el.classList.toggle('panel-open', this.panel !== undefined);
    clear(this.panelEl);
    setPressed(this.buttons.chat, this.panel === 'chat');
    setPressed(this.buttons.people, this.panel === 'people');
    if (this.panel === 'chat') {
      this.unread = 0;
      this.updateUnread();
      const form = h('form', { class: 'chat-form', onsubmit: (e: Event) => { e.preventDefault(); void this.sendChat(); } }, this.chatInput, h('button', { type: 'submit', class: 'btn primary' }, 'Send'));
      this.panelEl.append(this.panelHeader('Chat'), this.chatList, this.chatError, form);
      this.chatList.scrollTop = this.chatList.scrollHeight;
      this.chatInput.focus();
    } else if (this.panel === 'people') {
      this.buttons.people.classList.remove('attention');
      this.panelEl.append(this.panelHeader('Participants'), this.lobbyEl, this.handsEl, this.peopleList);
    }
    this.layout();
  }

  private panelHeader(title: string): HTMLElement {
    return h('header', { class: 'panel-header' }, h('h2', { text: title }), h('button', { type: 'button', class: 'icon-btn', 'aria-label': `Close ${title.toLowerCase()}`, onclick: () => this.togglePanel(this.panel ?? 'chat') }, icon('close')));
  }

  private button(key: string, label: string, iconName: IconName, onclick: () => void, extra: HTMLElement | null = null, toggle = true): HTMLButtonElement {
    const b = h('button', { type: 'button', class: `ctl ctl-${key}`, 'aria-label': label, title: label, onclick }, icon(iconName), extra);
    if (toggle) b.setAttribute('aria-pressed', 'false');
    this.buttons[key] = b;
    return b;
  }

  private updateControls(): void {
    const mic = this.buttons.mic;
    mic.replaceChildren(icon(this.micOn ? 'mic' : 'micOff'));
    // A toggle keeps its name; aria-pressed tells whether it is on.
    mic.setAttribute('aria-label', 'Microphone');
    mic.title = this.micOn ? 'Turn off microphone (M)' : 'Turn on microphone (M)';
    mic.setAttribute('aria-pressed', String(this.micOn));
    mic.classList.toggle('off', !this.micOn);
    const cam = this.buttons.cam;
    cam.replaceChildren(icon(this.camOn ? 'cam' : 'camOff'));
    cam.setAttribute('aria-label', 'Camera');
    cam.title = this.camOn ? 'Turn off camera (V)' : 'Turn on camera (V)';
    cam.setAttribute('aria-pressed', String(this.camOn));
    cam.classList.toggle('off', !this.camOn);
    setPressed(this.buttons.screen, this.screenStream !== undefined);
    const local = this.tiles.get(kLocalKey);
    local?.setMicMuted(!this.micOn);
    this.renderPeople();
  }

  private render(): HTMLElement {
    const title = cleanName(this.start.title, 'Meeting');
    const layoutBtn = h('button', { type: 'button', class: 'icon-btn', 'aria-pressed': 'false', 'aria-label': 'Grid layout (switch to speaker)', title: 'Switch layout (W)', onclick: () => this.setMode(this.mode === 'grid' ? 'speaker' : 'grid') }, icon('grid'));
    this.buttons.layout = layoutBtn;
    const copyBtn = h('button', {
      type: 'button',
      class: 'icon-btn',
      'aria-label': 'Copy meeting link',
      title: 'Copy meeting link',
      onclick: () => {
        const link = `${location.origin}/m/${encodeURIComponent(this.start.meetingId)}`;
        void navigator.clipboard?.writeText(link).then(() => this.toast('Meeting link copied'), () => this.toast(link));
      },
    }, icon('link'));
    const top = h('header', { class: 'topbar' }, h('h1', { class: 'meeting-title', text: title, title }), this.elapsedEl, h('span', { class: 'spacer' }), copyBtn, layoutBtn);
    const controls = h(
      'nav',
      { class: 'controls', 'aria-label': 'Meeting controls' },
      this.button('mic', 'Microphone', 'mic', () => void this.toggleMic()),
      this.button('cam', 'Camera', 'cam', () => void this.toggleCamera()),
      this.button('screen', 'Share screen', 'screen', () => void this.toggleScreenShare()),
      this.button('hand', 'Raise hand', 'hand', () => void this.toggleHand()),
      this.button('chat', 'Chat', 'chat', () => this.togglePanel('chat'), this.unreadEl),
      this.button('people', 'Participants', 'people', () => this.togglePanel('people'), this.countEl),
      this.button('leave', 'Leave meeting', 'leave', () => this.openLeaveMenu(), null, false),
    );
    const root = h(
      'main',
      { class: 'meeting', 'aria-label': `Meeting: ${title}` },
      top,
      this.bannerEl,
      h('div', { class: 'body' }, h('section', { class: 'tiles-area', 'aria-label': 'Participants’ video' }, this.tilesEl, this.pagerEl), this.panelEl),
      controls,
      this.toastsEl,
      this.liveEl,
      this.overlayEl,
      h('div', { class: 'audio-sink', hidden: true }),
    );
    this.updateCountLater();
    return root;
  }

  private updateCountLater(): void {
    queueMicrotask(() => {
      this.updateCount();
      this.updateControls();
    });
  }

  private openLeaveMenu(): void {
    const room = this.room;
    if (!room || !room.localParticipant.grants.moderator) {
      void this.leave();
      return;
    }
    const dialog = h('dialog', { class: 'menu', 'aria-label': 'Leave the meeting' });
    dialog.append(
      h('p', { text: 'Leave the meeting, or end it for everyone?' }),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'btn', onclick: () => { dialog.close(); void this.leave(); } }, 'Leave'),
        h('button', { type: 'button', class: 'btn danger', onclick: () => { dialog.close(); void this.endForAll(); } }, 'End for everyone'),
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, 'Cancel'),
      ),
    );
    dialog.addEventListener('close', () => dialog.remove());
    this.el.append(dialog);
    dialog.showModal();
  }

  private async endForAll(): Promise<void> {
    try {
      await endMeeting(this.start.meetingId, this.start.token);
    } catch {
      this.toast('The meeting could not be ended');
    }
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    const t = e.target as HTMLElement | null;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
    const k = e.key.toLowerCase();
    if (k === 'm') void this.toggleMic();
    else if (k === 'v') void this.toggleCamera();
    else if (k === 'd') void this.toggleScreenShare();
    else if (k === 'c') this.togglePanel('chat');
    else if (k === 'p') this.togglePanel('people');
    else if (k === 'w') this.setMode(this.mode === 'grid' ? 'speaker' : 'grid');
    else if (k === 'r') void this.toggleHand();
    else if (k === '?') this.toggleHelp();
    else if (k === ' ' && t?.tagName !== 'BUTTON') {
      // Push to talk: hold SPACE to speak while muted.
      if (!e.repeat && !this.micOn) {
        this.pushToTalk = true;
        void this.toggleMic();
      }
    } else return;
    e.preventDefault();
  };

  private readonly onKeyUp = (e: KeyboardEvent): void => {
    if (e.key !== ' ' || !this.pushToTalk) return;
    this.pushToTalk = false;
    if (this.micOn) void this.toggleMic();
  };

  private toggleHelp(): void {
    const open = this.el.querySelector<HTMLDialogElement>('dialog.help');
    if (open) {
      open.close();
      return;
    }
    const keys: [string, string][] = [
      ['M', 'Microphone on or off'],
      ['V', 'Camera on or off'],
      ['D', 'Share your screen'],
      ['C', 'Chat'],
      ['P', 'Participants'],
      ['R', 'Raise or lower your hand'],
      ['W', 'Grid or speaker layout'],
      ['Space', 'Hold to talk while muted'],
      ['?', 'This help'],
    ];
    const dl = h('dl', { class: 'help-keys' });
    for (const [k, what] of keys) dl.append(h('dt', {}, h('kbd', { text: k })), h('dd', { text: what }));
    const dialog = h('dialog', { class: 'menu help', 'aria-label': 'Keyboard shortcuts' },
      h('h2', { text: 'Keyboard shortcuts' }), dl,
      h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, 'Close'));
    dialog.addEventListener('close', () => dialog.remove());
    this.el.append(dialog);
    dialog.showModal();
  }

  // ---- feedback ----

  private showBanner(text: string): void {
    this.bannerEl.textContent = text;
    this.bannerEl.hidden = false;
  }

  private hideBanner(): void {
    this.bannerEl.hidden = true;
  }

  private showOverlay(title: string, detail: string): void {
    clear(this.overlayEl);
    this.overlayEl.append(h('div', { class: 'card' }, h('h2', { text: title }), h('p', { text: detail }), h('button', { type: 'button', class: 'btn', onclick: () => void this.leave() }, 'Cancel')));
    this.overlayEl.hidden = false;
  }

  private hideOverlay(): void {
    this.overlayEl.hidden = true;
  }

  private toast(text: string): void {
    const el = h('div', { class: 'toast', text });
    this.toastsEl.append(el);
    setTimeout(() => el.remove(), 5000);
  }

  private announce(text: string): void {
    this.liveEl.append(h('p', { text }));
    while (this.liveEl.childElementCount > 20) this.liveEl.firstElementChild?.remove();
  }

  private setState(state: string): void {
    window.meetApp.state = state;
    this.el.dataset.state = state;
    this.record('state', { state });
  }

  private record(type: string, fields: Record<string, unknown> = {}): void {
    window.meetApp.events.push({ type, at: Date.now(), ...fields });
  }

  // Tests: the local camera tile's key, for finding tiles by participant id.
  static tileSelector(participantId: string): string {
    return `.tile[data-key="${CSS.escape(participantId)}"]`;
  }
}

export { describeError };
