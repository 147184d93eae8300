import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MeetError } from '../src/meet-error.js';
import { Room, type RecordingChangedEvent } from '../src/room.js';
import { FakeSocket } from './fake-socket.js';

class FakePeerConnection {
  ontrack: unknown = null;
  close(): void {}
}
(globalThis as unknown as { RTCPeerConnection: unknown }).RTCPeerConnection = FakePeerConnection;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const me = { id: 'p_1', identity: 'ann', name: 'Ann', grants: { record: true } };

async function joined(recording?: Record<string, unknown>): Promise<{ room: Room; socket: FakeSocket }> {
  let socket: FakeSocket | undefined;
  const connecting = Room.connect('ws://x', 'tok', {
    socketFactory: () => (socket = new FakeSocket()),
    pingIntervalMs: 60000,
    requestTimeoutMs: 1000,
  });
  socket!.open();
  await tick();
  const room: Record<string, unknown> = { id: 'demo', participants: [] };
  if (recording) room.recording = recording;
  socket!.frame({ type: 'joined', id: 1, participant: me, room });
  return { room: await connecting, socket: socket! };
}

test('room.recording comes from joined and follows the recording event', async () => {
  const { room, socket } = await joined({ active: true, recording_id: 'rec_1' });
  assert.deepEqual(room.recording, { active: true });
  const events: RecordingChangedEvent[] = [];
  room.on('recordingChanged', (e) => events.push(e));
  socket.frame({ type: 'recording', active: false });
  assert.deepEqual(room.recording, { active: false });
  socket.frame({ type: 'recording', active: true, recording_id: 'rec_2' });
  assert.deepEqual(room.recording, { active: true });
  assert.deepEqual(events, [{ active: false }, { active: true, recordingId: 'rec_2' }]);
  socket.serverClose(1006);
});

test('an older server without recording state reads as not recording', async () => {
  const { room, socket } = await joined();
  assert.deepEqual(room.recording, { active: false });
  socket.serverClose(1006);
});

test('startRecording and stopRecording send their requests and pass errors on', async () => {
  const { room, socket } = await joined();
  const starting = room.startRecording();
  await tick();
  const start = socket.sent.at(-1)!;
  assert.equal(start.type, 'start_recording');
  socket.frame({ type: 'ok', id: start.id });
  await starting;
  const stopping = room.stopRecording();
  await tick();
  const stop = socket.sent.at(-1)!;
  assert.equal(stop.type, 'stop_recording');
  socket.frame({ type: 'error', id: stop.id, code: 'not_recording', message: 'none' });
  await assert.rejects(stopping, (e: unknown) => e instanceof MeetError && e.code === 'not_recording');
  socket.serverClose(1006);
});
