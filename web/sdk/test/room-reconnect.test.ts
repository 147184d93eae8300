import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Room } from '../src/room.js';
import { FakeClock, flush } from './fake-clock.js';
import { FakeSocket } from './fake-socket.js';

class FakePeerConnection {
  static made = 0;
  ontrack: unknown = null;
  onconnectionstatechange: (() => void) | null = null;
  connectionState = 'new';
  closed = false;
  constructor() {
    FakePeerConnection.made++;
  }
  close(): void {
    this.closed = true;
  }
}
(globalThis as unknown as { RTCPeerConnection: unknown }).RTCPeerConnection = FakePeerConnection;

const bob = { id: 'p_2', identity: 'bob', name: 'Bob', tracks: [{ id: 't1', kind: 'audio', source: 'microphone', muted: false }] };
const cat = { id: 'p_3', identity: 'cat', name: 'Cat', tracks: [] };
const chat = (i: number) => ({ id: `c${i}`, participant_id: 'p_2', identity: 'bob', name: 'Bob', text: `m${i}`, sent_at: i });

function joinedFrame(me: string, participants: unknown[], extra: Record<string, unknown> = {}) {
  return { type: 'joined', id: 1, participant: { id: me, identity: 'ann', name: 'Ann' }, room: { id: 'demo', participants, ...extra } };
}

// A room whose every socket the test can reach; the clock drives reconnection.
async function joinRoom() {
  const sockets: FakeSocket[] = [];
  const clock = new FakeClock();
  const connecting = Room.connect('ws://x', 'tok', {
    socketFactory: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    pingIntervalMs: 60000,
    requestTimeoutMs: 1000,
    clock,
  });
  sockets[0].open();
  await flush();
  sockets[0].frame(joinedFrame('p_1', [bob], { chat: [chat(1)] }));
  const room = await connecting;
  const events: string[] = [];
  room.on('reconnecting', (r) => events.push(`reconnecting:${r}`));
  room.on('reconnected', () => events.push('reconnected'));
  room.on('participantLeft', (p) => events.push(`left:${p.id}`));
  room.on('participantJoined', (p) => events.push(`joined:${p.id}`));
  room.on('trackMuted', (e) => events.push(`muted:${e.participantId}/${e.trackId}:${e.muted}`));
  room.on('chat', (m) => events.push(`chat:${m.id}`));
  room.on('disconnected', (r) => events.push(`disconnected:${r}`));
  return { room, sockets, clock, events };
}

test('socket drop: reconnecting, a new join with the same token, roster and chat caught up', async () => {
  const { room, sockets, clock, events } = await joinRoom();
  sockets[0].serverClose(1006);
  assert.equal(room.state, 'reconnecting');
  await clock.advance(0);
  assert.equal(sockets.length, 2, 'a second socket');
  // The server is still down: the attempt fails and the next one comes after a backoff.
  sockets[1].serverClose(1006);
  await flush();
  await clock.advance(300);
  assert.equal(sockets.length, 3);
  sockets[2].open();
  await flush();
  assert.deepEqual(sockets[2].sent[0], { type: 'join', token: 'tok', id: 1 });
  sockets[2].frame(
    joinedFrame('p_9', [{ ...bob, tracks: [{ ...bob.tracks[0], muted: true }] }, cat], { chat: [chat(1), chat(2)] }),
  );
  await flush();
  assert.equal(room.state, 'connected');
  assert.equal(room.localParticipant.id, 'p_9');
  assert.deepEqual(events, ['reconnecting:connection_lost (1006)', 'joined:p_3', 'muted:p_2/t1:true', 'chat:c2', 'reconnected']);
  assert.deepEqual(room.chatMessages.map((m) => m.id), ['c1', 'c2']);
  assert.deepEqual([...room.participants.keys()], ['p_2', 'p_3']);
  // Old socket closed, the new one carries on.
  sockets[2].frame({ type: 'participant_left', participant_id: 'p_3' });
  assert.deepEqual(events.at(-1), 'left:p_3');
  sockets[2].frame({ type: 'disconnected', reason: 'room_ended' });
});

test('a fatal answer to the rejoin ends the room with its code', async () => {
  const { room, sockets, clock, events } = await joinRoom();
  sockets[0].serverClose(1006);
  await clock.advance(0);
  sockets[1].open();
  await flush();
  sockets[1].frame({ type: 'error', id: 1, code: 'removed', message: 'you were removed' });
  await flush();
  assert.equal(room.state, 'disconnected');
  assert.deepEqual(events, ['reconnecting:connection_lost (1006)', 'disconnected:removed']);
});

test('server_shutdown rejoins; removed and room_ended end the room', async () => {
  const a = await joinRoom();
  a.sockets[0].frame({ type: 'disconnected', reason: 'server_shutdown' });
  assert.equal(a.room.state, 'reconnecting');
  await a.room.leave();
  assert.deepEqual(a.events.at(-1), 'disconnected:left');
  for (const reason of ['removed', 'room_ended', 'replaced']) {
    const b = await joinRoom();
    b.sockets[0].frame({ type: 'disconnected', reason });
    assert.equal(b.room.state, 'disconnected');
    assert.deepEqual(b.events, [`disconnected:${reason}`]);
    await b.clock.advance(10_000);
    assert.equal(b.sockets.length, 1, 'no rejoin');
  }
});

test('hands: raised and lowered, queue in raise order, own hand included', async () => {
  const { room, sockets } = await joinRoom();
  const seen: string[] = [];
  room.on('handChanged', (id, up) => seen.push(`${id}:${up}`));
  sockets[0].frame({ type: 'participant_joined', participant: cat });
  sockets[0].frame({ type: 'hand', participant_id: 'p_3', raised: true, raised_at: 10 });
  sockets[0].frame({ type: 'hand', participant_id: 'p_1', raised: true, raised_at: 20 });
  sockets[0].frame({ type: 'hand', participant_id: 'p_2', raised: true, raised_at: 30 });
  sockets[0].frame({ type: 'hand', participant_id: 'p_1', raised: false });
  assert.deepEqual(seen, ['p_3:true', 'p_1:true', 'p_2:true', 'p_1:false']);
  assert.deepEqual(room.raisedHands.map((h) => h.participantId), ['p_3', 'p_2']);
  const raising = room.setHandRaised(true);
  assert.deepEqual(sockets[0].sent.at(-1), { type: 'hand', raised: true, id: 2 });
  sockets[0].frame({ type: 'ok', id: 2 });
  await raising;
  sockets[0].frame({ type: 'disconnected', reason: 'room_ended' });
});
