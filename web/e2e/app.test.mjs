// The meeting web app (web/app, issue 13) against the real server, through the UI only: two
// pages pass the landing and pre-join screens, see each other's video, chat, see a mute, and
// leave. Screenshots of landing, pre-join and the meeting go to $MEET_SHOTS (default /tmp).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { MeetServer, chromiumArgs, chromiumPath, closePage, resultsDir, sleep } from './harness.mjs';

// docs/ui.md describes these screenshots.
const shots = process.env.MEET_SHOTS ?? path.join(resultsDir, 'ui');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// An operator's admin key (docs/api.md "Authentication"), for the REST API mute.
const adminKey = `mk_${randomBytes(24).toString('base64url')}`;
let server;
let browser;
const pages = [];

before(async () => {
  server = await new MeetServer({ extraArgs: ['--admin-key', adminKey] }).start();
  // Five pages at once: the fake camera at 15 fps halves what each page encodes and decodes.
  const args = chromiumArgs.map((a) => (a.startsWith('--use-fake-device-for-media-stream') ? '--use-fake-device-for-media-stream=fps=15' : a));
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args, timeout: 30000 });
});

after(async () => {
  for (const p of pages) await closePage(p);
  await browser?.close();
  await server?.stop();
});

// axe-core on the page as it is now: no serious or critical violation.
async function axe(p, screen) {
  const began = Date.now();
  await p.page.addScriptTag({ content: axeSource });
  const found = await p.page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  step(`axe on ${screen}: ${Date.now() - began} ms`);
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

// Records in the page every text the reconnecting banner shows (window.bannerSeen): it may
// come and go between two looks from here.
async function watchBanner(p) {
  await p.page.evaluate(() => {
    window.bannerSeen = [];
    setInterval(() => {
      const b = document.querySelector('.banner');
      const text = b && !b.hidden && b.getClientRects().length > 0 ? b.textContent : '';
      if (text && window.bannerSeen.at(-1) !== text) window.bannerSeen.push(text);
    }, 50);
  });
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
  for (const p of [alice, bob]) await watchBanner(p);
  await server.restart();
  const upAt = Date.now();
  const rejoined = async (p) => {
    await p.page.waitForFunction(() => window.meetApp?.state === 'joined' && window.meetApp.events.some((e) => e.type === 'state' && e.state === 'reconnecting'), null, { timeout: 10000 });
    return p.page.evaluate(() => window.meetApp.participantId);
  };
  const [aliceId2, bobId2] = await Promise.all([rejoined(alice), rejoined(bob)]);
  const tookMs = Date.now() - upAt;
  console.log(`# rejoined ${tookMs} ms after the restarted server was healthy`);
  assert.ok(tookMs < 10000, `pages took ${tookMs} ms to come back`);
  await Promise.all([seesVideoOf(alice, bobId2), seesVideoOf(bob, aliceId2)]);
  for (const p of [alice, bob]) {
    const seen = await p.page.evaluate(() => window.bannerSeen);
    assert.ok(seen.some((t) => t.startsWith('Reconnecting')), `${p.name}: no reconnecting banner (saw ${JSON.stringify(seen)})`);
    assert.equal(await p.page.locator('.banner').isVisible(), false, `${p.name}: banner still shown`);
  }
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

// What the page sent of `kind`, twice `gapMs` apart: whether it grew. Video counts frames
// encoded: Chromium probes the bandwidth with padding made of old video packets even when
// nothing is encoded, which bytesSent counts. Audio counts bytes.
async function sends(p, kind, gapMs = 1500) {
  const count = () => p.page.evaluate(async (k) => {
    const c = await window.meetApp.sendCounters(k);
    return k === 'video' ? c.frames : c.newBytes;
  }, kind);
  const a = await count();
  await sleep(gapMs);
  const b = await count();
  return { sending: b > a, a, b };
}

async function assertSilent(p, kind) {
  // A mute stops the sender at once; leave a moment for packets already on their way.
  await sleep(500);
  const r = await sends(p, kind);
  assert.equal(r.sending, false, `${p.name}: still sends ${kind} (${r.a} -> ${r.b} ${kind === 'video' ? 'frames' : 'bytes'})`);
}

const micButton = (p) => p.page.getByRole('button', { name: 'Microphone', exact: true });

async function api(method, route, body, key) {
  const res = await fetch(`${server.httpUrl}${route}`, {
    method,
    headers: { 'X-API-Key': key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
}

test('four people: grid, mute, host and API mute, hands, share, chat history, removal, leaving, phone size', { timeout: 300000 }, async () => {
  step('four people: the host creates the meeting');
  const host = await open('host', `${server.httpUrl}/new`);
  await host.page.locator('#meeting-title-input').fill('Design review');
  await passPrejoin(host, 'Hana Host');
  const link = new URL(host.page.url()).pathname;
  const meetingId = link.split('/').pop();
  // Dave is on a phone-sized screen, with a long name (the name field takes 64 characters).
  const daveName = `Dave ${'with a very long name '.repeat(6)}`.slice(0, 64);
  const [bob, carol, dave] = await Promise.all([
    open('bob', `${server.httpUrl}${link}`),
    open('carol', `${server.httpUrl}${link}`),
    open('dave', `${server.httpUrl}${link}`, { width: 390, height: 844 }),
  ]);
  await Promise.all([passPrejoin(bob, 'Bob'), passPrejoin(carol, 'Carol'), passPrejoin(dave, daveName)]);
  const everyone = [host, bob, carol, dave];

  step('everyone sees a grid of four tiles with the right names');
  for (const p of everyone) {
    await p.page.waitForFunction(() => document.querySelectorAll('.tiles.grid-mode > .tile').length === 4, null, { timeout: 30000 });
  }
  // (Ids are read again where used: on a machine this loaded a page may have rejoined, and a
  // rejoin gets a new participant id from the server.)
  await Promise.all([bob, carol, dave].map(async (p) => seesVideoOf(host, await idOf(p))));
  const names = await host.page.locator('.tiles .tile-name').allTextContents();
  assert.deepEqual(names.sort(), ['Bob', 'Carol', daveName, 'Hana Host (you)'].sort());
  assert.deepEqual((await carol.page.locator('.tiles .tile-name').allTextContents()).sort(), ['Bob', 'Carol (you)', daveName, 'Hana Host'].sort());
  // The long name is cut with an ellipsis, not spilling out of its tile.
  const fits = await host.page.evaluate((id) => {
    const n = document.querySelector(`.tile[data-key="${id}"] .tile-name`);
    const t = n.closest('.tile').getBoundingClientRect();
    return getComputedStyle(n).textOverflow === 'ellipsis' && n.getBoundingClientRect().right <= t.right + 1;
  }, await idOf(dave));
  assert.ok(fits, 'long name fits its tile');
  await host.page.screenshot({ path: path.join(shots, 'grid-4.png') });

  step('phone: the call is usable at 390x844');
  const phone = await dave.page.evaluate(() => {
    const bar = document.querySelector('.controls').getBoundingClientRect();
    return { bottom: bar.bottom, right: bar.right, scroll: document.documentElement.scrollWidth };
  });
  assert.ok(phone.bottom <= 844 && phone.right <= 390 && phone.scroll <= 390, `phone layout ${JSON.stringify(phone)}`);
  await dave.page.screenshot({ path: path.join(shots, 'phone-call.png') });
  // (axe takes long on a loaded machine and holds up its page meanwhile: it runs on Dave's
  // page while Bob mutes, and Dave's page is looked at after it.)
  const phoneAxe = axe(dave, 'phone call');

  step('Bob mutes himself: the icon shows on the three other screens, nothing is sent');
  assert.ok((await sends(bob, 'audio')).sending, 'Bob sends audio before muting');
  await micButton(bob).click();
  const bobMic = async (p) => p.page.locator(`.tile[data-key="${await idOf(bob)}"] .tile-mic`).waitFor({ state: 'visible', timeout: 10000 });
  for (const p of [host, carol]) await bobMic(p);
  assert.equal(await micButton(bob).getAttribute('aria-pressed'), 'false');
  await assertSilent(bob, 'audio');
  await phoneAxe;
  await bobMic(dave);

  step('hands: Bob, then Carol (by keyboard, R); the host sees them in that order');
  await bob.page.getByRole('button', { name: 'Raise hand' }).click();
  await bob.page.getByRole('button', { name: 'Lower hand' }).waitFor({ timeout: 5000 });
  await carol.page.locator('body').press('r');
  await carol.page.getByRole('button', { name: 'Lower hand' }).waitFor({ timeout: 5000 });
  await host.page.getByRole('button', { name: /^Participants/ }).click();
  await host.page.waitForFunction(() => document.querySelectorAll('.hand-queue li').length === 2, null, { timeout: 10000 });
  assert.deepEqual(await host.page.locator('.hand-queue li .person-name').allTextContents(), ['Bob', 'Carol']);
  assert.equal(await host.page.locator(`.tile[data-key="${await idOf(carol)}"] .tile-hand`).getAttribute('aria-label'), 'Hand raised, number 2 in line');

  step('the host mutes Carol from the panel: her page says so and her microphone sends nothing');
  assert.ok((await sends(carol, 'audio')).sending, 'Carol sends audio before the host mutes her');
  await host.page.getByRole('button', { name: 'Mute Carol' }).click();
  await carol.page.locator('.toast', { hasText: 'A host muted your microphone' }).waitFor({ timeout: 10000 });
  assert.equal(await micButton(carol).getAttribute('aria-pressed'), 'false');
  await host.page.locator(`.tile[data-key="${await idOf(carol)}"] .tile-mic`).waitFor({ state: 'visible', timeout: 10000 });
  await assertSilent(carol, 'audio');
  step('host panel: screenshot and axe');
  await host.page.screenshot({ path: path.join(shots, 'host-panel.png') });
  const panelAxe = axe(host, 'host panel');

  step('an operator mutes Dave through the REST API: his page says so and sends no audio');
  const key = await api('POST', '/api/v1/tenants/tn_webapp/keys', { name: 'e2e' }, adminKey);
  assert.equal(key.status, 201, `tenant key for the app's meetings: ${key.text}`);
  assert.ok((await sends(dave, 'audio')).sending, 'Dave sends audio before the API mutes him');
  const muted = await api('POST', `/api/v1/meetings/${meetingId}/participants/${await idOf(dave)}/mute`, undefined, key.json.secret);
  assert.equal(muted.status, 200, `API mute: ${muted.text}`);
  await dave.page.locator('.toast', { hasText: 'muted your microphone' }).waitFor({ timeout: 10000 });
  assert.equal(await micButton(dave).getAttribute('aria-pressed'), 'false');
  await assertSilent(dave, 'audio');
  await panelAxe;
  await host.page.locator(`.tile[data-key="${await idOf(dave)}"] .tile-mic`).waitFor({ state: 'visible', timeout: 10000 });
  await host.page.getByRole('button', { name: /^Participants/ }).click();

  step('Bob shares his screen: it goes on stage, large, on the others\' pages');
  await bob.page.getByRole('button', { name: 'Share screen' }).click();
  const shareKey = `${await idOf(bob)}:screen`;
  for (const p of [host, carol]) {
    await p.page.waitForFunction((k) => (document.querySelector(`.stage .tile.screen[data-key="${k}"] video`)?.videoWidth ?? 0) > 0, shareKey, { timeout: 30000 });
    const big = await p.page.evaluate((k) => {
      const stageTile = document.querySelector(`.stage .tile[data-key="${k}"]`).getBoundingClientRect();
      const cam = document.querySelector('.strip .tile').getBoundingClientRect();
      return stageTile.width * stageTile.height > 4 * cam.width * cam.height;
    }, shareKey);
    assert.ok(big, `${p.name}: the share is much larger than the camera tiles`);
  }
  await host.page.screenshot({ path: path.join(shots, 'speaker-share.png') });
  await bob.page.getByRole('button', { name: 'Share screen' }).click();
  await host.page.locator(`.tile[data-key="${shareKey}"]`).waitFor({ state: 'detached', timeout: 10000 });

  step('chat: the host writes, Carol sees it');
  await host.page.getByRole('button', { name: 'Chat', exact: true }).click();
  const text = 'Agenda: <b>three</b> items';
  await host.page.locator('.chat-input').fill(text);
  await host.page.getByRole('button', { name: 'Send' }).click();
  await carol.page.getByRole('button', { name: 'Chat, 1 unread' }).waitFor({ timeout: 10000 });
  await carol.page.getByRole('button', { name: 'Chat, 1 unread' }).click();
  await carol.page.locator('.chat-list .chat-text', { hasText: text }).waitFor({ timeout: 5000 });
  await host.page.getByRole('button', { name: 'Chat', exact: true }).click();

  step('the host removes Dave: he is told why, in words, and the others no longer see him');
  const daveId = await idOf(dave);
  host.page.once('dialog', (d) => void d.accept());
  await host.page.getByRole('button', { name: /^Participants/ }).click();
  await host.page.getByRole('button', { name: `Remove ${daveName}` }).click();
  await dave.page.getByRole('heading', { name: 'You were removed from the meeting' }).waitFor({ timeout: 10000 });
  for (const p of [host, bob, carol]) await p.page.locator(`.tile[data-key="${daveId}"]`).waitFor({ state: 'detached', timeout: 10000 });
  await dave.page.screenshot({ path: path.join(shots, 'error-removed.png') });
  await axe(dave, 'error screen');
  await host.page.getByRole('button', { name: /^Participants/ }).click();

  step('Dave opens the same link again: he is refused, with the same words');
  await dave.page.getByRole('button', { name: 'Back to start' }).click();
  await dave.page.goto(`${server.httpUrl}${link}`);
  await dave.page.locator('#display-name').waitFor({ timeout: 30000 });
  await dave.page.getByRole('button', { name: 'Join now' }).click();
  await dave.page.getByRole('heading', { name: 'You were removed from the meeting' }).waitFor({ timeout: 15000 });
  assert.equal(await host.page.locator('.tiles .tile').count(), 3, 'Dave is not back in the host\'s grid');
  await closePage(dave);

  step('Erin joins late: after a removal newcomers knock, the host admits her, the chat history is there');
  // The open link hands every join a fresh identity, so after a removal the server sends
  // newcomers to the lobby: Dave cannot slip back in from another browser.
  const erin = await open('erin', `${server.httpUrl}${link}`);
  const hostAdmits = (async () => {
    await host.page.getByRole('button', { name: /^Participants/ }).click();
    await host.page.getByRole('button', { name: 'Admit Erin' }).click({ timeout: 45000 });
    await host.page.getByRole('button', { name: /^Participants/ }).click();
  })();
  await passPrejoin(erin, 'Erin');
  await hostAdmits;
  await erin.page.getByRole('button', { name: 'Chat', exact: true }).click();
  await erin.page.locator('.chat-list .chat-text', { hasText: text }).waitFor({ timeout: 5000 });
  assert.equal(await erin.page.locator('.chat-list b').count(), 0, 'chat markup shows as text');
  await host.page.waitForFunction(() => document.querySelectorAll('.tiles .tile').length === 4, null, { timeout: 15000 });

  step('Bob leaves: he sees it said, and his tile goes from the others\' pages');
  const bobLast = await idOf(bob);
  await bob.page.getByRole('button', { name: 'Leave meeting' }).click();
  await bob.page.getByRole('heading', { name: 'You left the meeting' }).waitFor({ timeout: 10000 });
  for (const p of [host, carol, erin]) await p.page.locator(`.tile[data-key="${bobLast}"]`).waitFor({ state: 'detached', timeout: 10000 });
  step('done');
});
