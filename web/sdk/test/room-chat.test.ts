import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage } from '../src/chat.js';
import { MeetError } from '../src/meet-error.js';
import { Room } from '../src/room.js';
import { FakeSocket } from './fake-socket.js';

// Room creates its two peer connections when it joins; chat needs none of their behaviour.
class FakePeerConnection {
  ontrack: unknown = null;
  close(): void {}
}
(globalThis as unknown as { RTCPeerConnection: unknown }).RTCPeerConnection = FakePeerConnection;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const bob = (i: number) => ({
  id: `c_${i}`,
  participant_id: 'p_2',
  identity: 'bob',
  name: 'Bob',
  text: `hello ${i}`,
  sent_at: 1764170000000 + i,
});

// Joins with `room` merged into the `joined` reply's room; returns the room and its socket.
async function join(room: Record<string, unknown> = {}): Promise<{ room: Room; socket: FakeSocket; chats: ChatMessage[] }> {
  let socket: FakeSocket | undefined;
  const connecting = Room.connect('ws://x', 'tok', {
    socketFactory: () => (socket = new FakeSocket()),
    pingIntervalMs: 60000,
    requestTimeoutMs: 1000,
  });
  socket!.open();
  await tick();
  assert.deepEqual(socket!.sent[0], { type: 'join', token: 'tok', id: 1 });
  socket!.frame({
    type: 'joined',
    id: 1,
    participant: { id: 'p_1', identity: 'ann', name: 'Ann', grants: { publish_data: true } },
    room: { id: 'demo', participants: [{ id: 'p_2', identity: 'bob', name: 'Bob', tracks: [] }], ...room },
  });
  const r = await connecting;
  const chats: ChatMessage[] = [];
  r.on('chat', (m) => chats.push(m));
  return { room: r, socket: socket!, chats };
}

function end(socket: FakeSocket): void {
  socket.frame({ type: 'disconnected', reason: 'room_ended' });
}

test('joined: chat history oldest first, malformed entries dropped, no events', async () => {
  const { room, socket, chats } = await join({
    features: ['chat'],
    chat: [bob(1), { ...bob(2), text: 7 }, null, bob(3)],
  });
  await tick();
  assert.deepEqual(room.features, ['chat']);
  assert.deepEqual(
    room.chatMessages.map((m) => [m.id, m.participantId, m.name, m.text]),
    [
      ['c_1', 'p_2', 'Bob', 'hello 1'],
      ['c_3', 'p_2', 'Bob', 'hello 3'],
    ],
  );
  assert.equal(room.chatMessages[0]!.sentAt, 1764170000001);
  assert.deepEqual(chats, []);
  end(socket);
});

test('joined without features or chat: all features, empty chat', async () => {
  const { room, socket } = await join();
  assert.deepEqual(room.features, ['chat', 'screen_share', 'recording', 'reactions', 'raise_hand']);
  assert.deepEqual(room.chatMessages, []);
  end(socket);
  const bad = await join({ features: 'chat', chat: { id: 'c_1' } });
  assert.deepEqual(bad.room.features, ['chat', 'screen_share', 'recording', 'reactions', 'raise_hand']);
  assert.deepEqual(bad.room.chatMessages, []);
  end(bad.socket);
});

test('chat events are appended and emitted; malformed ones ignored', async () => {
  const { room, socket, chats } = await join({ chat: [bob(1)] });
  socket.frame({ type: 'chat', message: bob(2) });
  socket.frame({ type: 'chat', message: { ...bob(3), sent_at: 'now' } });
  socket.frame({ type: 'chat' });
  socket.frame({ type: 'chat', message: { ...bob(4), participant_id: 'p_1', identity: 'ann', name: 'Ann' } });
  assert.deepEqual(
    chats.map((m) => m.id),
    ['c_2', 'c_4'],
  );
  assert.deepEqual(
    room.chatMessages.map((m) => m.id),
    ['c_1', 'c_2', 'c_4'],
  );
  assert.equal(chats[0], room.chatMessages[1]);
  end(socket);
});

test('chatMessages keeps the last 500', async () => {
  const history = Array.from({ length: 100 }, (_, i) => bob(i));
  const { room, socket, chats } = await join({ chat: history });
  for (let i = 100; i < 600; i++) socket.frame({ type: 'chat', message: bob(i) });
  assert.equal(chats.length, 500);
  assert.equal(room.chatMessages.length, 500);
  assert.equal(room.chatMessages[0]!.id, 'c_100');
  assert.equal(room.chatMessages[499]!.id, 'c_599');
  end(socket);
});

test('sendChat sends a chat request and resolves on ok', async () => {
  const { room, socket, chats } = await join();
  const sending = room.sendChat('hi all');
  await tick();
  const req = socket.sent[socket.sent.length - 1]!;
  assert.deepEqual(req, { type: 'chat', text: 'hi all', id: req.id });
  socket.frame({ type: 'ok', id: req.id });
  await sending;
  // The server echoes the message to its sender.
  socket.frame({ type: 'chat', message: { ...bob(9), participant_id: 'p_1', text: 'hi all' } });
  assert.equal(chats.length, 1);
  assert.equal(chats[0]!.participantId, room.localParticipant.id);
  end(socket);
});

test('sendChat rejects with the server error code', async () => {
  const { room, socket } = await join();
  for (const code of ['not_allowed', 'bad_request', 'rate_limited']) {
    const sending = room.sendChat('hi');
    await tick();
    const req = socket.sent[socket.sent.length - 1]!;
    assert.equal(req.type, 'chat');
    socket.frame({ type: 'error', id: req.id, code, message: 'no' });
    await assert.rejects(sending, (err: unknown) => err instanceof MeetError && err.code === code);
  }
  end(socket);
});

test('sendChat refuses empty or too long text without sending', async () => {
  const { room, socket } = await join();
  const before = socket.sent.length;
  for (const text of ['', 'x'.repeat(2001), 'é'.repeat(1001)]) {
    await assert.rejects(room.sendChat(text), (err: unknown) => err instanceof MeetError && err.code === 'bad_request');
  }
  assert.equal(socket.sent.length, before);
  // 2000 bytes go out.
  const sending = room.sendChat('é'.repeat(1000));
  await tick();
  const req = socket.sent[socket.sent.length - 1]!;
  assert.equal(req.text, 'é'.repeat(1000));
  socket.frame({ type: 'ok', id: req.id });
  await sending;
  end(socket);
  await assert.rejects(room.sendChat('late'), (err: unknown) => (err as MeetError).code === 'disconnected');
});
