// Which remote video each tile shows, told to the server (Room.showTrack): the server then
// picks the simulcast layer that fits the tile and pauses video no tile shows (a tile on
// another page is out of the document, so it reports hidden). One registration per tile key;
// attaching a new track to a key releases the old one.
export type ShowTrack<E, T> = (element: E, track: T) => () => void;

export class TileViews<E, T> {
  private readonly shown = new Map<string, { element: E; track: T; release: () => void }>();

  constructor(private readonly show: ShowTrack<E, T>) {}

  // `element` (the tile's video) shows `track` from now on.
  attach(key: string, element: E, track: T): void {
    const cur = this.shown.get(key);
    if (cur && cur.element === element && cur.track === track) return;
    this.detach(key);
    this.shown.set(key, { element, track, release: this.show(element, track) });
  }

  // The tile under `key` shows nothing any more (track gone, tile removed).
  detach(key: string): void {
    const cur = this.shown.get(key);
    if (!cur) return;
    this.shown.delete(key);
    cur.release();
  }

  // Releases the tile under `key` if it shows `track` (the same track may have moved on).
  detachTrack(track: T): void {
    for (const [key, cur] of this.shown) if (cur.track === track) this.detach(key);
  }

  detachAll(): void {
    for (const key of [...this.shown.keys()]) this.detach(key);
  }

  has(key: string): boolean {
    return this.shown.has(key);
  }
}
