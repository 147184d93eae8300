import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LinkWatch } from '../src/link-watch.js';
import { FakeClock } from './fake-clock.js';

// A page's link as the Room sees it, on a fake clock: a `ping` a second whose `pong` comes back
// 30 ms later while the network works, `bytesPerSecond` arriving on the peer connections while
// media is sent to this page, and the Room's look every 500 ms.
class Link {
  readonly clock = new FakeClock();
  readonly watch = new LinkWatch({ silentMs: 2000 });
  readonly changes: [number, string][] = [];
  network = true;
  // Bytes a second on the peer connections while the network works (0: nothing sent to us).
  bytesPerSecond = 0;
  // The socket answers (false: the server's socket is stuck while media still flows).
  socketAnswers = true;
  // getStats answers (false: it hangs, the Room passes undefined).
  statsAnswer = true;
  private heardAt = 0;
  private received = 0;

  constructor() {
    const every = (ms: number, fn: () => void): void => {
      const tick = (): void => {
        fn();
        this.clock.setTimeout(tick, ms);
      };
      this.clock.setTimeout(tick, ms);
    };
    every(1000, () => {
      if (this.network && this.socketAnswers) this.clock.setTimeout(() => this.pong(), 30);
    });
    every(100, () => {
      if (this.network) this.received += this.bytesPerSecond / 10;
    });
    every(500, () => {
      const now = this.clock.now();
      const change = this.watch.sample({ now, heardAt: this.heardAt, received: this.statsAnswer ? this.received : undefined });
      if (change) this.changes.push([now, change]);
    });
  }

  private pong(): void {
    // A pong sent before a cut is lost with it.
    if (this.network && this.socketAnswers) this.heardAt = this.clock.now();
  }

  // Starts new peer connections (a rejoin): their counters start at 0.
  newConnections(): void {
    this.received = 0;
  }
}

test('a cut of socket and media says down within 2.5 s, and up as soon as bytes come back', async () => {
  const l = new Link();
  l.bytesPerSecond = 100_000;
  await l.clock.advance(10_000);
  l.network = false;
  await l.clock.advance(5000);
  l.network = true;
  await l.clock.advance(5000);
  assert.equal(l.changes.length, 2, JSON.stringify(l.changes));
  const [[downAt, down], [upAt, up]] = l.changes;
  assert.equal(down, 'down');
  assert.ok(downAt > 10_000 && downAt <= 12_500, `down at ${downAt}`);
  assert.equal(up, 'up');
  assert.ok(upAt > 15_000 && upAt <= 15_500, `up at ${upAt}`);
});

test('alone in a room (nothing received but pongs) is never down', async () => {
  const l = new Link();
  await l.clock.advance(120_000);
  assert.deepEqual(l.changes, []);
});

test('media that stops because everyone turned camera and microphone off is not a cut', async () => {
  const l = new Link();
  l.bytesPerSecond = 200_000;
  await l.clock.advance(10_000);
  l.bytesPerSecond = 0;
  await l.clock.advance(60_000);
  assert.deepEqual(l.changes, []);
});

test('a socket that stops answering while media flows is not a cut (the ping timeout handles it)', async () => {
  const l = new Link();
  l.bytesPerSecond = 50_000;
  await l.clock.advance(5000);
  l.socketAnswers = false;
  await l.clock.advance(30_000);
  assert.deepEqual(l.changes, []);
});

test('a cut while alone in the room is noticed from the pongs alone', async () => {
  const l = new Link();
  await l.clock.advance(5000);
  l.network = false;
  await l.clock.advance(10_000);
  l.network = true;
  await l.clock.advance(3000);
  assert.deepEqual(l.changes.map((c) => c[1]), ['down', 'up']);
  assert.ok(l.changes[0][0] <= 7500, `down at ${l.changes[0][0]}`);
  // No bytes come back, so the first pong brings it up: the next ping after the cut.
  assert.ok(l.changes[1][0] <= 16_500, `up at ${l.changes[1][0]}`);
});

test('a down is said once however long the cut lasts', async () => {
  const l = new Link();
  l.bytesPerSecond = 10_000;
  await l.clock.advance(3000);
  l.network = false;
  await l.clock.advance(120_000);
  assert.deepEqual(l.changes.map((c) => c[1]), ['down']);
  assert.equal(l.watch.down, true);
});

test('stats that do not answer count as no bytes, so pongs still decide', async () => {
  const l = new Link();
  l.bytesPerSecond = 10_000;
  l.statsAnswer = false;
  await l.clock.advance(20_000);
  assert.deepEqual(l.changes, []);
  l.network = false;
  await l.clock.advance(3000);
  assert.deepEqual(l.changes.map((c) => c[1]), ['down']);
});

test('new connections (counters back at 0) are neither a cut nor a sign of life', async () => {
  const l = new Link();
  l.bytesPerSecond = 10_000;
  await l.clock.advance(5000);
  l.newConnections();
  await l.clock.advance(5000);
  assert.deepEqual(l.changes, []);
  const w = new LinkWatch({ silentMs: 2000 });
  assert.equal(w.sample({ now: 0, heardAt: 0, received: 500 }), undefined);
  assert.equal(w.sample({ now: 2500, heardAt: 0, received: 500 }), 'down');
  // A rejoin's new connections start over.
  w.reset();
  assert.equal(w.down, false);
  assert.equal(w.sample({ now: 3500, heardAt: 3400, received: 0 }), undefined);
});
