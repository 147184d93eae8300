import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MeetError } from '../src/meet-error.js';
import { ReconnectMachine, type ConnectionState } from '../src/reconnect-machine.js';
import { FakeClock, flush } from './fake-clock.js';

// A machine whose rejoins answer from `results` in turn (a code fails, 'ok' succeeds).
function setup(results: string[], opts = {}) {
  const clock = new FakeClock();
  const states: [ConnectionState, string][] = [];
  const attemptsAt: number[] = [];
  const m = new ReconnectMachine(
    {
      rejoin: async () => {
        attemptsAt.push(clock.now());
        const r = results.shift() ?? 'connection_failed';
        if (r !== 'ok') throw new MeetError(r);
      },
      onState: (s, reason) => states.push([s, reason]),
    },
    opts,
    clock,
  );
  return { clock, states, attemptsAt, m };
}

test('a dropped socket rejoins at once and is connected after it', async () => {
  const { clock, states, attemptsAt, m } = setup(['ok']);
  m.signalLost('connection_lost (1006)');
  assert.equal(m.state, 'reconnecting');
  await clock.advance(0);
  assert.deepEqual(attemptsAt, [0]);
  assert.deepEqual(states, [
    ['reconnecting', 'connection_lost (1006)'],
    ['connected', 'reconnected'],
  ]);
  assert.equal(m.state, 'connected');
});

test('failed attempts back off 250, 500, 1000, 2000, 2000 ms until the server is back', async () => {
  const { clock, states, attemptsAt, m } = setup(['connection_failed', 'connection_failed', 'timeout', 'connection_failed', 'connection_failed', 'ok']);
  m.signalLost('server_shutdown');
  await clock.advance(10_000);
  assert.deepEqual(attemptsAt, [0, 250, 750, 1750, 3750, 5750]);
  assert.deepEqual(states.at(-1), ['connected', 'reconnected']);
  assert.equal(m.attempts, 0);
});

test('gives up with reconnect_failed after giveUpAfterMs', async () => {
  const { clock, states, attemptsAt, m } = setup([], { giveUpAfterMs: 5000 });
  m.signalLost('timeout');
  await clock.advance(60_000);
  assert.deepEqual(states.at(-1), ['disconnected', 'reconnect_failed']);
  assert.ok(attemptsAt.at(-1)! <= 5000, `last attempt at ${attemptsAt.at(-1)}`);
  assert.equal(clock.pending, 0, 'no timer left');
  const n = attemptsAt.length;
  m.signalLost('again');
  await clock.advance(10_000);
  assert.equal(attemptsAt.length, n, 'a disconnected machine stays down');
});

test('a fatal rejoin error ends at once with its code', async () => {
  for (const code of ['removed', 'token_expired', 'room_ended', 'invalid_token', 'room_locked']) {
    const { clock, states, attemptsAt, m } = setup(['connection_failed', code]);
    m.signalLost('connection_lost (1006)');
    await clock.advance(10_000);
    assert.deepEqual(attemptsAt.length, 2, code);
    assert.deepEqual(states.at(-1), ['disconnected', code]);
  }
});

test('a media interruption that heals within the grace needs no rejoin', async () => {
  const { clock, states, attemptsAt, m } = setup(['ok'], { iceGraceMs: 6000 });
  m.mediaInterrupted();
  await clock.advance(5000);
  m.mediaRestored();
  await clock.advance(10_000);
  assert.deepEqual(attemptsAt, []);
  assert.deepEqual(states, [
    ['reconnecting', 'media_interrupted'],
    ['connected', 'reconnected'],
  ]);
});

test('a media interruption longer than the grace, or ICE failed, rejoins', async () => {
  const a = setup(['ok'], { iceGraceMs: 6000 });
  a.m.mediaInterrupted();
  await a.clock.advance(6000);
  assert.deepEqual(a.attemptsAt, [6000]);
  assert.equal(a.m.state, 'connected');

  const b = setup(['ok'], { iceGraceMs: 6000 });
  b.m.mediaInterrupted();
  await b.clock.advance(1000);
  b.m.mediaFailed();
  await flush();
  assert.deepEqual(b.attemptsAt, [1000]);
  assert.equal(b.m.state, 'connected');
});

test('a socket drop during an attempt does not start a second one in parallel', async () => {
  const clock = new FakeClock();
  let running = 0;
  let most = 0;
  let finish: (() => void) | undefined;
  const m = new ReconnectMachine(
    {
      rejoin: () =>
        new Promise<void>((resolve) => {
          running++;
          most = Math.max(most, running);
          finish = () => {
            running--;
            resolve();
          };
        }),
      onState: () => {},
    },
    {},
    clock,
  );
  m.signalLost('a');
  await clock.advance(0);
  m.signalLost('b');
  m.mediaFailed();
  await clock.advance(1000);
  assert.equal(most, 1);
  finish!();
  await flush();
  assert.equal(m.state, 'connected');
});

test('stop ends everything and says so once', async () => {
  const { clock, states, m } = setup([]);
  m.signalLost('x');
  m.stop('left');
  m.stop('left');
  await clock.advance(10_000);
  assert.deepEqual(states, [
    ['reconnecting', 'x'],
    ['disconnected', 'left'],
  ]);
});

test('a media stall says reconnecting with its own reason and ends when media flows again', async () => {
  const { clock, states, attemptsAt, m } = setup(['ok']);
  m.mediaInterrupted('media_stalled');
  await clock.advance(3000);
  m.mediaRestored();
  assert.deepEqual(attemptsAt, []);
  assert.deepEqual(states, [
    ['reconnecting', 'media_stalled'],
    ['connected', 'reconnected'],
  ]);
});
