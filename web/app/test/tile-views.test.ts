import { describe, expect, it } from 'vitest';
import { TileViews } from '../src/tile-views.js';

// A fake Room.showTrack: records what is shown, and what was released.
function fakeRoom() {
  const shown = new Map<string, string>(); // element -> track
  const calls: string[] = [];
  const show = (element: string, track: string) => {
    shown.set(element, track);
    calls.push(`show ${element} ${track}`);
    return () => {
      shown.delete(element);
      calls.push(`release ${element} ${track}`);
    };
  };
  return { shown, calls, show };
}

describe('TileViews', () => {
  it('tells the room what a remote video tile shows, and releases it when the tile goes', () => {
    const room = fakeRoom();
    const views = new TileViews(room.show);
    views.attach('alice', 'video-a', 'cam-a');
    views.attach('bob', 'video-b', 'cam-b');
    expect(room.shown).toEqual(new Map([['video-a', 'cam-a'], ['video-b', 'cam-b']]));
    views.detach('alice');
    expect(room.shown).toEqual(new Map([['video-b', 'cam-b']]));
    views.detach('alice'); // twice is harmless
    expect(room.calls).toEqual(['show video-a cam-a', 'show video-b cam-b', 'release video-a cam-a']);
  });
  it('releases the old track when a tile gets a new one, and does nothing for the same one', () => {
    const room = fakeRoom();
    const views = new TileViews(room.show);
    views.attach('alice', 'video-a', 'cam-1');
    views.attach('alice', 'video-a', 'cam-1');
    views.attach('alice', 'video-a', 'cam-2');
    expect(room.calls).toEqual(['show video-a cam-1', 'release video-a cam-1', 'show video-a cam-2']);
    views.detachTrack('cam-2');
    views.attach('bob', 'video-b', 'cam-b');
    views.detachAll();
    expect(room.shown.size).toBe(0);
    expect(views.has('bob')).toBe(false);
  });
});
