// The SDK and test page against a mock server (mock/): signaling order, subscriber offers and
// their mid -> track mapping, stats, leave, join errors. Needs Chromium, not `meet`.
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

  before(async () => {
    browser = await launchBrowser();
    mock = await startMockServer(browser);
  });

  after(async () => {
    for (const p of pages) await closePage(p);
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
