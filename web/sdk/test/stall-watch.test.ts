import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StallWatch } from '../src/stall-watch.js';

// Feeds one sample a second from `counters`; returns the changes with their time.
function run(w: StallWatch, counters: number[]): [number, string][] {
  const out: [number, string][] = [];
  counters.forEach((c, i) => {
    const change = w.sample(c, i * 1000);
    if (change) out.push([i * 1000, change]);
  });
  return out;
}

test('a steady flow that stops for 2 s is stalled, and flowing again when bytes come back', () => {
  const w = new StallWatch();
  assert.deepEqual(run(w, [0, 100, 200, 300, 400, 400, 400, 400, 500, 600]), [
    [6000, 'stalled'],
    [8000, 'flowing'],
  ]);
  assert.equal(w.stalled, false);
});

test('a one-second gap in a steady flow is not a stall', () => {
  const w = new StallWatch();
  assert.deepEqual(run(w, [0, 100, 200, 300, 300, 400, 500, 600, 600, 700]), []);
});

test('an idle connection (a STUN answer every few seconds) is never stalled', () => {
  const w = new StallWatch();
  assert.deepEqual(run(w, [0, 10, 10, 10, 20, 20, 20, 30, 30, 30, 30, 30, 30, 30, 30]), []);
});

test('a stall is reported once, however long it lasts', () => {
  const w = new StallWatch({ stallMs: 2000 });
  const counters = [0, 1, 2, 3, 4, ...Array(20).fill(4)];
  assert.deepEqual(run(w, counters), [[6000, 'stalled']]);
  assert.equal(w.stalled, true);
});

test('a counter that goes back (a new connection) starts over, ending a stall', () => {
  const w = new StallWatch();
  run(w, [0, 1, 2, 3, 4, 4, 4]);
  assert.equal(w.stalled, true);
  assert.equal(w.sample(0, 10000), 'flowing');
  assert.equal(w.stalled, false);
  // Not steady yet: a pause right away is left to ICE.
  assert.equal(w.sample(0, 13000), undefined);
});
