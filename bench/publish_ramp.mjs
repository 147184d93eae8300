// Publisher ramp: how fast a browser's bandwidth estimate toward meet climbs after it starts
// publishing, against a direct peer connection in the same page started at the same moment
// (the reference "as fast as the network allows"). A slow start here is a call that looks bad
// for its first seconds: in issue 17 the estimate toward meet sat near 300 kbit/s for ~10 s.
//
// Per trial: a fresh room, one Chromium page publishes a 1280x720 camera clip with motion
// (the quality test's), and a clone of its track goes to a loopback peer connection of its own.
// At 1, 3 and 6 s after publishing it prints each connection's availableOutgoingBitrate and
// the path (udp/tcp) the browser's ICE chose toward meet. Then the median of each column and
// the ratio meet/direct. Loopback only; stops by itself.
//
// Usage: cd web && npm ci && npm run build && node ../bench/publish_ramp.mjs
// Environment: MEET_BIN (server binary, default ../build/meet, relative to web/),
//              BENCH_TRIALS (default 8).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { cameraClip, MeetServer, chromiumArgs, chromiumPath, closePage, openPage, sleep, waitInPage } from '../web/e2e/harness.mjs';

// playwright-core lives in web/node_modules.
const { chromium } = createRequire(new URL('../web/package.json', import.meta.url))('playwright-core');
const trials = Number(process.env.BENCH_TRIALS ?? 8);
const kAt = [1000, 3000, 6000];

// In the page: the direct call, a clone of the camera to a local peer connection.
function startDirectCall() {
  const tx = new RTCPeerConnection();
  const rx = new RTCPeerConnection();
  tx.onicecandidate = (e) => e.candidate && rx.addIceCandidate(e.candidate);
  rx.onicecandidate = (e) => e.candidate && tx.addIceCandidate(e.candidate);
  tx.addTransceiver(window.meetTest.localStream.getVideoTracks()[0].clone(), { direction: 'sendonly' });
  window.directCall = { tx };
  return (async () => {
    await tx.setLocalDescription();
    await rx.setRemoteDescription(tx.localDescription);
    await rx.setLocalDescription();
    await tx.setRemoteDescription(rx.localDescription);
  })();
}

// In the page: the estimate and chosen path of the meet publisher and of the direct call.
async function sample() {
  const one = async (pc) => {
    const st = await pc.getStats();
    let sel;
    st.forEach((s) => { if (s.type === 'transport') sel = s.selectedCandidatePairId; });
    const pair = st.get(sel);
    return { kbps: Math.round((pair?.availableOutgoingBitrate ?? 0) / 1000), path: pair ? st.get(pair.localCandidateId)?.protocol : '-' };
  };
  return { meet: await one(window.meetTest.room.publisher), direct: await one(window.directCall.tx) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = new MeetServer();
await server.start();
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, `--use-file-for-fake-video-capture=${cameraClip()}`], timeout: 30000 });
const rows = [];
try {
  for (let i = 0; i < trials; i++) {
    const room = `ramp-${randomBytes(3).toString('hex')}`;
    const pub = await openPage(browser, server.httpUrl, { token: server.token({ room, identity: 'pub' }), video: '1280x720' }, { name: 'pub' });
    await waitInPage(pub, () => window.meetTest?.published === true, undefined, { what: 'published' });
    await pub.page.evaluate(startDirectCall);
    const start = Date.now();
    const row = [];
    for (const at of kAt) {
      await sleep(Math.max(0, at - (Date.now() - start)));
      row.push(await pub.page.evaluate(sample));
    }
    await closePage(pub);
    rows.push(row);
    console.log(`trial ${i + 1}: path ${row[row.length - 1].meet.path}; meet ${row.map((s) => s.meet.kbps).join(' / ')} kbit/s, direct ${row.map((s) => s.direct.kbps).join(' / ')} kbit/s at ${kAt.map((t) => t / 1000).join(' / ')} s`);
  }
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
const paths = rows.map((r) => r[r.length - 1].meet.path);
console.log(`paths toward meet: ${paths.filter((p) => p === 'udp').length} udp, ${paths.filter((p) => p === 'tcp').length} tcp of ${rows.length}`);
kAt.forEach((at, k) => {
  const m = median(rows.map((r) => r[k].meet.kbps));
  const d = median(rows.map((r) => r[k].direct.kbps));
  console.log(`at ${at / 1000} s: median estimate meet ${m} kbit/s, direct ${d} kbit/s, ratio ${(m / Math.max(1, d)).toFixed(2)}`);
});
