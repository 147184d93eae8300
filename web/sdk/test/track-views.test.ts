import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireTrackView } from '../src/protocol.js';
import { sendEncodingsFor } from '../src/simulcast.js';
import { TrackViewReporter } from '../src/track-views.js';

// Node has no ResizeObserver or IntersectionObserver: the reporter then reads the element's
// box when it starts observing, which is what these tests drive.
const box = (width: number, height: number) => ({ getBoundingClientRect: () => ({ width, height }) }) as unknown as Element;

test('reports a shown track with its size, once, and hidden when no element shows it', () => {
  const sent: WireTrackView[][] = [];
  const r = new TrackViewReporter((v) => sent.push(v), 1000);
  const el = box(640, 360);
  const stop = r.observe(el, 't_1');
  r.flush();
  assert.deepEqual(sent, [[{ track_id: 't_1', visible: true, width: 640, height: 360 }]]);
  r.flush();
  assert.equal(sent.length, 1, 'nothing changed, nothing sent');
  stop();
  r.flush();
  assert.deepEqual(sent[1], [{ track_id: 't_1', visible: false, width: 0, height: 0 }]);
  r.dispose();
});

test('the largest element showing a track gives its size; zero-size elements do not count', () => {
  const sent: WireTrackView[][] = [];
  const r = new TrackViewReporter((v) => sent.push(v), 1000);
  r.observe(box(320, 180), 't_1');
  r.observe(box(1280, 720), 't_1');
  r.observe(box(0, 0), 't_2');
  r.flush();
  assert.deepEqual(sent, [
    [
      { track_id: 't_1', visible: true, width: 1280, height: 720 },
      { track_id: 't_2', visible: false, width: 0, height: 0 },
    ],
  ]);
  r.dispose();
});

test('camera video gets three layers lowest first; audio, screen and opt-out get none', () => {
  assert.deepEqual(
    sendEncodingsFor('video', 'camera', true)?.map((e) => [e.rid, e.scaleResolutionDownBy]),
    [
      ['q', 4],
      ['h', 2],
      ['f', 1],
    ],
  );
  assert.equal(sendEncodingsFor('video', 'screen', true), undefined);
  assert.equal(sendEncodingsFor('audio', 'microphone', true), undefined);
  assert.equal(sendEncodingsFor('video', 'camera', false), undefined);
});
