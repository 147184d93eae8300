// The meeting's tiles: one per person and screen share, their audio, the grid or speaker
// layout with pages and pinning, the speaking and connection-quality indicators.
import { Room, type RemoteTrack } from '../../sdk/src/index.js';
import { setSpeaker } from './devices.js';
import { clear, h, setPressed } from './dom.js';
import { gridShape, paginate, planStage, tilesPerPage, type LayoutMode } from './layout.js';
import { qualityFrom, worse, type Quality, type ReceiveCounters } from './quality.js';
import { cleanName, formatElapsed, shortName } from './text.js';
import { Tile } from './tile.js';
import { type ServerSpeakerFields, kLocalKey } from './meeting-types.js';
import { MeetingBase } from './meeting-base.js';

export abstract class MeetingTiles extends MeetingBase {
  protected tileFor(key: string, name: string, local: boolean, screen: boolean): Tile {
    let tile = this.tiles.get(key);
    if (!tile) {
      tile = new Tile({ key, name, local, screen, onPin: (k) => this.togglePin(k) });
      this.tiles.set(key, tile);
      this.layout();
    }
    return tile;
  }

  protected removeTile(key: string): void {
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

  protected removeParticipant(id: string): void {
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

  protected refreshParticipant(id: string): void {
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

  protected onSubscribed(t: RemoteTrack): void {
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

  protected onUnsubscribed(t: RemoteTrack): void {
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

  protected removeAudio(key: string): void {
    const el = this.audioEls.get(key);
    if (!el) return;
    el.srcObject = null;
    el.remove();
    this.audioEls.delete(key);
  }

  protected togglePin(key: string): void {
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

  protected layout(): void {
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

  protected sync(parent: HTMLElement, children: HTMLElement[]): void {
    const now = [...parent.children];
    if (now.length === children.length && now.every((c, i) => c === children[i])) return;
    parent.replaceChildren(...children);
  }

  protected renderPager(page: number, count: number): void {
    this.pagerEl.hidden = count <= 1;
    if (count <= 1) return;
    clear(this.pagerEl);
    this.pagerEl.append(
      h('button', { type: 'button', class: 'btn small', disabled: page === 0, 'aria-label': 'Previous page', onclick: () => this.goPage(page - 1) }, '‹'),
      h('span', { text: `Page ${page + 1} of ${count}` }),
      h('button', { type: 'button', class: 'btn small', disabled: page >= count - 1, 'aria-label': 'Next page', onclick: () => this.goPage(page + 1) }, '›'),
    );
  }

  protected goPage(p: number): void {
    this.page = p;
    this.layout();
  }

  protected tickSecond(): void {
    this.elapsedEl.textContent = formatElapsed(Date.now() - this.startedAt);
  }

  // The server's active speaker (room.activeSpeakerId / speakingIds, on SDKs that have them)
  // wins over the levels measured here; the tile key of the local participant is `local`.
  protected serverSpeaking(): { active: string | undefined; speaking: Set<string> } | undefined {
    const room = this.room as (Room & ServerSpeakerFields) | undefined;
    if (!room || (room.activeSpeakerId === undefined && room.speakingIds === undefined)) return undefined;
    const me = room.localParticipant.id;
    const key = (id: string): string => (id === me ? kLocalKey : id);
    const speaking = new Set<string>();
    for (const id of room.speakingIds ?? []) speaking.add(key(id));
    return { active: room.activeSpeakerId ? key(room.activeSpeakerId) : undefined, speaking };
  }

  protected tickSpeaking(): void {
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

  protected async tickQuality(): Promise<void> {
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
}
