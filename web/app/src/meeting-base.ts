// What every part of the meeting screen shares: its state, its DOM parts, and the small
// helpers (banner, overlay, toasts, the live region, the state the tests read). The parts
// (tiles, local media, panels, controls) build on it in that order; MeetingView
// (meeting.ts) is the last.
import { Room, type ChatMessage, type LocalTrack, type RemoteTrack } from '../../sdk/src/index.js';
import { AudioLevels } from './devices.js';
import { clear, h } from './dom.js';
import { icon, type IconName } from './icons.js';
import type { LayoutMode } from './layout.js';
import type { ReceiveCounters } from './quality.js';
import { SpeakerTracker } from './speaker-tracker.js';
import { Tile } from './tile.js';
import { TileViews } from './tile-views.js';
import type { MeetingStart, MeetingCallbacks, Panel } from './meeting-types.js';

export abstract class MeetingBase {
  el!: HTMLElement;
  protected room: Room | undefined;
  protected readonly tiles = new Map<string, Tile>();
  // Remote video tiles the server is told about (layer by tile size, hidden ones paused).
  protected readonly views = new TileViews<HTMLVideoElement, RemoteTrack>((el, t) => this.room?.showTrack(el, t) ?? (() => undefined));
  protected readonly screens: string[] = [];
  protected readonly audioEls = new Map<string, HTMLAudioElement>();
  protected readonly levels = new AudioLevels();
  protected readonly speakers = new SpeakerTracker();
  protected readonly prevCounters = new Map<string, ReceiveCounters>();
  protected mode: LayoutMode = 'grid';
  protected activeSpeaker: string | undefined;
  protected pinned: string | undefined;
  protected page = 0;
  protected panel: Panel;
  protected unread = 0;
  protected micOn: boolean;
  protected camOn: boolean;
  protected video: MediaStreamTrack | undefined;
  protected audio: MediaStreamTrack | undefined;
  protected screenStream: MediaStream | undefined;
  protected startedAt = Date.now();
  protected timers: ReturnType<typeof setInterval>[] = [];
  protected leaving = false;
  protected ended = false;
  protected reconnecting = false;
  protected chatMessages: ChatMessage[] = [];
  protected offRoom: (() => void)[] = [];
  protected resizeObserver!: ResizeObserver;

  // DOM parts
  protected readonly tilesEl = h('div', { class: 'tiles' });
  protected readonly pagerEl = h('div', { class: 'pager', hidden: true });
  protected readonly bannerEl = h('div', { class: 'banner', role: 'status', hidden: true });
  protected readonly elapsedEl = h('span', { class: 'elapsed', 'aria-label': 'Time in the meeting' });
  protected readonly countEl = h('span', { class: 'count' });
  protected readonly liveEl = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'log' });
  protected readonly toastsEl = h('div', { class: 'toasts', 'aria-live': 'polite' });
  protected readonly panelEl = h('aside', { class: 'panel', hidden: true });
  protected readonly chatList = h('ol', { class: 'chat-list', 'aria-label': 'Messages' });
  protected readonly chatInput = h('textarea', { class: 'chat-input', rows: 1, maxlength: 2000, placeholder: 'Send a message to everyone', 'aria-label': 'Message' });
  protected readonly chatError = h('div', { class: 'form-error', role: 'status' });
  protected readonly peopleList = h('ul', { class: 'people-list', 'aria-label': 'Participants' });
  protected readonly lobbyEl = h('section', { class: 'lobby', 'aria-label': 'Waiting to join', hidden: true });
  protected readonly overlayEl = h('div', { class: 'overlay', hidden: true, role: 'status' });
  protected readonly buttons: Record<string, HTMLButtonElement> = {};
  protected readonly unreadEl = h('span', { class: 'badge', hidden: true });
  protected readonly handsEl = h('section', { class: 'hands', 'aria-label': 'Raised hands', hidden: true });
  protected pushToTalk = false;

  // What the later parts do, called from the earlier ones.
  abstract leave(): Promise<void>;
  abstract togglePanel(which: Exclude<Panel, undefined>): void;
  protected abstract updateControls(): void;
  protected abstract updateHands(): void;
  protected abstract renderPeople(): void;
  protected abstract updateCount(): void;

  protected constructor(
    protected readonly start: MeetingStart,
    protected readonly cb: MeetingCallbacks,
  ) {
    this.micOn = start.micOn && start.audio !== undefined;
    this.camOn = start.camOn && start.video !== undefined;
    this.video = start.video;
    this.audio = start.audio;
  }

  protected localTrack(kind: 'audio' | 'video', source: string): LocalTrack | undefined {
    return this.room?.localTracks.find((t) => t.kind === kind && t.source === source);
  }

  // Tests: the local camera tile's key, for finding tiles by participant id.
  static tileSelector(participantId: string): string {
    return `.tile[data-key="${CSS.escape(participantId)}"]`;
  }

  protected panelHeader(title: string): HTMLElement {
    return h('header', { class: 'panel-header' }, h('h2', { text: title }), h('button', { type: 'button', class: 'icon-btn', 'aria-label': `Close ${title.toLowerCase()}`, onclick: () => this.togglePanel(this.panel ?? 'chat') }, icon('close')));
  }

  protected button(key: string, label: string, iconName: IconName, onclick: () => void, extra: HTMLElement | null = null, toggle = true): HTMLButtonElement {
    const b = h('button', { type: 'button', class: `ctl ctl-${key}`, 'aria-label': label, title: label, onclick }, icon(iconName), extra);
    if (toggle) b.setAttribute('aria-pressed', 'false');
    this.buttons[key] = b;
    return b;
  }

  protected showBanner(text: string): void {
    this.bannerEl.textContent = text;
    this.bannerEl.hidden = false;
  }

  protected hideBanner(): void {
    this.bannerEl.hidden = true;
  }

  protected showOverlay(title: string, detail: string): void {
    clear(this.overlayEl);
    this.overlayEl.append(h('div', { class: 'card' }, h('h2', { text: title }), h('p', { text: detail }), h('button', { type: 'button', class: 'btn', onclick: () => void this.leave() }, 'Cancel')));
    this.overlayEl.hidden = false;
  }

  protected hideOverlay(): void {
    this.overlayEl.hidden = true;
  }

  protected toast(text: string): void {
    const el = h('div', { class: 'toast', text });
    this.toastsEl.append(el);
    setTimeout(() => el.remove(), 5000);
  }

  protected announce(text: string): void {
    this.liveEl.append(h('p', { text }));
    while (this.liveEl.childElementCount > 20) this.liveEl.firstElementChild?.remove();
  }

  protected setState(state: string): void {
    window.meetApp.state = state;
    this.el.dataset.state = state;
    this.record('state', { state });
  }

  protected record(type: string, fields: Record<string, unknown> = {}): void {
    window.meetApp.events.push({ type, at: Date.now(), ...fields });
  }
}
