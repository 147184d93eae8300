// The SDK and test page against a mock server (mock/): signaling order, subscriber offers and
// their mid -> track mapping, stats, leave, join errors, chat, the lobby. Needs Chromium, not `meet`.
// Run with `npm run test:mock` in web/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertMediaGrows,
  closePage,
  launchBrowser,
  openJoined,
  openPage,
  othersOf,
  pageState,
  waitForMedia,
  waitInPage,
} from './harness.mjs';
import { mockToken, startMockServer } from './mock/mock-server.mjs';

describe('SDK against the mock server', () => {
  let browser;
  let mock;
  let pages = [];
  const chatPages = [];
  const lobbyPages = [];

  before(async () => {
    browser = await launchBrowser();
    mock = await startMockServer(browser);
  });

  after(async () => {
    for (const p of [...pages, ...chatPages, ...lobbyPages]) await closePage(p);
    await mock?.close();
    await browser?.close().catch(() => {});
  });

  const withLog = async (fn) => {
    try {
      await fn();
    } catch (err) {
      err.message += `\n--- mock log tail ---\n${mock.log.slice(-30).join('\n')}`;
      throw err;
    }
  };

  test('two pages decode each other, a third joins and leaves', { timeout: 90000 }, async () => {
    await withLog(async () => {
      const tok = (sub) => mockToken({ room: 'r1', sub, name: sub.toUpperCase() });
      pages.push(await openJoined(browser, mock.httpUrl, tok('ann'), 'ann'));
      pages.push(await openJoined(browser, mock.httpUrl, tok('ben'), 'ben'));
      await Promise.all(pages.map((p) => waitForMedia(p, othersOf(pages, p))));
      for (const p of pages) await assertMediaGrows(p, othersOf(pages, p));

      const cat = await openJoined(browser, mock.httpUrl, tok('cat'), 'cat');
      pages.push(cat);
      await Promise.all(pages.map((p) => waitForMedia(p, othersOf(pages, p))));
      for (const p of pages) await assertMediaGrows(p, othersOf(pages, p));

      await cat.page.evaluate(() => window.meetTest.room.leave());
      pages = pages.filter((p) => p !== cat);
      for (const p of pages) {
        await waitInPage(
          p,
          (id) =>
            window.meetTest.events.some((e) => e.type === 'participantLeft' && e.participantId === id) &&
            window.meetTest.events.filter((e) => e.type === 'trackUnsubscribed' && e.participantId === id).length === 2,
          cat.participantId,
          { timeout: 5000, what: 'participantLeft and two trackUnsubscribed' },
        );
        const tracks = await p.page.evaluate(() => window.meetTest.room.remoteTracks.size);
        assert.equal(tracks, 2, `${p.name} still holds tracks of the left page`);
      }
      const st = await pageState(cat);
      assert.equal(st.state, 'disconnected');
      await closePage(cat);
      for (const p of pages) await assertMediaGrows(p, othersOf(pages, p));
    });
  });

  test('chat: history, Enter sends, echo, read-only without publish_data or the chat feature', { timeout: 60000 }, async () => {
    await withLog(async () => {
      const open = async (sub, claims = {}) => {
        const token = mockToken({ room: 'chat1', sub, name: sub.toUpperCase(), ...claims });
        const p = await openPage(browser, mock.httpUrl, { token, publish: '0' }, { name: sub });
        chatPages.push(p);
        await waitInPage(p, () => window.meetTest.state === 'joined', undefined, { what: 'joined' });
        return p;
      };
      const texts = (p) => p.page.evaluate(() => window.meetTest.chat.map((m) => `${m.name}: ${m.text}`));
      const waitChat = (p, n) =>
        waitInPage(p, (k) => window.meetTest.chat.length >= k, n, { timeout: 5000, what: `${n} chat messages` });
      const sendCode = (p, text) =>
        p.page.evaluate((t) => window.meetTest.room.sendChat(t).then(() => 'ok', (e) => e.code), text);

      const ann = await open('ann');
      assert.equal(await ann.page.evaluate(() => window.meetTest.chatEnabled), true);
      const markup = 'hi <b>all</b> & <img src=x onerror=alert(1)>';
      await ann.page.fill('#chat-input', markup);
      await ann.page.press('#chat-input', 'Enter');
      await waitChat(ann, 1);
      assert.deepEqual(await texts(ann), [`ANN: ${markup}`]);
      assert.equal(await ann.page.textContent('#chat-messages li'), `ANN: ${markup}`);
      assert.equal(await ann.page.locator('#chat-messages b, #chat-messages img').count(), 0);
      assert.equal(await ann.page.inputValue('#chat-input'), '');

      const ben = await open('ben');
      assert.deepEqual(await texts(ben), [`ANN: ${markup}`], 'history from joined');
      assert.equal(await sendCode(ben, 'hello ann'), 'ok');
      await waitChat(ann, 2);
      await waitChat(ben, 2);
      assert.deepEqual(await texts(ann), [`ANN: ${markup}`, 'BEN: hello ann']);
      assert.deepEqual(await texts(ben), await texts(ann));
      assert.equal(await sendCode(ben, ''), 'bad_request');
      assert.equal(await sendCode(ben, 'é'.repeat(1001)), 'bad_request');

      const cat = await open('cat', { grants: { publish: true, subscribe: true, publish_data: false } });
      assert.equal(await cat.page.evaluate(() => window.meetTest.chatEnabled), false);
      assert.equal(await cat.page.isDisabled('#chat-input'), true);
      assert.equal(await cat.page.isDisabled('#chat-send'), true);
      assert.match(await cat.page.textContent('#chat-note'), /publish_data/);
      assert.equal((await texts(cat)).length, 2);
      assert.equal(await sendCode(cat, 'let me in'), 'not_allowed');

      const dan = await open('dan', { room: 'chat2', features: ['screen_share'] });
      assert.equal(await dan.page.evaluate(() => window.meetTest.chatEnabled), false);
      assert.match(await dan.page.textContent('#chat-note'), /no chat feature/);
      assert.equal(await sendCode(dan, 'hello'), 'not_allowed');
    });
  });

  test('lobby: guests wait, the moderator admits or denies them, a leaver is reported', { timeout: 60000 }, async () => {
    await withLog(async () => {
      const open = async (sub, claims = {}) => {
        const token = mockToken({ room: 'lobby1', sub, name: sub.toUpperCase(), lobby: true, ...claims });
        const p = await openPage(browser, mock.httpUrl, { token, publish: '0' }, { name: sub });
        lobbyPages.push(p);
        return p;
      };
      const waitState = (p, state) =>
        waitInPage(p, (s) => window.meetTest.state === s, state, { timeout: 5000, what: `state ${state}` });
      const waitEvent = (p, type, fields) =>
        waitInPage(
          p,
          ([t, f]) => window.meetTest.events.find((e) => e.type === t && Object.entries(f).every(([k, v]) => e[k] === v)),
          [type, fields],
          { timeout: 5000, what: `${type} ${JSON.stringify(fields)}` },
        );
      const lobbyOf = (p) => p.page.evaluate(() => window.meetTest.lobby.map((q) => q.identity));

      const mod = await open('mod', { grants: { publish_data: true, moderator: true } });
      await waitState(mod, 'joined');
      assert.equal(await mod.page.isVisible('#lobby'), true);
      assert.deepEqual(await lobbyOf(mod), []);

      const gus = await open('gus');
      await waitState(gus, 'lobby');
      assert.equal(await gus.page.textContent('#status'), 'Waiting for a host to let you in');
      assert.equal(await gus.page.isVisible('#lobby'), false);
      const gusId = (await waitEvent(gus, 'lobby', {})).participantId;
      await waitEvent(mod, 'lobbyRequest', { participantId: gusId, identity: 'gus', name: 'GUS' });
      assert.deepEqual(await lobbyOf(mod), ['gus']);
      assert.equal(await mod.page.textContent('#lobby-count'), '1');

      // A latecomer moderator sees the waiting guest in `joined`.
      const mod2 = await open('mod2', { grants: { moderator: true } });
      await waitState(mod2, 'joined');
      assert.deepEqual(await lobbyOf(mod2), ['gus']);

      await mod.page.click(`#lobby-list li[data-participant-id="${gusId}"] .lobby-admit`);
      await waitState(gus, 'joined');
      assert.equal(await gus.page.evaluate(() => window.meetTest.room.localParticipant.id), gusId);
      for (const m of [mod, mod2]) {
        await waitEvent(m, 'lobbyLeft', { participantId: gusId, reason: 'admitted' });
        await waitEvent(m, 'participantJoined', { participantId: gusId });
        assert.deepEqual(await lobbyOf(m), []);
      }
      assert.equal(await mod.page.locator('#lobby-list li').count(), 0);
      const code = (p, fn, arg) => p.page.evaluate(([f, a]) => window.meetTest.room[f](a).then(() => 'ok', (e) => e.code), [fn, arg]);
      assert.equal(await code(gus, 'admit', gusId), 'not_allowed');
      assert.equal(await code(mod, 'deny', 'p_nobody'), 'not_found');

      const hal = await open('hal');
      await waitState(hal, 'lobby');
      const halId = (await waitEvent(hal, 'lobby', {})).participantId;
      await waitEvent(mod, 'lobbyRequest', { participantId: halId });
      await mod.page.click(`#lobby-list li[data-participant-id="${halId}"] .lobby-deny`);
      await waitState(hal, 'error');
      assert.equal((await pageState(hal)).errorCode, 'lobby_denied');
      await waitEvent(mod2, 'lobbyLeft', { participantId: halId, reason: 'denied' });

      const ivy = await open('ivy');
      await waitState(ivy, 'lobby');
      const ivyId = (await waitEvent(ivy, 'lobby', {})).participantId;
      await waitEvent(mod, 'lobbyRequest', { participantId: ivyId });
      await closePage(ivy);
      await waitEvent(mod, 'lobbyLeft', { participantId: ivyId, reason: 'left' });
      assert.deepEqual(await lobbyOf(mod), []);
    });
  });

  test('join errors reach #error with their code', { timeout: 30000 }, async () => {
    const cases = [
      { token: mockToken({ room: 'r1', sub: 'x', bad: true }), code: 'invalid_token' },
      { token: mockToken({ room: 'r1', sub: 'y', exp: 1 }), code: 'token_expired' },
    ];
    for (const c of cases) {
      const p = await openPage(browser, mock.httpUrl, { token: c.token }, { name: c.code });
      try {
        await waitInPage(p, () => window.meetTest.state === 'error', undefined, { what: 'error state' });
        const st = await pageState(p);
        assert.equal(st.errorCode, c.code);
        assert.match(st.errorText, new RegExp(c.code));
      } finally {
        await closePage(p);
      }
    }
  });
});
