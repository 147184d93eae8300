import type { WireTrackView } from './protocol.js';

// How the page shows one remote track: the server pauses hidden video and sends the smallest
// simulcast layer that covers the tile (docs/protocol.md, `track_view`).
export interface TrackView {
  visible: boolean;
  width: number; // CSS pixels
  height: number;
}

interface Observed {
  element: Element;
  trackId: string;
  intersecting: boolean;
  width: number;
  height: number;
}

const kDebounceMs = 250;

// Watches video elements (ResizeObserver, IntersectionObserver) and reports what changed, at
// most once per debounce period, through `send`.
export class TrackViewReporter {
  private readonly byElement = new Map<Element, Observed>();
  private readonly sent = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly resize: ResizeObserver | undefined;
  private readonly intersect: IntersectionObserver | undefined;

  constructor(
    private readonly send: (views: WireTrackView[]) => void,
    private readonly debounceMs = kDebounceMs,
  ) {
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver((entries) => {
        for (const e of entries) {
          const o = this.byElement.get(e.target);
          if (!o) continue;
          o.width = Math.round(e.contentRect.width);
          o.height = Math.round(e.contentRect.height);
          this.mark(o.trackId);
        }
      });
    }
    if (typeof IntersectionObserver !== 'undefined') {
      this.intersect = new IntersectionObserver((entries) => {
        for (const e of entries) {
          const o = this.byElement.get(e.target);
          if (!o) continue;
          o.intersecting = e.isIntersecting;
          this.mark(o.trackId);
        }
      });
    }
  }

  // Starts reporting how `element` shows track `trackId`; returns a function that stops (the
  // track is then reported hidden).
  observe(element: Element, trackId: string): () => void {
    this.unobserve(element);
    const rect = element.getBoundingClientRect();
    const o: Observed = { element, trackId, intersecting: true, width: Math.round(rect.width), height: Math.round(rect.height) };
    this.byElement.set(element, o);
    this.resize?.observe(element);
    this.intersect?.observe(element);
    this.mark(trackId);
    return () => this.unobserve(element);
  }

  unobserve(element: Element): void {
    const o = this.byElement.get(element);
    if (!o) return;
    this.byElement.delete(element);
    this.resize?.unobserve(element);
    this.intersect?.unobserve(element);
    this.mark(o.trackId);
  }

  // The view of `trackId` now: the largest of the elements showing it; hidden without one.
  viewOf(trackId: string): TrackView {
    const view: TrackView = { visible: false, width: 0, height: 0 };
    for (const o of this.byElement.values()) {
      if (o.trackId !== trackId || !o.intersecting || o.width === 0 || o.height === 0) continue;
      view.visible = true;
      if (o.width * o.height > view.width * view.height) {
        view.width = o.width;
        view.height = o.height;
      }
    }
    return view;
  }

  // Sends pending changes now.
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const views: WireTrackView[] = [];
    for (const trackId of this.dirty) {
      const v = this.viewOf(trackId);
      const wire: WireTrackView = { track_id: trackId, visible: v.visible, width: Math.min(v.width, 16384), height: Math.min(v.height, 16384) };
      const key = JSON.stringify(wire);
      if (this.sent.get(trackId) === key) continue;
      this.sent.set(trackId, key);
      views.push(wire);
    }
    this.dirty.clear();
    for (let i = 0; i < views.length; i += 64) this.send(views.slice(i, i + 64));
  }

  // Forgets a track the client no longer receives (nothing is sent for it).
  forget(trackId: string): void {
    for (const [el, o] of this.byElement) if (o.trackId === trackId) this.unobserve(el);
    this.dirty.delete(trackId);
    this.sent.delete(trackId);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.resize?.disconnect();
    this.intersect?.disconnect();
    this.byElement.clear();
  }

  private mark(trackId: string): void {
    this.dirty.add(trackId);
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }
}
