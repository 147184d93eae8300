// One video tile: a participant's camera (or the local one) or a screen share, with the name,
// a muted-microphone icon, a speaking ring, a connection-quality indicator and a pin button.
import { h } from './dom.js';
import { icon } from './icons.js';
import { kQualityLabel, type Quality } from './quality.js';
import { cleanName, initials } from './text.js';

export interface TileOptions {
  key: string;
  name: string;
  local: boolean;
  screen: boolean;
  onPin: (key: string) => void;
}

export class Tile {
  readonly el: HTMLDivElement;
  readonly video: HTMLVideoElement;
  private readonly nameEl: HTMLSpanElement;
  private readonly avatar: HTMLDivElement;
  private readonly micEl: HTMLSpanElement;
  private readonly qualityEl: HTMLSpanElement;
  private readonly handEl: HTMLSpanElement;
  private readonly pinBtn: HTMLButtonElement;
  private track: MediaStreamTrack | undefined;
  private name = '';

  constructor(readonly opts: TileOptions) {
    this.video = h('video', { autoplay: true, playsinline: true, class: 'tile-video' });
    this.video.muted = true; // sound plays through the audio elements
    this.nameEl = h('span', { class: 'tile-name' });
    this.avatar = h('div', { class: 'tile-avatar', 'aria-hidden': 'true' });
    this.micEl = h('span', { class: 'tile-mic', role: 'img', 'aria-label': 'Microphone off', title: 'Microphone off' }, icon('micOff'));
    this.handEl = h('span', { class: 'tile-hand', role: 'img', hidden: true });
    this.qualityEl = h('span', { class: 'tile-quality q-unknown', role: 'img' }, h('i'), h('i'), h('i'));
    this.pinBtn = h('button', { class: 'tile-pin', type: 'button', 'aria-pressed': 'false', onclick: () => opts.onPin(opts.key) }, icon('pin'));
    this.el = h(
      'div',
      { class: `tile${opts.local ? ' local' : ''}${opts.screen ? ' screen' : ''}`, 'data-key': opts.key },
      this.avatar,
      this.video,
      h('div', { class: 'tile-bar' }, this.handEl, this.micEl, this.nameEl, opts.local || opts.screen ? null : this.qualityEl),
      this.pinBtn,
    );
    this.setName(opts.name);
    this.setVideoTrack(undefined);
    this.setMicMuted(false);
    this.setQuality('unknown');
  }

  get key(): string {
    return this.opts.key;
  }

  get displayName(): string {
    return this.name;
  }

  setName(raw: string): void {
    const base = cleanName(raw);
    this.name = base;
    const label = this.opts.screen ? `${base} (screen)` : this.opts.local ? `${base} (you)` : base;
    this.nameEl.textContent = label;
    this.nameEl.title = label;
    this.avatar.textContent = initials(base);
    this.el.setAttribute('aria-label', label);
    this.pinBtn.setAttribute('aria-label', `Pin ${label}`);
    this.pinBtn.title = `Pin ${label}`;
  }

  setVideoTrack(track: MediaStreamTrack | undefined): void {
    if (track !== this.track) {
      this.track = track;
      this.video.srcObject = track ? new MediaStream([track]) : null;
      this.resume();
    }
    this.el.classList.toggle('no-video', !track);
  }

  setVideoOff(off: boolean): void {
    this.el.classList.toggle('no-video', off || !this.track);
  }

  setMicMuted(muted: boolean): void {
    this.micEl.hidden = !muted;
    this.el.classList.toggle('mic-muted', muted);
  }

  // Place in the raised-hand queue (1 = first), or 0 when the hand is down.
  setHand(position: number): void {
    this.handEl.hidden = position === 0;
    this.el.classList.toggle('hand-raised', position > 0);
    if (position > 0) {
      this.handEl.replaceChildren(icon('hand'), h('span', { text: String(position) }));
      this.handEl.setAttribute('aria-label', `Hand raised, number ${position} in line`);
      this.handEl.title = `Hand raised (#${position})`;
    }
  }

  setSpeaking(speaking: boolean): void {
    this.el.classList.toggle('speaking', speaking);
  }

  setQuality(q: Quality): void {
    this.qualityEl.className = `tile-quality q-${q}`;
    this.qualityEl.setAttribute('aria-label', kQualityLabel[q]);
    this.qualityEl.title = kQualityLabel[q];
  }

  setPinned(pinned: boolean): void {
    this.pinBtn.setAttribute('aria-pressed', String(pinned));
    this.el.classList.toggle('pinned', pinned);
    const label = this.nameEl.textContent ?? '';
    this.pinBtn.setAttribute('aria-label', `${pinned ? 'Unpin' : 'Pin'} ${label}`);
  }

  // A video element taken out of the page pauses; call after moving it.
  resume(): void {
    if (this.video.srcObject && this.video.paused) void this.video.play().catch(() => undefined);
  }
}
