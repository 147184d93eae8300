// What a remote participant really gets: bitrate and resolution through `meet`, compared with
// the same browser sending the same camera to a peer connection of its own over loopback, in
// the same page and the same 30 s. Frame counters alone once passed while every call ran at
// 320x180 and 30 kbit/s; this test fails then.
//
// The fake camera plays a 1280x720 clip with motion (ffmpeg testsrc2): Chromium's default fake
// camera is almost static and would not show what the congestion controller allows.
//
// With simulcast the SDK sends three layers (320x180, 640x360, 1280x720). The publisher side is
// compared as a whole (all layers against the direct call: the congestion controller toward
// meet must allow as much), the subscriber against the top layer, which it gets because its
// tile is 1280 CSS pixels wide and nothing limits its downlink (docs/benchmarks.md).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { cameraClip, MeetServer, chromiumArgs, chromiumPath, closePage, counterSamples, openJoined, openPage, resultsDir, sleep, waitForMedia, waitInPage } from './harness.mjs';

const kWindowMs = 30000;
const kRampLimitMs = 20000; // from the first remote frame to the top layer

// In the page: a direct loopback call carrying a clone of the published camera track, the
// reference for "as good as the network allows".
function startDirectCall() {
  const source = window.meetTest.localStream.getVideoTracks()[0].clone();
  const tx = new RTCPeerConnection();
  const rx = new RTCPeerConnection();
  tx.onicecandidate = (e) => e.candidate && rx.addIceCandidate(e.candidate);
  rx.onicecandidate = (e) => e.candidate && tx.addIceCandidate(e.candidate);
  tx.addTransceiver(source, { direction: 'sendonly' });
  window.directCall = { tx, rx };
  return (async () => {
    await tx.setLocalDescription();
    await rx.setRemoteDescription(tx.localDescription);
    await rx.setLocalDescription();
    await tx.setRemoteDescription(rx.localDescription);
  })();
}

// In the page: the outgoing video of `pc` (bytes, size, limitation) and its estimate.
async function senderSample(which) {
  const pc = which === 'meet' ? window.meetTest.room.publisher : window.directCall.tx;
  const out = { at: performance.now(), bytes: 0, topBytes: 0, topFrames: 0, width: 0, height: 0, fps: 0, limitation: '', available: 0 };
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') {
      out.bytes += s.bytesSent;
      // The top simulcast layer (or the only stream): the largest frames.
      if ((s.frameWidth ?? 0) >= out.width) {
        out.topBytes = s.bytesSent;
        out.topFrames = s.framesSent ?? 0;
      }
      out.width = Math.max(out.width, s.frameWidth ?? 0);
      out.height = Math.max(out.height, s.frameHeight ?? 0);
      out.fps = s.framesPerSecond ?? 0;
      out.limitation = s.qualityLimitationReason;
    }
    if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate) out.available = s.availableOutgoingBitrate;
  });
  return out;
}

// In the subscriber's page: what it decodes of the remote video.
async function receiverSample() {
  const out = { at: performance.now(), bytes: 0, width: 0, height: 0, framesDecoded: 0, freezes: 0 };
  (await window.meetTest.room.subscriber.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      out.bytes += s.bytesReceived;
      out.width = Math.max(out.width, s.frameWidth ?? 0);
      out.height = Math.max(out.height, s.frameHeight ?? 0);
      out.framesDecoded += s.framesDecoded ?? 0;
      out.freezes += s.freezeCount ?? 0;
    }
  });
  return out;
}

const kbps = (a, b) => Math.round(((b.bytes - a.bytes) * 8) / (b.at - a.at));
const topKbps = (a, b) => Math.round(((b.topBytes - a.topBytes) * 8) / (b.at - a.at));

describe('media quality', () => {
  const server = new MeetServer();
  let browser;
  const pages = [];

  before(async () => {
    const clip = cameraClip();
    await server.start();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs, `--use-file-for-fake-video-capture=${clip}`],
      timeout: 30000,
    });
  });

  after(async () => {
    for (const p of pages) await closePage(p);
    await browser?.close().catch(() => {});
    await server.stop();
  });

  test('a 720p camera reaches the subscriber at the bitrate and size of a direct call', { timeout: 120000 }, async () => {
    const room = `quality-${randomBytes(3).toString('hex')}`;
    const pub = await openPage(browser, server.httpUrl, { token: server.token({ room, identity: 'pub' }), video: '1280x720' }, { name: 'pub' });
    pages.push(pub);
    await waitInPage(pub, () => window.meetTest?.published === true, undefined, { what: 'joined and published' });
    const pubId = await pub.page.evaluate(() => window.meetTest.room.localParticipant.id);
    // A large tile: the server sends the layer that fits it.
    const sub = await openPage(browser, server.httpUrl, { token: server.token({ room, identity: 'sub' }), tile: '1280' }, { name: 'sub' });
    pages.push(sub);
    await waitInPage(sub, () => window.meetTest?.published === true, undefined, { what: 'joined and published' });
    await waitForMedia(sub, [pubId]);
    await pub.page.evaluate(startDirectCall);

    // The subscriber starts on a low layer and climbs as its downlink estimate grows: the
    // window below measures the steady state, once it decodes the size the camera sends.
    const rampStart = Date.now();
    for (let settled = 0; settled < 2; ) {
      await sleep(500);
      const [tx, rx] = [await pub.page.evaluate(senderSample, 'meet'), await sub.page.evaluate(receiverSample)];
      settled = tx.width > 0 && rx.width === tx.width && rx.height === tx.height ? settled + 1 : 0;
      assert.ok(Date.now() - rampStart < kRampLimitMs, `after ${kRampLimitMs / 1000} s the subscriber decodes ${rx.width}x${rx.height} of the ${tx.width}x${tx.height} sent`);
    }
    const rampMs = Date.now() - rampStart;

    const start = { meet: await pub.page.evaluate(senderSample, 'meet'), direct: await pub.page.evaluate(senderSample, 'direct'), rx: await sub.page.evaluate(receiverSample) };
    const samples = [];
    for (let t = 0; t < kWindowMs; t += 5000) {
      await sleep(5000);
      const row = { meet: await pub.page.evaluate(senderSample, 'meet'), direct: await pub.page.evaluate(senderSample, 'direct'), rx: await sub.page.evaluate(receiverSample) };
      samples.push(row);
    }
    const end = samples[samples.length - 1];
    const result = {
      window_s: kWindowMs / 1000,
      ramp_s: rampMs / 1000,
      meet: { kbps: kbps(start.meet, end.meet), top_layer_kbps: topKbps(start.meet, end.meet), top_layer_frames: end.meet.topFrames - start.meet.topFrames, width: end.meet.width, height: end.meet.height, fps: end.meet.fps, limitation: end.meet.limitation, available_kbps: Math.round(end.meet.available / 1000) },
      direct: { kbps: kbps(start.direct, end.direct), width: end.direct.width, height: end.direct.height, fps: end.direct.fps, limitation: end.direct.limitation, available_kbps: Math.round(end.direct.available / 1000) },
      subscriber: { kbps: kbps(start.rx, end.rx), width: end.rx.width, height: end.rx.height, frames_decoded: end.rx.framesDecoded - start.rx.framesDecoded, freezes: end.rx.freezes - start.rx.freezes },
      timeline: samples.map((r, i) => ({ t: (i + 1) * 5, meet_kbps: kbps(i ? samples[i - 1].meet : start.meet, r.meet), direct_kbps: kbps(i ? samples[i - 1].direct : start.direct, r.direct), meet_size: `${r.meet.width}x${r.meet.height}`, direct_size: `${r.direct.width}x${r.direct.height}`, rx_size: `${r.rx.width}x${r.rx.height}` })),
    };
    writeFileSync(path.join(resultsDir, 'quality.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`quality: ${JSON.stringify(result)}`);

    // The browser's estimate toward meet sometimes starts slowly (CI at d4e15b1: 300 kbit/s for
    // the first 10 s, then a climb), so the bar is two-fold: the second half of the window at
    // 80 % of the direct call (where the call settles), the whole window at 50 %.
    const ratio = result.meet.kbps / result.direct.kbps;
    const mid = samples[samples.length / 2 - 1];
    result.second_half = { meet_kbps: kbps(mid.meet, end.meet), direct_kbps: kbps(mid.direct, end.direct) };
    const settled = result.second_half.meet_kbps / result.second_half.direct_kbps;
    console.log(`quality: second half ${JSON.stringify(result.second_half)}`);
    assert.ok(settled >= 0.8, `through meet ${result.second_half.meet_kbps} kbit/s in the second half is ${(settled * 100).toFixed(0)} % of the direct call's ${result.second_half.direct_kbps} kbit/s`);
    assert.ok(ratio >= 0.5, `through meet ${result.meet.kbps} kbit/s is ${(ratio * 100).toFixed(0)} % of the direct call's ${result.direct.kbps} kbit/s`);
    assert.ok(end.meet.width * end.meet.height >= end.direct.width * end.direct.height, `sent ${end.meet.width}x${end.meet.height} through meet, ${end.direct.width}x${end.direct.height} directly`);
    // The browser's estimate of the path to meet is of the same order as the direct one's (it
    // fell to 84 kbit/s when meet promised feedback it never sent).
    assert.ok(result.meet.available_kbps >= result.direct.available_kbps * 0.5, `estimate ${result.meet.available_kbps} kbit/s toward meet, ${result.direct.available_kbps} direct`);
    // The subscriber decodes what was sent: the same size, most of the bytes and frames.
    assert.equal(`${end.rx.width}x${end.rx.height}`, `${end.meet.width}x${end.meet.height}`);
    assert.ok(result.subscriber.kbps >= result.meet.top_layer_kbps * 0.8, `subscriber received ${result.subscriber.kbps} of the top layer's ${result.meet.top_layer_kbps} kbit/s`);
    // Frames: against what the camera's top layer sent in the same window (a loaded machine
    // encodes fewer), and never a slide show.
    assert.ok(result.subscriber.frames_decoded >= result.meet.top_layer_frames * 0.85, `subscriber decoded ${result.subscriber.frames_decoded} of the ${result.meet.top_layer_frames} frames sent`);
    assert.ok(result.subscriber.frames_decoded >= (kWindowMs / 1000) * 5, `subscriber decoded ${result.subscriber.frames_decoded} frames in 30 s`);
    // The feedback behind it, as an operator sees it: at least one every 100 ms of the window.
    const feedback = counterSamples((await server.metrics()).text, 'meet_transport_feedback_sent_total').total;
    // How long datagrams waited for meet's media thread: on a starved machine the browsers'
    // probes are answered late and the call ramps up slowly (docs/operations.md).
    const lag = (await server.metrics()).text.split('\n').filter((l) => l.startsWith('meet_udp_read_lag_seconds_bucket'));
    console.log(`quality: udp read lag ${lag.map((l) => l.replace(/^.*le="([^"]+)"\} /, '≤$1 s: ')).join(', ')}`);
    assert.ok(feedback >= kWindowMs / 100, `meet_transport_feedback_sent_total is ${feedback} after ${kWindowMs / 1000} s`);
    // The subscriber's own transport-wide feedback gives its downlink estimate, which must
    // cover what it receives (two subscriber connections here: pub receives nothing video).
    const metrics = (await server.metrics()).text;
    const estimated = counterSamples(metrics, 'meet_subscribers_estimated').total;
    const estimateKbps = counterSamples(metrics, 'meet_subscriber_estimate_bps_sum').total / 1000;
    console.log(`quality: ${estimated} subscriber estimates, sum ${Math.round(estimateKbps)} kbit/s`);
    assert.ok(estimated >= 1, 'no subscriber connection has a bandwidth estimate');
    assert.ok(estimateKbps >= result.subscriber.kbps * 0.8, `subscriber estimates sum to ${Math.round(estimateKbps)} kbit/s for ${result.subscriber.kbps} kbit/s received`);
  });
});

// Two browsers whose fake microphones take turns: one plays a tone for 6 s then silence for
// 6 s, the other the opposite (Chromium loops the file). The active speaker must follow.
function turnTakingClips() {
  mkdirSync(resultsDir, { recursive: true });
  const clip = (name, toneFirst) => {
    const file = path.join(resultsDir, name);
    if (!existsSync(file)) {
      const tone = '[0:a]atrim=0:6[t]';
      const quiet = '[1:a]atrim=0:6[q]';
      const order = toneFirst ? '[t][q]' : '[q][t]';
      execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-filter_complex', `${tone};${quiet};${order}concat=n=2:v=0:a=1[out]`, '-map', '[out]', '-ac', '1', file]);
    }
    return file;
  };
  return [clip('speaks-first.wav', true), clip('speaks-second.wav', false)];
}

describe('active speaker', () => {
  const server = new MeetServer();
  const browsers = [];
  const pages = [];

  before(async () => {
    await server.start();
    for (const clip of turnTakingClips()) {
      browsers.push(
        await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, `--use-file-for-fake-audio-capture=${clip}`], timeout: 30000 }),
      );
    }
  });

  after(async () => {
    for (const p of pages) await closePage(p);
    for (const b of browsers) await b.close().catch(() => {});
    await server.stop();
  });

  test('follows whichever microphone is playing', { timeout: 60000 }, async () => {
    const room = `speaker-${randomBytes(3).toString('hex')}`;
    for (const [i, b] of browsers.entries()) {
      pages.push(await openJoined(b, server.httpUrl, server.token({ room, identity: `talker${i}` }), `talker${i}`));
    }
    const ids = pages.map((p) => p.participantId);
    // Both pages' sequences of active speakers, over 20 s: at least one turn each way.
    await sleep(20000);
    for (const p of pages) {
      const seq = await p.page.evaluate(() => window.meetTest.events.filter((e) => e.type === 'active_speaker').map((e) => e.participantId));
      const changes = seq.filter((id, i) => id && id !== seq[i - 1]);
      console.log(`${p.name}: active speaker changes ${JSON.stringify(changes.map((id) => ids.indexOf(id)))}`);
      assert.ok(changes.includes(ids[0]) && changes.includes(ids[1]), `${p.name} saw ${JSON.stringify(changes)}, not both talkers`);
      // Two 6 s turns in 20 s: a handful of changes, not a flicker.
      assert.ok(changes.length <= 6, `${p.name}: ${changes.length} changes in 20 s`);
    }
  });
});
