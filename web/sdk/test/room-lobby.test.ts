import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LobbyParticipant } from '../src/lobby.js';
import { lobbyParticipantFromWire } from '../src/lobby.js';
import { MeetError } from '../src/meet-error.js';
import { Room, type RoomOptions } from '../src/room.js';
import { FakeSocket } from './fake-socket.js';

// Room creates its two peer connections when it joins; the lobby needs none of their behaviour.
class FakePeerConnection {
  ontrack: unknown = null;
  close(): void {}
}
(globalThis as unknown as { RTCPeerConnection: unknown }).RTCPeerConnection = FakePeerConnection;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const gus = { id: 'p_9', identity: 'gus', name: 'Gus' };
const hal = { id: 'p_8', identity: 'hal', name: 'Hal' };

// Starts `connect`, opens the socket and checks that `join` went out with id 1.
async function start(opts: RoomOptions = {}): Promise<{ connecting: Promise<Room>; socket: FakeSocket; lobbies: LobbyParticipant[] }> {
  let socket: FakeSocket | undefined;
  const lobbies: LobbyParticipant[] = [];
  const connecting = Room.connect('ws://x', 'tok', {
    socketFactory: () => (socket = new FakeSocket()),
    pingIntervalMs: 60000,
    requestTimeoutMs: 1000,
    onLobby: (me) => lobbies.push(me),
    ...opts,
  });
  socket!.open();
  await tick();
  assert.deepEqual(socket!.sent[0], { type: 'join', token: 'tok', id: 1 });
  return { connecting, socket: socket!, lobbies };
}

function joinedFrame(participant: Record<string, unknown>, room: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'joined', id: 1, participant, room: { id: 'demo', participants: [], ...room } };
}

// A settled-or-not probe for a promise.
function watch<T>(p: Promise<T>): { settled: () => boolean } {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  return { settled: () => done };
}

const pings = (socket: FakeSocket) => socket.sent.filter((m) => m.type === 'ping');

test('lobby then joined: onLobby, no join timeout while waiting, pings, then resolves', async () => {
  const { connecting, socket, lobbies } = await start({ joinTimeoutMs: 40, requestTimeoutMs: 40, pingIntervalMs: 15 });
  const probe = watch(connecting);
  socket.frame({ type: 'lobby', id: 1, participant: gus });
  assert.deepEqual(lobbies, [gus]);
  await sleep(150);
  assert.equal(probe.settled(), false, 'connect settled while waiting in the lobby');
  assert.equal(socket.readyState, 1);
  // Keepalive pings, each a request of its own; only ping went out besides join.
  assert.ok(pings(socket).length >= 3, `only ${pings(socket).length} pings`);
  assert.deepEqual(
    socket.sent.filter((m) => m.type !== 'ping').map((m) => m.type),
    ['join'],
  );
  for (const p of pings(socket)) socket.frame({ type: 'pong', id: p.id });

  socket.frame(joinedFrame({ ...gus, grants: { publish: true } }));
  const room = await connecting;
  assert.equal(room.localParticipant.id, 'p_9');
  assert.equal(room.localParticipant.name, 'Gus');
  assert.deepEqual(room.lobby, []);
  assert.equal(lobbies.length, 1);
  socket.frame({ type: 'disconnected', reason: 'room_ended' });
  // Neither the lobby's nor the room's pings go on.
  const sent = socket.sent.length;
  await sleep(60);
  assert.equal(socket.sent.length, sent);
});

test('without a lobby reply the join timeout still fires', async () => {
  const { connecting, socket, lobbies } = await start({ joinTimeoutMs: 30 });
  await assert.rejects(connecting, (err: unknown) => err instanceof MeetError && err.code === 'timeout');
  assert.equal(socket.readyState, 3);
  assert.deepEqual(lobbies, []);
});

test('lobby then lobby_denied rejects with lobby_denied and closes the socket', async () => {
  const { connecting, socket, lobbies } = await start({ joinTimeoutMs: 30, pingIntervalMs: 10 });
  socket.frame({ type: 'lobby', id: 1, participant: gus });
  await sleep(50);
  socket.frame({ type: 'error', id: 1, code: 'lobby_denied', message: 'a host turned the request down' });
  await assert.rejects(connecting, (err: unknown) => err instanceof MeetError && err.code === 'lobby_denied');
  assert.deepEqual(lobbies, [gus]);
  assert.equal(socket.readyState, 3);
  const sent = socket.sent.length;
  await sleep(40);
  assert.equal(socket.sent.length, sent, 'pings after the denial');
});

test('waiting ends with the disconnected reason or the socket closing', async () => {
  for (const reason of ['room_ended', 'server_shutdown']) {
    const { connecting, socket } = await start();
    socket.frame({ type: 'lobby', id: 1, participant: gus });
    socket.frame({ type: 'disconnected', reason });
    await assert.rejects(connecting, (err: unknown) => err instanceof MeetError && err.code === reason);
    assert.equal(socket.readyState, 3);
  }
  const { connecting, socket } = await start();
  socket.frame({ type: 'lobby', id: 1, participant: gus });
  socket.serverClose(1006);
  await assert.rejects(connecting, (err: unknown) => err instanceof MeetError && err.code === 'connection_closed');
});

test('a malformed lobby message or a throwing onLobby does not stop the wait', async () => {
  const { connecting, socket, lobbies } = await start();
  // Checked at runtime (decode.ts): a `lobby` without a valid participant is a bad frame,
  // dropped without ending the wait.
  socket.frame({ type: 'lobby', id: 1 });
  socket.frame({ type: 'lobby', id: 1, participant: { id: 7, name: 'x' } });
  assert.deepEqual(lobbies, []);
  // A `lobby` with another id is not the join's: it is ignored.
  socket.frame({ type: 'lobby', id: 5, participant: gus });
  assert.equal(lobbies.length, 0);
  socket.frame(joinedFrame(gus));
  assert.equal((await connecting).localParticipant.id, 'p_9');
  socket.frame({ type: 'disconnected', reason: 'room_ended' });

  const throwing = await start({
    onLobby: () => {
      throw new Error('app bug');
    },
  });
  throwing.socket.frame({ type: 'lobby', id: 1, participant: gus });
  throwing.socket.frame(joinedFrame(gus));
  assert.equal((await throwing.connecting).localParticipant.id, 'p_9');
  throwing.socket.frame({ type: 'disconnected', reason: 'room_ended' });
});

test('lobbyParticipantFromWire: id required, identity and name defaulted', () => {
  const cases: [unknown, LobbyParticipant | undefined][] = [
    [gus, gus],
    [{ id: 'p_1' }, { id: 'p_1', identity: '', name: '' }],
    [{ id: 'p_1', identity: 'x' }, { id: 'p_1', identity: 'x', name: 'x' }],
    [{ id: 'p_1', identity: 3, name: null }, { id: 'p_1', identity: '', name: '' }],
    [{ id: '' }, undefined],
    [{ id: 1 }, undefined],
    [{ identity: 'x' }, undefined],
    [null, undefined],
    ['p_1', undefined],
    [[gus], undefined],
  ];
  for (const [wire, want] of cases) assert.deepEqual(lobbyParticipantFromWire(wire), want, JSON.stringify(wire));
});

// A moderator joined with `lobby` as `joined.room.lobby`.
async function joinModerator(lobby: unknown): Promise<{ room: Room; socket: FakeSocket; events: unknown[][] }> {
  const { connecting, socket, lobbies } = await start();
  socket.frame(joinedFrame({ id: 'p_1', identity: 'ann', name: 'Ann', grants: { moderator: true } }, { lobby }));
  const room = await connecting;
  assert.deepEqual(lobbies, []);
  const events: unknown[][] = [];
  room.on('lobbyRequest', (p) => events.push(['request', p]));
  room.on('lobbyLeft', (id, reason) => events.push(['left', id, reason]));
  return { room, socket, events };
}

test('moderator: lobby from joined, malformed and duplicate entries dropped', async () => {
  const { room, socket, events } = await joinModerator([gus, { id: 3 }, null, { ...gus, name: 'Again' }, hal]);
  assert.deepEqual(room.lobby, [gus, hal]);
  assert.ok(Object.isFrozen(room.lobby));
  await tick();
  assert.deepEqual(events, []);
  socket.frame({ type: 'disconnected', reason: 'room_ended' });
  assert.deepEqual(room.lobby, []);

  for (const bad of [undefined, 'x', { id: 'p_1' }]) {
    const other = await joinModerator(bad);
    assert.deepEqual(other.room.lobby, []);
    other.socket.frame({ type: 'disconnected', reason: 'room_ended' });
  }
});

test('moderator: lobby_request and lobby_left update room.lobby and emit', async () => {
  const { room, socket, events } = await joinModerator([gus]);
  const before = room.lobby;
  socket.frame({ type: 'lobby_request', participant: hal });
  assert.deepEqual(room.lobby, [gus, hal]);
  assert.deepEqual(before, [gus], 'the earlier snapshot changed');
  assert.deepEqual(events, [['request', hal]]);
  assert.equal(events[0]![1], room.lobby[1]);

  // Malformed requests are ignored; a repeated id updates the entry without an event.
  socket.frame({ type: 'lobby_request' });
  socket.frame({ type: 'lobby_request', participant: { identity: 'x' } });
  socket.frame({ type: 'lobby_request', participant: { ...hal, name: 'Hal B' } });
  assert.deepEqual(room.lobby, [gus, { ...hal, name: 'Hal B' }]);
  assert.equal(events.length, 1);

  socket.frame({ type: 'lobby_left', participant_id: 'p_9', reason: 'admitted' });
  socket.frame({ type: 'lobby_left', reason: 'left' });
  socket.frame({ type: 'lobby_left', participant_id: 'p_8', reason: 4 });
  assert.deepEqual(room.lobby, []);
  assert.deepEqual(events.slice(1), [
    ['left', 'p_9', 'admitted'],
    ['left', 'p_8', 'unknown'],
  ]);
  socket.frame({ type: 'disconnected', reason: 'room_ended' });
});

test('moderator: admit and deny are requests; errors reject with their code', async () => {
  const { room, socket } = await joinModerator([gus, hal]);
  const last = () => socket.sent[socket.sent.length - 1]!;

  const admitting = room.admit('p_9');
  await tick();
  assert.deepEqual(last(), { type: 'admit', participant_id: 'p_9', id: last().id });
  socket.frame({ type: 'ok', id: last().id });
  await admitting;

  const denying = room.deny('p_8');
  await tick();
  assert.deepEqual(last(), { type: 'deny', participant_id: 'p_8', id: last().id });
  socket.frame({ type: 'ok', id: last().id });
  await denying;

  for (const [method, code] of [
    ['admit', 'not_found'],
    ['deny', 'not_found'],
    ['admit', 'not_allowed'],
  ] as const) {
    const p = room[method]('p_7');
    await tick();
    assert.equal(last().type, method);
    socket.frame({ type: 'error', id: last().id, code, message: 'no' });
    await assert.rejects(p, (err: unknown) => err instanceof MeetError && err.code === code);
  }

  const before = socket.sent.length;
  await assert.rejects(room.admit(''), (err: unknown) => (err as MeetError).code === 'bad_request');
  await assert.rejects(room.deny(undefined as unknown as string), (err: unknown) => (err as MeetError).code === 'bad_request');
  assert.equal(socket.sent.length, before);

  socket.frame({ type: 'disconnected', reason: 'room_ended' });
  await assert.rejects(room.admit('p_9'), (err: unknown) => (err as MeetError).code === 'disconnected');
});

test('a lobby_request right behind joined is in room.lobby once connect resolves', async () => {
  const { connecting, socket } = await start();
  socket.frame(joinedFrame({ id: 'p_1', identity: 'ann', name: 'Ann', grants: { moderator: true } }, { lobby: [] }));
  socket.frame({ type: 'lobby_request', participant: gus });
  socket.frame({ type: 'lobby_request', participant: hal });
  socket.frame({ type: 'lobby_left', participant_id: 'p_9', reason: 'left' });
  const room = await connecting;
  await tick();
  assert.deepEqual(room.lobby, [hal]);
  socket.frame({ type: 'disconnected', reason: 'room_ended' });
});
