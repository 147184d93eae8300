import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { codecPreferences, codecSupports, forgetProbedModes, sendEncodingsFor, vp8Supports } from '../src/simulcast.js';

// Node has no RTCRtpSender: each test puts a stand-in with the capabilities a browser lists.
const g = globalThis as { RTCRtpSender?: unknown; RTCPeerConnection?: unknown };
function browserWith(codecs: { mimeType: string; scalabilityModes?: string[] }[]) {
  forgetProbedModes();
  g.RTCRtpSender = { getCapabilities: (kind: string) => (kind === 'video' ? { codecs, headerExtensions: [] } : null) };
}

// A peer connection whose senders keep (or drop) the scalabilityMode they were given.
function peerConnectionThatKeepsModes(keeps: boolean) {
  const closed: boolean[] = [];
  g.RTCPeerConnection = class {
    addTransceiver(_kind: string, init: { sendEncodings: { scalabilityMode?: string }[] }) {
      const encodings = init.sendEncodings.map((e) => (keeps ? { ...e } : {}));
      return { sender: { getParameters: () => ({ encodings }) } };
    }
    close() {
      closed.push(true);
    }
  };
  return closed;
}

afterEach(() => {
  delete g.RTCRtpSender;
  delete g.RTCPeerConnection;
  forgetProbedModes();
});

test('camera simulcast encodings carry L1T3 where the VP8 encoder lists it (Chromium)', () => {
  browserWith([
    { mimeType: 'video/VP8', scalabilityModes: ['L1T1', 'L1T2', 'L1T3'] },
    { mimeType: 'video/H264', scalabilityModes: ['L1T1'] },
  ]);
  assert.equal(vp8Supports('L1T3'), true);
  assert.deepEqual(
    sendEncodingsFor('video', 'camera', true)?.map((e) => [e.rid, e.scalabilityMode]),
    [
      ['q', 'L1T3'],
      ['h', 'L1T3'],
      ['f', 'L1T3'],
    ],
  );
});

test('with no modes in the capabilities (Chromium 156) a throwaway sender that keeps L1T3 decides', () => {
  browserWith([{ mimeType: 'video/VP8' }]);
  const closed = peerConnectionThatKeepsModes(true);
  assert.equal(sendEncodingsFor('video', 'camera', true)?.[2]?.scalabilityMode, 'L1T3');
  sendEncodingsFor('video', 'camera', true);
  assert.equal(closed.length, 1, 'probed once, and the connection closed');
  browserWith([{ mimeType: 'video/VP8' }]);
  peerConnectionThatKeepsModes(false); // Firefox: the member is dropped
  assert.equal(sendEncodingsFor('video', 'camera', true)?.[2]?.scalabilityMode, undefined);
});

test('without scalability modes (Firefox, or no VP8 L1T3) the encodings stay as before', () => {
  for (const codecs of [[{ mimeType: 'video/VP8' }], [{ mimeType: 'video/VP8', scalabilityModes: ['L1T1'] }], [{ mimeType: 'video/H264', scalabilityModes: ['L1T3'] }]]) {
    browserWith(codecs);
    const encodings = sendEncodingsFor('video', 'camera', true) ?? [];
    assert.equal(encodings.length, 3);
    assert.ok(encodings.every((e) => e.scalabilityMode === undefined), JSON.stringify(codecs));
  }
  delete g.RTCRtpSender;
  forgetProbedModes();
  assert.equal(vp8Supports('L1T3'), false, 'no RTCRtpSender at all');
  g.RTCRtpSender = {
    getCapabilities: () => {
      throw new Error('not here');
    },
  };
  forgetProbedModes();
  assert.equal(vp8Supports('L1T3'), false, 'a throwing capability query');
});

test('VP9 goes out as one encoding with three spatial layers where the encoder takes L3T3_KEY', () => {
  browserWith([{ mimeType: 'video/VP8' }, { mimeType: 'video/VP9', scalabilityModes: ['L1T3', 'L3T3_KEY'] }]);
  const encodings = sendEncodingsFor('video', 'camera', true, 'vp9') ?? [];
  assert.equal(encodings.length, 1);
  assert.equal(encodings[0]?.scalabilityMode, 'L3T3_KEY');
  assert.equal(encodings[0]?.rid, undefined);
  assert.equal(sendEncodingsFor('video', 'screen', true, 'vp9'), undefined, 'screen share: one plain encoding');
  // The default stays VP8 simulcast.
  assert.deepEqual(sendEncodingsFor('video', 'camera', true)?.map((e) => e.rid), ['q', 'h', 'f']);
});

test('VP9 without L3T3_KEY (Firefox) falls back to three simulcast encodings', () => {
  browserWith([{ mimeType: 'video/VP9' }]);
  peerConnectionThatKeepsModes(false);
  const encodings = sendEncodingsFor('video', 'camera', true, 'vp9') ?? [];
  assert.deepEqual(
    encodings.map((e) => [e.rid, e.scalabilityMode]),
    [
      ['q', undefined],
      ['h', undefined],
      ['f', undefined],
    ],
  );
  assert.equal(codecSupports('vp9', 'L3T3_KEY'), false);
});

test('H.264 goes out as three simulcast encodings without temporal layers', () => {
  browserWith([{ mimeType: 'video/H264', scalabilityModes: ['L1T1', 'L1T3'] }]);
  const encodings = sendEncodingsFor('video', 'camera', true, 'h264') ?? [];
  assert.deepEqual(encodings.map((e) => e.rid), ['q', 'h', 'f']);
  assert.ok(encodings.every((e) => e.scalabilityMode === undefined));
});

test('codec preferences put the chosen codec first and keep the others', () => {
  browserWith([{ mimeType: 'video/VP8' }, { mimeType: 'video/rtx' }, { mimeType: 'video/H264' }, { mimeType: 'video/VP9' }]);
  assert.deepEqual(codecPreferences('h264')?.map((c) => c.mimeType), ['video/H264', 'video/VP8', 'video/rtx', 'video/VP9']);
  browserWith([{ mimeType: 'video/VP8' }]);
  assert.equal(codecPreferences('vp9'), undefined, 'a browser without VP9 keeps its default');
});
