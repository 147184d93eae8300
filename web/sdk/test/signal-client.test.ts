import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MeetError } from '../src/meet-error.js';
import type { ServerMessage } from '../src/protocol.js';
import { SignalClient } from '../src/signal-client.js';
import { FakeSocket } from './fake-socket.js';

async function openClient(): Promise<{ client: SignalClient; socket: FakeSocket }> {
  let socket: FakeSocket | undefined;
  const client = new SignalClient('ws://x/rtc', () => (socket = new FakeSocket()), 200);
  const opened = client.open();
  socket!.open();
  await opened;
  return { client, socket: socket! };
}

test('replies settle the request with the same id; others go to onMessage in order', async () => {
  const { client, socket } = await openClient();
  const unsolicited: ServerMessage[] = [];
  client.onMessage = (m) => unsolicited.push(m);
  const p1 = client.request({ type: 'ping' });
  const p2 = client.request({ type: 'ping' });
  assert.deepEqual(socket.sent, [
    { type: 'ping', id: 1 },
    { type: 'ping', id: 2 },
  ]);
  socket.frame({ type: 'participant_left', participant_id: 'p_1' });
  socket.frame({ type: 'pong', id: 2 });
  socket.frame({ type: 'pong', id: 1 });
  socket.frame({ type: 'pong', id: 99 });
  assert.equal((await p1).type, 'pong');
  assert.equal((await p2).type, 'pong');
  assert.deepEqual(
    unsolicited.map((m) => m.type),
    ['participant_left', 'pong'],
  );
});

test('an error reply rejects with its code', async () => {
  const { client, socket } = await openClient();
  const p = client.request({ type: 'join', token: 'x' });
  socket.frame({ type: 'error', id: 1, code: 'invalid_token', message: 'bad signature' });
  await assert.rejects(p, (err: unknown) => err instanceof MeetError && err.code === 'invalid_token');
});

test('requests time out and fail when the socket closes', async () => {
  const { client, socket } = await openClient();
  await assert.rejects(client.request({ type: 'ping' }, 20), (err: unknown) => (err as MeetError).code === 'timeout');
  let closed: number | undefined;
  client.onClose = (code) => (closed = code);
  const p = client.request({ type: 'ping' });
  socket.serverClose(1011, 'bye');
  await assert.rejects(p, (err: unknown) => (err as MeetError).code === 'connection_closed');
  assert.equal(closed, 1011);
  await assert.rejects(client.request({ type: 'ping' }), (err: unknown) => (err as MeetError).code === 'connection_closed');
  assert.equal(client.send({ type: 'leave' }), false);
});

test('frames that are not JSON objects with a type go to onBadFrame', async () => {
  const { client, socket } = await openClient();
  const bad: string[] = [];
  const good: ServerMessage[] = [];
  client.onBadFrame = (t) => bad.push(t);
  client.onMessage = (m) => good.push(m);
  for (const f of ['not json', '[]', '"x"', '{"type":3}', 'null']) socket.frame(f);
  assert.equal(bad.length, 5);
  assert.equal(good.length, 0);
});

test('open rejects when the socket closes before opening', async () => {
  let socket: FakeSocket | undefined;
  const client = new SignalClient('ws://x/rtc', () => (socket = new FakeSocket()));
  const opened = client.open();
  socket!.serverClose(1006);
  await assert.rejects(opened, (err: unknown) => (err as MeetError).code === 'connection_failed');
});

test('an interim reply stops the timeout; the final reply or an error settles the request', async () => {
  const { client, socket } = await openClient();
  const unsolicited: ServerMessage[] = [];
  client.onMessage = (m) => unsolicited.push(m);
  const seen: string[] = [];
  const interim = (m: ServerMessage) => {
    seen.push(m.type);
    return m.type === 'lobby';
  };
  const joined = client.request({ type: 'join', token: 'x' }, 20, interim);
  socket.frame({ type: 'lobby', id: 1, participant: { id: 'p_1', identity: 'a', name: 'A' } });
  await new Promise((r) => setTimeout(r, 60));
  socket.frame({ type: 'joined', id: 1, participant: { id: 'p_1', identity: 'a', name: 'A' }, room: { id: 'r', participants: [] } });
  assert.equal((await joined).type, 'joined');
  assert.deepEqual(seen, ['lobby', 'joined']);

  const denied = client.request({ type: 'join', token: 'x' }, 20, interim);
  socket.frame({ type: 'lobby', id: 2, participant: { id: 'p_2', identity: 'a', name: 'A' } });
  socket.frame({ type: 'error', id: 2, code: 'lobby_denied' });
  await assert.rejects(denied, (err: unknown) => err instanceof MeetError && err.code === 'lobby_denied');
  // Errors are never interim.
  assert.deepEqual(seen, ['lobby', 'joined', 'lobby']);

  // Without an interim reply the timeout holds.
  await assert.rejects(client.request({ type: 'join', token: 'x' }, 20, interim), (err: unknown) => (err as MeetError).code === 'timeout');
  assert.deepEqual(unsolicited, []);
});
