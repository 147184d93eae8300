import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventEmitter } from '../src/event-emitter.js';

type Events = { left: [id: string]; moved: [x: number, y: number] };

test('listeners get typed arguments in the order added', () => {
  const e = new EventEmitter<Events>();
  const seen: string[] = [];
  e.on('left', (id) => seen.push(`1:${id}`));
  e.on('left', (id) => seen.push(`2:${id}`));
  e.on('moved', (x, y) => seen.push(`m:${x},${y}`));
  e.emit('left', 'p1');
  e.emit('moved', 3, 4);
  assert.deepEqual(seen, ['1:p1', '2:p1', 'm:3,4']);
});

test('on returns an unsubscribe function; off removes', () => {
  const e = new EventEmitter<Events>();
  let n = 0;
  const off = e.on('left', () => n++);
  const listener = () => n++;
  e.on('left', listener);
  assert.equal(e.listenerCount('left'), 2);
  off();
  e.off('left', listener);
  e.emit('left', 'x');
  assert.equal(n, 0);
  assert.equal(e.listenerCount('left'), 0);
});

test('once fires one time', () => {
  const e = new EventEmitter<Events>();
  let n = 0;
  e.once('left', () => n++);
  e.emit('left', 'a');
  e.emit('left', 'b');
  assert.equal(n, 1);
});

test('a listener removed during emit still completes the current round', () => {
  const e = new EventEmitter<Events>();
  const seen: number[] = [];
  let off2: () => void = () => {};
  e.on('left', () => {
    seen.push(1);
    off2();
  });
  off2 = e.on('left', () => seen.push(2));
  e.emit('left', 'a');
  e.emit('left', 'b');
  assert.deepEqual(seen, [1, 2, 1]);
});

class Recording extends EventEmitter<Events> {
  errors: unknown[] = [];
  protected override onListenerError(err: unknown): void {
    this.errors.push(err);
  }
}

test('a throwing listener does not stop the others and is reported', () => {
  const e = new Recording();
  let reached = false;
  e.on('left', () => {
    throw new Error('boom');
  });
  e.on('left', () => {
    reached = true;
  });
  e.emit('left', 'a');
  assert.equal(reached, true);
  assert.equal(e.errors.length, 1);
  assert.equal((e.errors[0] as Error).message, 'boom');
});
