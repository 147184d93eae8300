// The meeting web app (web/app, issue 13) against the real server, through the UI only: two
// pages pass the landing and pre-join screens, see each other's video, chat, see a mute, and
// leave. Screenshots of landing, pre-join and the meeting go to $MEET_SHOTS (default /tmp).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MeetServer, closePage, launchBrowser, meetBin, sleep } from './harness.mjs';

const shots = process.env.MEET_SHOTS ?? '/tmp';
let server;
let browser;
const pages = [];

before(async () => {
  server = await new MeetServer().start();
  browser = await launchBrowser();
});

after(async () => {
  for (const p of pages) await closePage(p);
  await browser?.close();
  await server?.stop();
});

// Kills the server (SIGKILL: no goodbye to anyone) and starts it again on the same ports with
// the same data folder, as after a crash and a restart by systemd. Resolves once healthy.
async function killAndRestart(s) {
  s.proc.kill('SIGKILL');
  await s.exited;
  const proc = spawn(meetBin, s.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  s.proc = proc;
  s.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  for (const stream of [proc.stdout, proc.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => s.log(`[restarted] ${chunk.trimEnd()}`));
  }
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${s.httpUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`restarted server not healthy\n${s.tail(20)}`);
}

async function open(name, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const lines = [];
  page.on('console', (m) => lines.push(`[${name}] ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[${name}] pageerror: ${e.message}`));
  await page.goto(url, { timeout: 15000 });
  const p = { name, page, context, console: lines };
  pages.push(p);
  return p;
}

// Waits for a remote tile (not `local`) whose video plays, with frames still arriving.
async function seesVideoOf(p, participantId) {
  const sel = `.tile[data-key="${participantId}"] video`;
  const frames = async () =>
    p.page.evaluate((s) => {
      const v = document.querySelector(s);
      return v && v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : -1;
    }, sel);
  const deadline = Date.now() + 25000;
  let first = -1;
  while (Date.now() < deadline && (first = await frames()) <= 0) await sleep(250);
  assert.ok(first > 0, `${p.name}: no video from ${participantId}\n${p.console.join('\n')}`);
  await sleep(1500);
  const later = await frames();
  assert.ok(later > first, `${p.name}: frames from ${participantId} stopped at ${first}`);
}

async function passPrejoin(p, name) {
  await p.page.locator('#display-name').fill(name);
  // The preview plays the fake camera and the level meter is there before joining.
  await p.page.waitForFunction(() => (document.querySelector('.preview-video')?.videoWidth ?? 0) > 0, null, { timeout: 15000 });
  assert.equal(await p.page.locator('[role=meter][aria-label="Microphone level"]').count(), 1);
  await p.page.getByRole('button', { name: 'Join now' }).click();
  await p.page.waitForFunction(() => window.meetApp?.state === 'joined', null, { timeout: 20000 });
  return p.page.evaluate(() => window.meetApp.participantId);
}

test('two people meet through the app: pre-join, video, chat, mute, leave', { timeout: 120000 }, async () => {
  const alice = await open('alice', `${server.httpUrl}/`);
  await alice.page.getByRole('button', { name: 'New meeting' }).waitFor({ timeout: 10000 });
  await alice.page.screenshot({ path: path.join(shots, 'meet-app-landing.png') });
  await alice.page.getByRole('button', { name: 'New meeting' }).click();
  await alice.page.locator('#meeting-title-input').fill('Weekly sync');
  await alice.page.locator('#display-name').fill('Alice');
  await alice.page.waitForFunction(() => (document.querySelector('.preview-video')?.videoWidth ?? 0) > 0, null, { timeout: 15000 });
  await alice.page.screenshot({ path: path.join(shots, 'meet-app-prejoin.png') });
  const aliceId = await passPrejoin(alice, 'Alice');
  const link = new URL(alice.page.url());
  assert.match(link.pathname, /^\/m\/[A-Za-z0-9_-]+$/, `meeting link ${link}`);
  assert.equal(await alice.page.locator('.meeting-title').textContent(), 'Weekly sync');

  // Bob opens the link; his name holds markup, which must show as text.
  const bob = await open('bob', `${server.httpUrl}${link.pathname}`);
  await bob.page.locator('#prejoin-title').waitFor({ timeout: 10000 });
  assert.equal(await bob.page.locator('#prejoin-title').textContent(), 'Weekly sync');
  const bobName = 'Bob <b>bold</b>';
  const bobId = await passPrejoin(bob, bobName);

  await Promise.all([seesVideoOf(alice, bobId), seesVideoOf(bob, aliceId)]);
  const shown = await alice.page.locator(`.tile[data-key="${bobId}"] .tile-name`).textContent();
  assert.equal(shown, bobName);
  assert.equal(await alice.page.locator(`.tile[data-key="${bobId}"] .tile-name b`).count(), 0);

  // Chat: Bob sees an unread count, then the message as text.
  await alice.page.getByRole('button', { name: 'Chat', exact: true }).click();
  const text = 'hello <i>there</i>';
  await alice.page.locator('.chat-input').fill(text);
  await alice.page.getByRole('button', { name: 'Send' }).click();
  await bob.page.getByRole('button', { name: 'Chat, 1 unread' }).waitFor({ timeout: 10000 });
  await bob.page.getByRole('button', { name: 'Chat, 1 unread' }).click();
  await bob.page.locator('.chat-list .chat-text', { hasText: text }).waitFor({ timeout: 5000 });
  assert.equal(await bob.page.locator('.chat-list i').count(), 0);

  // Bob mutes: Alice's page shows the muted-microphone icon on his tile.
  const micIcon = alice.page.locator(`.tile[data-key="${bobId}"] .tile-mic`);
  assert.equal(await micIcon.isVisible(), false);
  await bob.page.getByRole('button', { name: 'Microphone', exact: true }).click();
  await micIcon.waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await bob.page.getByRole('button', { name: 'Microphone', exact: true }).getAttribute('aria-pressed'), 'false');
  await alice.page.screenshot({ path: path.join(shots, 'meet-app-meeting.png') });

  // The server crashes and comes back on the same ports: both pages show the reconnecting
  // banner, then rejoin by themselves (no reload) and see each other's video again.
  await killAndRestart(server);
  const upAt = Date.now();
  for (const p of [alice, bob]) {
    await p.page.locator('.banner', { hasText: 'Reconnecting' }).waitFor({ state: 'visible', timeout: 10000 }).catch(() => undefined);
  }
  const rejoined = async (p) => {
    await p.page.waitForFunction(() => window.meetApp?.state === 'joined' && window.meetApp.events.some((e) => e.type === 'state' && e.state === 'reconnecting'), null, { timeout: 10000 });
    return p.page.evaluate(() => window.meetApp.participantId);
  };
  const [aliceId2, bobId2] = await Promise.all([rejoined(alice), rejoined(bob)]);
  const tookMs = Date.now() - upAt;
  console.log(`# rejoined ${tookMs} ms after the restarted server was healthy`);
  assert.ok(tookMs < 10000, `pages took ${tookMs} ms to come back`);
  await Promise.all([seesVideoOf(alice, bobId2), seesVideoOf(bob, aliceId2)]);
  assert.equal(await alice.page.locator('.banner').isVisible(), false);
  // State kept: Bob is still muted, and the chat history is still there.
  await alice.page.locator(`.tile[data-key="${bobId2}"] .tile-mic`).waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await bob.page.getByRole('button', { name: 'Microphone', exact: true }).getAttribute('aria-pressed'), 'false');
  assert.equal(await bob.page.locator('.chat-list .chat-text', { hasText: text }).count(), 1);
  const bobIdFinal = bobId2;

  // Bob leaves: he sees it said in words, and his tile goes from Alice's page.
  await bob.page.getByRole('button', { name: 'Leave meeting' }).click();
  await bob.page.getByRole('heading', { name: 'You left the meeting' }).waitFor({ timeout: 10000 });
  await alice.page.locator(`.tile[data-key="${bobIdFinal}"]`).waitFor({ state: 'detached', timeout: 10000 });
  // Alice is the host: leaving asks whether to end the meeting for everyone.
  await alice.page.getByRole('button', { name: 'Leave meeting' }).click();
  await alice.page.getByRole('button', { name: 'Leave', exact: true }).click();
  await alice.page.getByRole('heading', { name: 'You left the meeting' }).waitFor({ timeout: 10000 });
});
