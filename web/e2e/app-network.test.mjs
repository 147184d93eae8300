// The meeting web app when a page's network is cut (issue 13): Chromium's offline emulation
// does not touch WebRTC, so one page runs in its own network namespace (wa3-cut, joined to
// the server's by a veth pair) and nftables drops everything it sends and receives, for 5 s
// and then for 40 s. Each time the page shows the reconnecting banner, comes back without a
// reload, and video flows both ways again. Then both turn camera and microphone off for 20 s,
// which must never look like a cut. Needs root (ip netns, nft); skipped without.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { MeetServer, chromiumArgs, chromiumPath, closePage, sleep } from './harness.mjs';
import { VethNamespace, sh } from './netns.mjs';

const kNs = 'wa3-cut';
const kHostIf = 'wa3-v0';
const kNsIf = 'wa3-v1';
const kHostIp = '10.217.77.1';
const kNsIp = '10.217.77.2';
const net = new VethNamespace({ ns: kNs, hostIf: kHostIf, nsIf: kNsIf, hostIp: kHostIp, nsIp: kNsIp });
const kTable = 'wa3cut';
// From the end of a cut until video flows both ways again (the SDK's rejoin after a long cut
// waits for a join attempt that was started during the cut to time out: 10 s at most).
const kBackWithinMs = 25000;

// Everything in and out of the namespace is dropped (its loopback aside), TCP and UDP alike.
function cut() {
  const rules = `table inet ${kTable} {
  chain in { type filter hook input priority 0; policy drop; iif "lo" accept; }
  chain out { type filter hook output priority 0; policy drop; oif "lo" accept; }
}
`;
  sh('ip', ['netns', 'exec', kNs, 'nft', '-f', '-'], { input: rules });
}

function mend() {
  sh('ip', ['netns', 'exec', kNs, 'nft', 'delete', 'table', 'inet', kTable], { quiet: true });
}

function cannotRun() {
  if (process.getuid?.() !== 0) return 'needs root for ip netns and nft';
  try {
    sh('ip', ['netns', 'list']);
    sh('nft', ['--version']);
    return '';
  } catch (err) {
    return String(err.message);
  }
}

async function open(browser, name, url) {
  const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
  const page = await context.newPage();
  const lines = [];
  page.on('console', (m) => lines.push(`[${name}] ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[${name}] pageerror: ${e.message}`));
  await page.goto(url, { timeout: 40000 });
  return { name, page, context, console: lines };
}

async function join(p, name) {
  await p.page.locator('#display-name').waitFor({ timeout: 30000 });
  await p.page.locator('#display-name').fill(name);
  // The camera is open (the preview plays) before joining, so the page joins with it.
  await p.page.waitForFunction(() => (document.querySelector('.preview-video')?.videoWidth ?? 0) > 0, null, { timeout: 30000 });
  await p.page.getByRole('button', { name: 'Join now' }).click();
  await p.page.waitForFunction(() => window.meetApp?.state === 'joined', null, { timeout: 30000 });
}

// Video frames of the other participant's tile decoded on `p`'s page (-1: no playing video).
function framesOfOther(p) {
  return p.page.evaluate(() => {
    const v = [...document.querySelectorAll('.tile:not(.local) video')].find((x) => x.videoWidth > 0);
    return v ? v.getVideoPlaybackQuality().totalVideoFrames : -1;
  });
}

// Waits until `p` is joined and decodes new frames from the other participant.
async function videoFlows(p, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await p.page.evaluate(() => window.meetApp.state);
    const a = await framesOfOther(p);
    if (state === 'joined' && a > 0) {
      await sleep(700);
      if ((await framesOfOther(p)) > a) return;
    } else {
      await sleep(250);
    }
  }
  const tail = await p.page.evaluate(() => window.meetApp.events.slice(-8));
  assert.fail(`${p.name}: no video flowing within ${timeoutMs} ms; app events ${JSON.stringify(tail)}\n${p.console.slice(-10).join('\n')}`);
}

// Records every text the banner shows, and a marker a reload would wipe.
async function watch(p) {
  await p.page.evaluate(() => {
    window.notReloaded = true;
    window.bannerSeen = [];
    setInterval(() => {
      const b = document.querySelector('.banner');
      const text = b && !b.hidden && b.getClientRects().length > 0 ? b.textContent : '';
      if (text && window.bannerSeen.at(-1) !== text) window.bannerSeen.push(text);
      window.bannerTicks = (window.bannerTicks ?? 0) + 1;
    }, 50);
  });
}

describe('the app when the network is cut', () => {
  const skip = cannotRun();
  const server = new MeetServer({ publicIp: kHostIp });
  const browsers = [];
  const pages = [];
  let ann;
  let cutPage;

  before(async () => {
    if (skip) return;
    net.setup();
    await server.start();
    const wrapper = net.chromiumWrapper();
    // Pages load from the veth address, which is not a secure context by itself (camera).
    const secure = `--unsafely-treat-insecure-origin-as-secure=http://${kHostIp}:${server.httpPort}`;
    const args = chromiumArgs.map((a) => (a.startsWith('--use-fake-device-for-media-stream') ? '--use-fake-device-for-media-stream=fps=15' : a));
    browsers.push(await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...args, secure], timeout: 30000 }));
    browsers.push(await chromium.launch({ executablePath: wrapper, headless: true, args: [...args, secure], timeout: 30000 }));
    const base = `http://${kHostIp}:${server.httpPort}`;
    ann = await open(browsers[0], 'ann', `${base}/new`);
    pages.push(ann);
    await join(ann, 'Ann');
    cutPage = await open(browsers[1], 'cut', `${base}${new URL(ann.page.url()).pathname}`);
    pages.push(cutPage);
    await join(cutPage, 'Cy');
    await Promise.all([videoFlows(ann, 40000), videoFlows(cutPage, 40000)]);
  });

  after(async () => {
    mend();
    for (const p of pages) await closePage(p);
    for (const b of browsers) await b.close().catch(() => {});
    await server.stop();
    net.teardown();
  });

  for (const seconds of [5, 40]) {
    test(`a ${seconds} s cut: the banner shows, the page comes back by itself, video flows again`, { skip: skip || false, timeout: 120000 }, async () => {
      await watch(cutPage);
      // Media has flowed for a few seconds, as in a meeting under way.
      await sleep(4000);
      const idBefore = await cutPage.page.evaluate(() => window.meetApp.participantId);
      cut();
      const cutAt = Date.now();
      await sleep(seconds * 1000);
      mend();
      const mendedAt = Date.now();
      await Promise.all([videoFlows(cutPage, kBackWithinMs), videoFlows(ann, kBackWithinMs)]);
      const tookMs = Date.now() - mendedAt;
      const seen = await cutPage.page.evaluate(() => ({ banner: window.bannerSeen, notReloaded: window.notReloaded === true, ticks: window.bannerTicks, events: window.meetApp.events }));
      const how = seen.events.filter((e) => e.at >= cutAt - 1000).map((e) => `${e.at - cutAt} ms ${e.type}${e.reason || e.state ? `:${e.reason ?? e.state}` : ''}`);
      // A new participant id means a full rejoin; the same one, ICE came back on its own.
      const rejoined = (await cutPage.page.evaluate(() => window.meetApp.participantId)) !== idBefore;
      console.log(`# ${seconds} s cut: video both ways ${tookMs} ms after the network came back (${rejoined ? 'full rejoin' : 'same session'}); banner ${JSON.stringify(seen.banner)} (${seen.ticks} looks); app events ${JSON.stringify(how)}`);
      assert.ok(seen.notReloaded, 'the page was reloaded');
      assert.ok(seen.banner.some((t) => t.startsWith('Reconnecting')), `no reconnecting banner during the cut (saw ${JSON.stringify(seen.banner)})`);
      assert.equal(await cutPage.page.locator('.banner').isVisible(), false, 'banner still shown after recovery');
    });
  }

  // What must never look like a cut: nobody sending anything (both cameras and microphones
  // off), so the peer connections carry nothing but ICE checks and RTCP for 20 s.
  test('camera and microphone off on both sides for 20 s: no banner, same session', { skip: skip || false, timeout: 90000 }, async () => {
    for (const p of [ann, cutPage]) {
      for (const name of ['Microphone', 'Camera']) {
        await p.page.getByRole('button', { name, exact: true }).click();
        await p.page.waitForFunction((n) => document.querySelector(`.controls button[aria-label="${n}"]`)?.getAttribute('aria-pressed') === 'false', name, { timeout: 10000 });
      }
    }
    // Let what was in flight arrive, then watch.
    await sleep(1500);
    const sent = (p) => p.page.evaluate(async () => (await window.meetApp.sentBytes('audio')) + (await window.meetApp.sentBytes('video')));
    const counters = (p) => p.page.evaluate(async () => ({ audio: await window.meetApp.sendCounters('audio'), video: await window.meetApp.sendCounters('video') }));
    const countersBefore = await Promise.all(pages.map(counters));
    const ids = await Promise.all(pages.map((p) => p.page.evaluate(() => window.meetApp.participantId)));
    const sentBefore = await Promise.all(pages.map(sent));
    await Promise.all(pages.map(watch));
    const from = Date.now();
    await sleep(20000);
    for (const [i, p] of pages.entries()) {
      const seen = await p.page.evaluate(() => ({ banner: window.bannerSeen, state: window.meetApp.state, id: window.meetApp.participantId, events: window.meetApp.events }));
      const late = seen.events.filter((e) => e.at >= from).map((e) => `${e.type}${e.reason || e.state ? `:${e.reason ?? e.state}` : ''}`);
      console.log(`# ${p.name}: 20 s with nothing sent: banner ${JSON.stringify(seen.banner)}, app events ${JSON.stringify(late)}`);
      // Nothing is encoded; Chromium may still probe the bandwidth by sending old packets again
      // over RTX as padding (counted in bytesSent, not in retransmittedBytesSent: 12-18 kB/s
      // with Chromium 156). So the check is on what is encoded: no video frame, no audio byte.
      const grew = (await sent(p)) - sentBefore[i];
      const c = await counters(p);
      const b = countersBefore[i];
      console.log(`# ${p.name}: sent in 20 s: audio ${c.audio.bytes - b.audio.bytes} B (${c.audio.retransmitted - b.audio.retransmitted} again), video ${c.video.bytes - b.video.bytes} B (${c.video.retransmitted - b.video.retransmitted} again, ${c.video.frames - b.video.frames} frames)`);
      assert.equal(c.video.frames - b.video.frames, 0, `${p.name} encoded video frames (${grew} B sent): the test is not silent`);
      assert.ok(c.audio.bytes - b.audio.bytes < 2000, `${p.name} sent ${c.audio.bytes - b.audio.bytes} B of audio in 20 s: the test is not silent`);
      assert.deepEqual(seen.banner, [], `${p.name} showed a banner while everyone was only silent`);
      assert.equal(seen.state, 'joined');
      assert.equal(seen.id, ids[i], `${p.name} rejoined while everyone was only silent`);
    }
  });
});
