// The meeting web app (web/app, issue 13) against the real server, through the UI only: two
// pages pass the landing and pre-join screens, see each other's video, chat, see a mute, and
// leave. Screenshots of landing, pre-join and the meeting go to $MEET_SHOTS (default /tmp).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { MeetServer, chromiumArgs, chromiumPath, closePage, meetBin, resultsDir, sleep } from './harness.mjs';

// docs/ui.md describes these screenshots.
const shots = process.env.MEET_SHOTS ?? path.join(resultsDir, 'ui');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server;
let browser;
const pages = [];

before(async () => {
  server = await new MeetServer().start();
  // Five pages at once: the fake camera at 15 fps halves what each page encodes and decodes.
  const args = chromiumArgs.map((a) => (a.startsWith('--use-fake-device-for-media-stream') ? '--use-fake-device-for-media-stream=fps=15' : a));
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args, timeout: 30000 });
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

// axe-core on the page as it is now: no serious or critical violation.
async function axe(p, screen) {
  await p.page.addScriptTag({ content: axeSource });
  const found = await p.page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  assert.deepEqual(found, [], `axe on ${screen} (${p.name})`);
}

const t0 = Date.now();
function step(what) {
  console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
}

async function open(name, url, viewport = { width: 1280, height: 720 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const lines = [];
  page.on('console', (m) => lines.push(`[${name}] ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[${name}] pageerror: ${e.message}`));
  await page.goto(url, { timeout: 40000 });
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
  const deadline = Date.now() + 40000;
  let first = -1;
  while (Date.now() < deadline && (first = await frames()) <= 0) await sleep(250);
  assert.ok(first > 0, `${p.name}: no video from ${participantId}\n${p.console.join('\n')}`);
  await sleep(1500);
  const later = await frames();
  assert.ok(later > first, `${p.name}: frames from ${participantId} stopped at ${first}`);
}

const idOf = (p) => p.page.evaluate(() => window.meetApp.participantId);

async function passPrejoin(p, name) {
  await p.page.locator('#display-name').waitFor({ timeout: 60000 }).catch(() => {
    throw new Error(`${p.name}: no pre-join screen\n${p.console.join('\n')}`);
  });
  await p.page.locator('#display-name').fill(name);
  // The preview plays the fake camera and the level meter is there before joining.
  await p.page.waitForFunction(() => (document.querySelector('.preview-video')?.videoWidth ?? 0) > 0, null, { timeout: 30000 });
  assert.equal(await p.page.locator('[role=meter][aria-label="Microphone level"]').count(), 1);
  await p.page.getByRole('button', { name: 'Join now' }).click();
  await p.page.waitForFunction(() => window.meetApp?.state === 'joined', null, { timeout: 30000 });
  return p.page.evaluate(() => window.meetApp.participantId);
}

test('two people meet through the app: pre-join, video, chat, mute, leave', { timeout: 120000 }, async () => {
  const alice = await open('alice', `${server.httpUrl}/`);
  await alice.page.getByRole('button', { name: 'New meeting' }).waitFor({ timeout: 10000 });
  await alice.page.screenshot({ path: path.join(shots, 'landing.png') });
  await axe(alice, 'landing');
  await alice.page.getByRole('button', { name: 'New meeting' }).click();
  await alice.page.locator('#meeting-title-input').fill('Weekly sync');
  await alice.page.locator('#display-name').fill('Alice');
  await alice.page.waitForFunction(() => (document.querySelector('.preview-video')?.videoWidth ?? 0) > 0, null, { timeout: 30000 });
  await alice.page.screenshot({ path: path.join(shots, 'prejoin.png') });
  await axe(alice, 'pre-join');
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
  await axe(alice, 'meeting');

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

test('four people: grid, hands in order, host mute, screen share, removal, phone size', { timeout: 600000 }, async () => {
  const host = await open('host', `${server.httpUrl}/new`);
  await host.page.locator('#meeting-title-input').fill('Design review');
  const hostId = await passPrejoin(host, 'Hana Host');
  const link = new URL(host.page.url()).pathname;
  const bob = await open('bob', `${server.httpUrl}${link}`);
  const bobId = await passPrejoin(bob, 'Bob');
  const carol = await open('carol', `${server.httpUrl}${link}`);
  const carolId = await passPrejoin(carol, 'Carol');
  // Dave is on a phone-sized screen, with a very long name.
  step('Dave is on a phone-sized screen, with a very long ');
  // (The name field takes 64 characters.)
  const daveName = `Dave ${'with a very long name '.repeat(6)}`.slice(0, 64);
  const dave = await open('dave', `${server.httpUrl}${link}`, { width: 390, height: 844 });
  const daveId = await passPrejoin(dave, daveName);

  // Everyone sees a grid of four tiles with the right names.
  step('Everyone sees a grid of four tiles with the right ');
  await host.page.waitForFunction(() => document.querySelectorAll('.tiles.grid-mode > .tile').length === 4, null, { timeout: 30000 });
  await seesVideoOf(host, await idOf(dave));
  // (Ids are read again where used: on a machine this loaded a page may have rejoined,
  // and a rejoin gets a new participant id from today's server.)
  const names = await host.page.locator('.tiles .tile-name').allTextContents();
  assert.deepEqual(names.sort(), ['Bob', 'Carol', daveName, 'Hana Host (you)'].sort());
  // The long name is cut with an ellipsis, not spilling out of its tile.
  step('The long name is cut with an ellipsis, not spillin');
  const fits = await host.page.evaluate((id) => {
    const n = document.querySelector(`.tile[data-key="${id}"] .tile-name`);
    const t = n.closest('.tile').getBoundingClientRect();
    return getComputedStyle(n).textOverflow === 'ellipsis' && n.getBoundingClientRect().right <= t.right + 1;
  }, await idOf(dave));
  assert.ok(fits, 'long name fits its tile');
  await host.page.screenshot({ path: path.join(shots, 'grid-4.png') });

  // Phone: the call is usable at 390x844 (controls on screen, no sideways scrolling).
  step('Phone: the call is usable at 390x844 (controls on ');
  const phone = await dave.page.evaluate(() => {
    const bar = document.querySelector('.controls').getBoundingClientRect();
    return { bottom: bar.bottom, right: bar.right, scroll: document.documentElement.scrollWidth };
  });
  assert.ok(phone.bottom <= 844 && phone.right <= 390 && phone.scroll <= 390, `phone layout ${JSON.stringify(phone)}`);
  await dave.page.screenshot({ path: path.join(shots, 'phone-call.png') });
  await axe(dave, 'phone call');

  // Hands: Bob, then Carol (by keyboard, R); the host sees them in that order.
  step('Hands: Bob, then Carol (by keyboard, R); the host ');
  await bob.page.getByRole('button', { name: 'Raise hand' }).click();
  await bob.page.getByRole('button', { name: 'Lower hand' }).waitFor({ timeout: 5000 });
  await sleep(50);
  await carol.page.locator('body').press('r');
  await host.page.getByRole('button', { name: /^Participants/ }).click();
  await host.page.waitForFunction(() => document.querySelectorAll('.hand-queue li').length === 2, null, { timeout: 10000 });
  assert.deepEqual(await host.page.locator('.hand-queue li .person-name').allTextContents(), ['Bob', 'Carol']);
  assert.equal(await host.page.locator(`.tile[data-key="${await idOf(carol)}"] .tile-hand`).getAttribute('aria-label'), 'Hand raised, number 2 in line');

  // Host mutes Carol from the panel: Carol's page says so and her microphone track stops sending.
  step("Host mutes Carol from the panel: Carol's page says");
  await host.page.getByRole('button', { name: 'Mute Carol' }).click();
  await carol.page.locator('.toast', { hasText: 'A host muted your microphone' }).waitFor({ timeout: 10000 });
  assert.equal(await carol.page.getByRole('button', { name: 'Microphone', exact: true }).getAttribute('aria-pressed'), 'false');
  await host.page.locator(`.tile[data-key="${await idOf(carol)}"] .tile-mic`).waitFor({ state: 'visible', timeout: 10000 });
  await host.page.screenshot({ path: path.join(shots, 'host-panel.png') });
  await axe(host, 'host panel');
  await host.page.getByRole('button', { name: /^Participants/ }).click();

  // Bob shares his screen: it goes on stage, large, on the others' pages.
  step('Bob shares his screen: it goes on stage, large, on');
  await bob.page.getByRole('button', { name: 'Share screen' }).click();
  const shareKey = `${await idOf(bob)}:screen`;
  await host.page.locator(`.stage .tile.screen[data-key="${shareKey}"] video`).waitFor({ timeout: 30000 });
  await host.page.waitForFunction((k) => (document.querySelector(`.stage .tile[data-key="${k}"] video`)?.videoWidth ?? 0) > 0, shareKey, { timeout: 30000 });
  const big = await host.page.evaluate((k) => {
    const stageTile = document.querySelector(`.stage .tile[data-key="${k}"]`).getBoundingClientRect();
    const cam = document.querySelector('.strip .tile').getBoundingClientRect();
    return stageTile.width * stageTile.height > 4 * cam.width * cam.height;
  }, shareKey);
  assert.ok(big, 'the share is much larger than the camera tiles');
  await host.page.screenshot({ path: path.join(shots, 'speaker-share.png') });
  await bob.page.getByRole('button', { name: 'Share screen' }).click();

  // The host removes Dave: he is told why, in words, and the others no longer see him.
  step('The host removes Dave: he is told why, in words, a');
  host.page.once('dialog', (d) => void d.accept());
  await host.page.getByRole('button', { name: /^Participants/ }).click();
  await host.page.getByRole('button', { name: `Remove ${daveName}` }).click();
  await dave.page.getByRole('heading', { name: 'You were removed from the meeting' }).waitFor({ timeout: 10000 });
  await host.page.locator(`.tile[data-key="${await idOf(dave)}"]`).waitFor({ state: 'detached', timeout: 10000 });
  await dave.page.screenshot({ path: path.join(shots, 'error-removed.png') });
  await axe(dave, 'error screen');
  assert.ok(hostId && bobId && carolId && daveId);
});
