// Time to first frame: how long after a participant opens its join link it sees and hears
// the one already in the room, and the other sees it. The user's promise is "within a
// second" of opening the link.
//
// Starts `meet serve` on free loopback ports and headless Chromium (Debian's, fake camera and
// microphone) through the browser test harness; per trial, page A joins and publishes in a
// fresh room, then page B is opened and the clock starts. Measured from that start:
//   joined         B's test page has joined and published (page load, getUserMedia, join,
//                  publish negotiation)
//   B video / audio  B decoded its first video frame / received its first audio samples of A
//   A video        A decoded its first video frame of B
// Prints each trial and the median and maximum of each column. Loopback only; stops by itself.
//
// Usage: cd web && npm ci && npm run build && node ../bench/first_frame.mjs
// Environment: MEET_BIN (server binary, default ../build/meet, relative to web/),
//              BENCH_TRIALS (default 10).
import { MeetServer, closePage, launchBrowser, openJoined, sleep } from '../web/e2e/harness.mjs';

const trials = Number(process.env.BENCH_TRIALS ?? 10);
const kTimeoutMs = 15000;

// Polls `page`'s receive stats until `ready` holds for them; returns the time it held.
async function until(page, ready) {
  const start = Date.now();
  while (Date.now() - start < kTimeoutMs) {
    const stats = await page.page.evaluate(() => window.meetTest.stats());
    if (ready(stats)) return Date.now();
    await sleep(10);
  }
  throw new Error(`${page.name}: no media after ${kTimeoutMs} ms`);
}

const hasVideo = (stats) => stats.some((s) => s.kind === 'video' && s.framesDecoded > 0);
const hasAudio = (stats) => stats.some((s) => s.kind === 'audio' && s.totalSamplesReceived > 0);

async function trial(browser, server, i) {
  const room = `first-frame-${i}`;
  const a = await openJoined(browser, server.httpUrl, server.token({ room, identity: 'a' }), 'a');
  const t0 = Date.now();
  const b = await openJoined(browser, server.httpUrl, server.token({ room, identity: 'b' }), 'b');
  const joined = Date.now();
  const [bVideo, bAudio, aVideo] = await Promise.all([until(b, hasVideo), until(b, hasAudio), until(a, hasVideo)]);
  await closePage(a);
  await closePage(b);
  return { joined: joined - t0, bVideo: bVideo - t0, bAudio: bAudio - t0, aVideo: aVideo - t0 };
}

function summary(rows, key) {
  const v = rows.map((r) => r[key]).sort((x, y) => x - y);
  return { median: v[Math.floor((v.length - 1) / 2)], max: v[v.length - 1] };
}

const server = new MeetServer();
await server.start();
const browser = await launchBrowser();
const rows = [];
try {
  for (let i = 0; i < trials; i++) {
    const r = await trial(browser, server, i);
    rows.push(r);
    console.log(`trial ${i + 1}: joined ${r.joined} ms, B video ${r.bVideo} ms, B audio ${r.bAudio} ms, A video ${r.aVideo} ms`);
  }
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
console.log(`\n${trials} trials, ms after B opened its link   median   max`);
for (const [key, label] of [
  ['joined', 'B joined and published'],
  ['bVideo', 'B decodes A video'],
  ['bAudio', 'B receives A audio'],
  ['aVideo', 'A decodes B video'],
]) {
  const s = summary(rows, key);
  console.log(`${label.padEnd(40)} ${String(s.median).padStart(6)} ${String(s.max).padStart(6)}`);
}
