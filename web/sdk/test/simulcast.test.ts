import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { sendEncodingsFor, vp8Supports } from '../src/simulcast.js';

// Node has no RTCRtpSender: each test puts a stand-in with the capabilities a browser lists.
const g = globalThis as { RTCRtpSender?: unknown };
function browserWith(codecs: { mimeType: string; scalabilityModes?: string[] }[]) {
  g.RTCRtpSender = { getCapabilities: (kind: string) => (kind === 'video' ? { codecs, headerExtensions: [] } : null) };
}

afterEach(() => {
  delete g.RTCRtpSender;
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

test('without scalability modes (Firefox, or no VP8 L1T3) the encodings stay as before', () => {
  for (const codecs of [[{ mimeType: 'video/VP8' }], [{ mimeType: 'video/VP8', scalabilityModes: ['L1T1'] }], [{ mimeType: 'video/H264', scalabilityModes: ['L1T3'] }]]) {
    browserWith(codecs);
    const encodings = sendEncodingsFor('video', 'camera', true) ?? [];
    assert.equal(encodings.length, 3);
    assert.ok(encodings.every((e) => e.scalabilityMode === undefined), JSON.stringify(codecs));
  }
  delete g.RTCRtpSender;
  assert.equal(vp8Supports('L1T3'), false, 'no RTCRtpSender at all');
  g.RTCRtpSender = {
    getCapabilities: () => {
      throw new Error('not here');
    },
  };
  assert.equal(vp8Supports('L1T3'), false, 'a throwing capability query');
});
