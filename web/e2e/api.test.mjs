// End-to-end test of the platform API (issue 3, "End to end"): a real `meet serve` with a known
// admin key; tenant, tenant key, meeting and join tokens made through the REST API; two headless
// Chromium pages join with the minted tokens; participants listed, removed and the meeting ended
// through the API. Run with `npm run test:e2e` in web/ (MEET_BIN points at the server binary).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  MeetServer,
  assertMediaGrows,
  assertSending,
  closePage,
  launchBrowser,
  openJoined,
  openPage,
  pageState,
  resultsDir,
  sleep,
  verifyToken,
  waitForMedia,
  waitInPage,
} from './harness.mjs';

const consoleLogs = [];

process.on('exit', () => {
  try {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'api-browser-console.log'), `${consoleLogs.join('\n')}\n`);
  } catch {
    // best effort
  }
});

// Admin keys look like tenant keys (docs/api.md "Authentication"): "mk_" + 32 base64url chars.
const adminKey = `mk_${randomBytes(24).toString('base64url')}`;

// One REST call; resolves with { status, body (parsed JSON or null), text }.
async function api(server, method, route, { key, body } = {}) {
  const headers = {};
  if (key !== undefined) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.httpUrl}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the assertion on the body shows the text
  }
  return { status: res.status, body: json, text };
}

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: answered ${res.status} ${res.text}`);
  return res.body;
}

// Polls `fn` until it returns a truthy value; returns it or throws with the last value seen.
async function until(fn, { timeout = 10000, interval = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last?.ok) return last.value;
    await sleep(interval);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${JSON.stringify(last?.value)}`);
}

async function failWithServerLog(server, fn) {
  try {
    return await fn();
  } catch (err) {
    const warn = server.grep(/warn|error|critical|fatal/i).slice(-25).join('\n');
    err.message += `\n--- ${server.name} log (warnings/errors, last 25) ---\n${warn}\n--- ${server.name} log tail ---\n${server.tail(25)}`;
    throw err;
  }
}

function waitDisconnected(p, reason) {
  return waitInPage(
    p,
    (r) => window.meetTest.events.some((e) => e.type === 'disconnected' && e.reason === r),
    reason,
    { timeout: 8000, what: `disconnected(${reason})` },
  );
}

// Opens the page at a join_url the API returned and waits until it joined and published.
function joinAt(browser, joinUrl, name) {
  const url = new URL(joinUrl);
  return openJoined(browser, url.origin, url.searchParams.get('token'), name);
}

describe('platform API end to end', () => {
  // Debug logging: the most the server ever writes, for the secrets check of step (8).
  const server = new MeetServer({ extraArgs: ['--admin-key', adminKey, '--log-level', 'debug'] });
  let browser;
  let pages = [];
  // Filled in by the steps, in order.
  const s = {};

  before(async () => {
    await server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const p of pages) {
      consoleLogs.push(...p.console);
      await closePage(p);
    }
    await browser?.close().catch(() => {});
    await server.stop();
  });

  test('(1) the admin creates a tenant and a tenant key (secret shown once)', { timeout: 15000 }, async () => {
    await failWithServerLog(server, async () => {
      const tenant = expectStatus(
        await api(server, 'POST', '/api/v1/tenants', { key: adminKey, body: { name: 'E2E Corp' } }),
        201,
        'create tenant',
      );
      assert.match(tenant.id, /^tn_/);
      assert.equal(tenant.name, 'E2E Corp');
      const created = expectStatus(
        await api(server, 'POST', `/api/v1/tenants/${tenant.id}/keys`, { key: adminKey, body: { name: 'backend' } }),
        201,
        'create tenant key',
      );
      assert.match(created.secret, /^mk_[A-Za-z0-9_-]{32}$/, `secret ${created.secret}`);
      assert.match(created.key.id, /^key_/);
      assert.equal(created.key.prefix, created.secret.slice(0, 9));
      // The list shows the key by its prefix, never its secret.
      const keys = expectStatus(await api(server, 'GET', `/api/v1/tenants/${tenant.id}/keys`, { key: adminKey }), 200, 'list keys');
      assert.equal(keys.items.length, 1);
      assert.equal(keys.items[0].id, created.key.id);
      assert.ok(!JSON.stringify(keys).includes(created.secret), `the key list carries the secret: ${JSON.stringify(keys)}`);
      // Each key only opens its own kind of route.
      expectStatus(await api(server, 'GET', '/api/v1/tenants', { key: created.secret }), 403, 'tenant key on an admin route');
      expectStatus(await api(server, 'GET', '/api/v1/meetings', { key: adminKey }), 403, 'admin key on a tenant route');
      s.tenant = tenant;
      s.key = created.secret;
    });
  });

  test('(2) the tenant creates a meeting and mints a host and a guest token', { timeout: 15000 }, async () => {
    assert.ok(s.key, 'needs the tenant key of (1)');
    await failWithServerLog(server, async () => {
      const meeting = expectStatus(
        await api(server, 'POST', '/api/v1/meetings', {
          key: s.key,
          body: { title: 'E2E sync', settings: { lobby: false, max_participants: 10, features: ['chat'] } },
        }),
        201,
        'create meeting',
      );
      assert.match(meeting.id, /^mtg_/);
      assert.equal(meeting.status, 'scheduled');
      s.meeting = meeting;
      const mint = async (identity, name, role) => {
        const t = expectStatus(
          await api(server, 'POST', `/api/v1/meetings/${meeting.id}/tokens`, { key: s.key, body: { identity, name, role, ttl: 600 } }),
          201,
          `mint ${role} token`,
        );
        assert.equal(t.role, role);
        assert.equal(t.identity, identity);
        assert.ok(t.join_url.includes(t.token), `join_url ${t.join_url} does not carry the token`);
        assert.equal(new URL(t.join_url).searchParams.get('token'), t.token);
        assert.equal(new URL(t.join_url).origin, server.httpUrl);
        const claims = verifyToken(t.token, server.secret);
        assert.equal(claims.room, meeting.id);
        assert.equal(claims.sub, identity);
        assert.equal(claims.name, name);
        assert.equal(claims.iss, s.tenant.id);
        assert.equal(claims.grants.moderator, role === 'host', `grants ${JSON.stringify(claims.grants)}`);
        assert.ok(Math.abs(t.expires_at - claims.exp * 1000) < 1000, `expires_at ${t.expires_at} vs exp ${claims.exp}`);
        return t;
      };
      s.hostToken = await mint('host-1', 'Hana Host', 'host');
      s.guestToken = await mint('guest-1', 'Gus Guest', 'guest');
    });
  });

  test('(3) two pages join with the minted tokens and decode each other', { timeout: 60000 }, async () => {
    assert.ok(s.guestToken, 'needs the tokens of (2)');
    await failWithServerLog(server, async () => {
      pages = await Promise.all([joinAt(browser, s.hostToken.join_url, 'host'), joinAt(browser, s.guestToken.join_url, 'guest')]);
      const [host, guest] = pages;
      for (const p of pages) {
        const roomId = await p.page.evaluate(() => window.meetTest.room.id);
        assert.equal(roomId, s.meeting.id, `${p.name} joined room ${roomId}`);
      }
      await Promise.all([waitForMedia(host, [guest.participantId]), waitForMedia(guest, [host.participantId])]);
      await assertMediaGrows(host, [guest.participantId]);
      await assertMediaGrows(guest, [host.participantId]);
      const m = expectStatus(await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}`, { key: s.key }), 200, 'get meeting');
      assert.equal(m.status, 'live');
      assert.ok(m.started_at > 0, `started_at ${m.started_at}`);
    });
  });

  test('(4) the API lists both participants with their audio and video tracks', { timeout: 20000 }, async () => {
    assert.equal(pages.length, 2, 'needs the pages of (3)');
    await failWithServerLog(server, async () => {
      const [host, guest] = pages;
      const expected = [
        { id: host.participantId, identity: 'host-1', name: 'Hana Host' },
        { id: guest.participantId, identity: 'guest-1', name: 'Gus Guest' },
      ];
      const list = await until(
        async () => {
          const res = await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}/participants`, { key: s.key });
          const ok =
            res.status === 200 &&
            res.body.total === 2 &&
            expected.every((e) => {
              const p = res.body.items.find((i) => i.id === e.id);
              return p && ['audio', 'video'].every((k) => p.tracks.some((t) => t.kind === k));
            });
          return { ok, value: res.body ?? res.text };
        },
        { what: 'both participants with audio and video tracks' },
      );
      assert.equal(list.items.length, 2);
      for (const e of expected) {
        const p = list.items.find((i) => i.id === e.id);
        assert.equal(p.identity, e.identity);
        assert.equal(p.name, e.name);
        assert.ok(p.joined_at > 0, `joined_at ${p.joined_at}`);
        for (const t of p.tracks) {
          assert.equal(typeof t.id, 'string');
          assert.equal(t.muted, false, `${e.identity} track ${JSON.stringify(t)} is muted`);
        }
      }
      // The track ids are those the other page subscribed to.
      const seen = await host.page.evaluate(
        (pid) => [...window.meetTest.room.participants.get(pid).tracks.values()].map((t) => t.id).sort(),
        guest.participantId,
      );
      const listed = list.items.find((i) => i.id === guest.participantId).tracks.map((t) => t.id).sort();
      assert.deepEqual(listed, seen, 'the API and the host page disagree on the guest tracks');
    });
  });

  test('(4b) host and guest chat; the API lists the messages; screen sharing is off', { timeout: 20000 }, async () => {
    assert.equal(pages.length, 2, 'needs the pages of (3)');
    await failWithServerLog(server, async () => {
      const [host, guest] = pages;
      const text = `Hello from Hana <b>&</b> ${randomBytes(3).toString('hex')}`;
      await host.page.evaluate((t) => window.meetTest.room.sendChat(t), text);
      await guest.page.evaluate((t) => window.meetTest.room.sendChat(t), 'Hi Hana');
      for (const p of pages) {
        await waitInPage(
          p,
          (t) => {
            const lines = window.meetTest.room.chatMessages.map((m) => `${m.identity}: ${m.text}`);
            return lines.includes(`host-1: ${t}`) && lines.includes('guest-1: Hi Hana');
          },
          text,
          { timeout: 5000, what: 'both chat messages' },
        );
      }
      const shown = await guest.page.evaluate(() => document.body.innerText);
      assert.ok(shown.includes(text), 'the guest page does not show the host message as text');
      const history = expectStatus(await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}/chat`, { key: s.key }), 200, 'chat history');
      assert.deepEqual(
        history.items.map((m) => [m.identity, m.name, m.text]),
        [
          ['host-1', 'Hana Host', text],
          ['guest-1', 'Gus Guest', 'Hi Hana'],
        ],
      );
      // The meeting's features are ['chat']: publishing a screen source is refused.
      const features = await guest.page.evaluate(() => window.meetTest.room.features);
      assert.deepEqual(features, ['chat']);
      const screen = await guest.page.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        return window.meetTest.room.publish(stream, { source: 'screen' }).then(() => 'ok', (e) => e.code);
      });
      assert.equal(screen, 'not_allowed');
      await assertMediaGrows(host, [guest.participantId], 1000);
    });
  });

  test('(5) over signaling the guest cannot do a host action (not_allowed)', { timeout: 15000 }, async () => {
    assert.equal(pages.length, 2, 'needs the pages of (3)');
    await failWithServerLog(server, async () => {
      const [host, guest] = pages;
      const audioId = await guest.page.evaluate(
        (pid) => [...window.meetTest.room.participants.get(pid).tracks.values()].find((t) => t.kind === 'audio')?.id,
        host.participantId,
      );
      assert.ok(audioId, 'the guest does not know the host audio track id');
      const denied = await guest.page.evaluate(
        ([pid, tid]) => window.meetTest.room.muteParticipant(pid, tid).then(() => 'ok', (e) => e.code),
        [host.participantId, audioId],
      );
      assert.equal(denied, 'not_allowed');
      const removeDenied = await guest.page.evaluate(
        (pid) => window.meetTest.room.removeParticipant(pid).then(() => 'ok', (e) => e.code),
        host.participantId,
      );
      assert.equal(removeDenied, 'not_allowed');
      // Nothing changed: the host's audio is not muted and both are still in.
      const res = expectStatus(
        await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}/participants`, { key: s.key }),
        200,
        'list participants',
      );
      assert.equal(res.total, 2);
      const hostAudio = res.items.find((i) => i.id === host.participantId).tracks.find((t) => t.id === audioId);
      assert.equal(hostAudio?.muted, false, `host audio after the refused mute: ${JSON.stringify(hostAudio)}`);
      await assertMediaGrows(guest, [host.participantId], 1000);
    });
  });

  test('(5b) an API mute reaches the guest page, which stops sending; unmuting is its own act', { timeout: 30000 }, async () => {
    assert.equal(pages.length, 2, 'needs the pages of (3)');
    await failWithServerLog(server, async () => {
      const [host, guest] = pages;
      const route = `/api/v1/meetings/${s.meeting.id}/participants/${guest.participantId}/mute`;
      await assertSending(guest, 'audio', true);
      const muted = expectStatus(await api(server, 'POST', route, { key: s.key, body: {} }), 200, 'API mute');
      assert.equal(muted.tracks.length, 1, `muted ${JSON.stringify(muted)}`);
      const audioId = muted.tracks[0];
      // The guest's SDK says muted, by the API, and nothing leaves its browser.
      await waitInPage(
        guest,
        (tid) => window.meetTest.events.some((e) => e.type === 'localTrackMuted' && e.trackId === tid && e.by === 'api'),
        audioId,
        { timeout: 5000, what: 'localTrackMuted by the API' },
      );
      const local = await guest.page.evaluate(
        (tid) => window.meetTest.room.localTracks.find((t) => t.trackId === tid)?.muted,
        audioId,
      );
      assert.equal(local, true, 'the guest SDK does not say muted');
      await assertSending(guest, 'audio', false);
      await assertSending(guest, 'video', true);
      // muted:false only asks: still muted, still silent, the guest page got the request.
      const asked = expectStatus(await api(server, 'POST', route, { key: s.key, body: { muted: false } }), 202, 'API unmute request');
      assert.equal(asked.unmute_requested, true);
      await waitInPage(
        guest,
        (tid) => window.meetTest.events.some((e) => e.type === 'unmuteRequested' && e.trackId === tid && e.by === 'api'),
        audioId,
        { timeout: 5000, what: 'unmuteRequested' },
      );
      const list = expectStatus(await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}/participants`, { key: s.key }), 200, 'list');
      const track = list.items.find((i) => i.id === guest.participantId).tracks.find((t) => t.id === audioId);
      assert.equal(track.muted, true, 'the API unmuted a microphone without its owner');
      await assertSending(guest, 'audio', false, { settleMs: 0 });
      // The guest unmutes itself: it sends again and the host hears it.
      await guest.page.evaluate((tid) => window.meetTest.room.setMuted(tid, false), audioId);
      await assertSending(guest, 'audio', true);
      await assertMediaGrows(host, [guest.participantId], 1000);
    });
  });

  test('(6) removing the guest through the API disconnects it (removed)', { timeout: 20000 }, async () => {
    assert.equal(pages.length, 2, 'needs the pages of (3)');
    await failWithServerLog(server, async () => {
      const [host, guest] = pages;
      const route = `/api/v1/meetings/${s.meeting.id}/participants`;
      expectStatus(await api(server, 'DELETE', `${route}/${guest.participantId}`, { key: s.key }), 204, 'remove guest');
      await waitDisconnected(guest, 'removed');
      await waitInPage(
        host,
        (id) => window.meetTest.events.some((e) => e.type === 'participantLeft' && e.participantId === id),
        guest.participantId,
        { timeout: 5000, what: 'participantLeft of the removed guest' },
      );
      const list = await until(
        async () => {
          const res = await api(server, 'GET', route, { key: s.key });
          return { ok: res.status === 200 && res.body.total === 1, value: res.body ?? res.text };
        },
        { timeout: 5000, what: 'the list to shrink to one' },
      );
      assert.deepEqual(
        list.items.map((i) => i.id),
        [host.participantId],
      );
      // Removing again: no such participant.
      const again = await api(server, 'DELETE', `${route}/${guest.participantId}`, { key: s.key });
      assert.equal(again.status, 404, `second removal: ${again.status} ${again.text}`);
      assert.equal(again.body?.error?.code, 'not_found');
      const state = await pageState(host);
      assert.equal(state.state, 'joined', `the host left too: ${JSON.stringify(state)}`);
    });
  });

  test('(7) ending the meeting disconnects the host (room_ended); it stays closed', { timeout: 30000 }, async () => {
    assert.equal(pages.length, 2, 'needs the pages of (3)');
    await failWithServerLog(server, async () => {
      const [host] = pages;
      // Minted while the meeting is still open, used after it ended.
      const late = expectStatus(
        await api(server, 'POST', `/api/v1/meetings/${s.meeting.id}/tokens`, {
          key: s.key,
          body: { identity: 'late-1', role: 'guest' },
        }),
        201,
        'mint a token before the end',
      );
      const ended = expectStatus(await api(server, 'POST', `/api/v1/meetings/${s.meeting.id}/end`, { key: s.key }), 200, 'end meeting');
      assert.equal(ended.status, 'ended');
      assert.equal(ended.disconnected, 1, `disconnected ${ended.disconnected}`);
      assert.ok(ended.ended_at > 0, `ended_at ${ended.ended_at}`);
      await waitDisconnected(host, 'room_ended');

      const list = await until(
        async () => {
          const res = await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}/participants`, { key: s.key });
          return { ok: res.status === 200 && res.body.total === 0, value: res.body ?? res.text };
        },
        { timeout: 5000, what: 'an empty participant list' },
      );
      assert.deepEqual(list.items, []);

      // No new tokens (docs/api.md: 409 meeting_ended) ...
      const refused = await api(server, 'POST', `/api/v1/meetings/${s.meeting.id}/tokens`, {
        key: s.key,
        body: { identity: 'later-1', role: 'host' },
      });
      assert.equal(refused.status, 409, `token after the end: ${refused.status} ${refused.text}`);
      assert.equal(refused.body?.error?.code, 'meeting_ended');
      // ... and a token minted before the end is refused at join (room_closed).
      const url = new URL(late.join_url);
      const p = await openPage(browser, url.origin, { token: url.searchParams.get('token') }, { name: 'late' });
      pages.push(p);
      await waitInPage(p, () => window.meetTest && window.meetTest.state === 'error', undefined, {
        timeout: 10000,
        what: 'state error',
      });
      const st = await pageState(p);
      assert.equal(st.errorCode, 'room_closed', `late page: ${JSON.stringify(st)}`);

      // The meeting stays ended, and its session history says why each one left.
      const m = expectStatus(await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}`, { key: s.key }), 200, 'get meeting');
      assert.equal(m.status, 'ended');
      const sessions = await until(
        async () => {
          const res = await api(server, 'GET', `/api/v1/meetings/${s.meeting.id}/sessions`, { key: s.key });
          const items = res.body?.items ?? [];
          return { ok: res.status === 200 && items.length === 2 && items.every((i) => i.left_at), value: res.body ?? res.text };
        },
        { timeout: 5000, what: 'two closed sessions' },
      );
      const reasons = Object.fromEntries(sessions.items.map((i) => [i.identity, i.leave_reason]));
      assert.deepEqual(reasons, { 'host-1': 'room_ended', 'guest-1': 'removed' });
    });
  });

  test('(8) no key, token or signing secret reaches the server log', { timeout: 10000 }, async () => {
    assert.ok(s.key && s.hostToken && s.guestToken, 'needs the keys and tokens of the earlier steps');
    // The lines were written at debug level while every step above ran.
    assert.ok(server.lines.length > 20, `only ${server.lines.length} log lines`);
    const secrets = {
      'admin key': adminKey,
      'tenant key': s.key,
      'host token': s.hostToken.token,
      'guest token': s.guestToken.token,
      'token signature': s.hostToken.token.split('.')[2],
      'token secret': server.secret,
    };
    const leaks = Object.entries(secrets)
      .filter(([, value]) => server.lines.some((line) => line.includes(value)))
      .map(([what]) => what);
    assert.deepEqual(leaks, [], `secrets in the server log: ${leaks.join(', ')}`);
  });
});

describe('meeting lobby', () => {
  const server = new MeetServer({ extraArgs: ['--admin-key', adminKey] });
  let browser;
  const pages = [];

  before(async () => {
    await server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const p of pages) {
      consoleLogs.push(...p.console);
      await closePage(p);
    }
    await browser?.close().catch(() => {});
    await server.stop();
  });

  // Opens a page with a minted token and waits until it shows `state`.
  async function openAt(t, name, state) {
    const url = new URL(t.join_url);
    const p = await openPage(browser, url.origin, { token: url.searchParams.get('token') }, { name });
    pages.push(p);
    await waitInPage(p, (st) => window.meetTest && window.meetTest.state === st, state, { timeout: 15000, what: `state ${state}` });
    return p;
  }

  function waitingIds(host) {
    return host.page.evaluate(() => window.meetTest.room.lobby.map((w) => `${w.identity}:${w.id}`));
  }

  test('guests wait until the host admits or denies them; ending the meeting releases the rest', { timeout: 90000 }, async () => {
    await failWithServerLog(server, async () => {
      const tenant = expectStatus(await api(server, 'POST', '/api/v1/tenants', { key: adminKey, body: { name: 'Lobby Inc' } }), 201, 'tenant');
      const key = expectStatus(await api(server, 'POST', `/api/v1/tenants/${tenant.id}/keys`, { key: adminKey, body: { name: 'k' } }), 201, 'key').secret;
      const meeting = expectStatus(
        await api(server, 'POST', '/api/v1/meetings', { key, body: { title: 'Gated', settings: { lobby: true } } }),
        201,
        'meeting',
      );
      const mint = async (identity, role) =>
        expectStatus(
          await api(server, 'POST', `/api/v1/meetings/${meeting.id}/tokens`, { key, body: { identity, name: identity.toUpperCase(), role } }),
          201,
          `token for ${identity}`,
        );

      // A guest that comes first waits; the host enters directly and sees it in joined.room.lobby.
      const early = await openAt(await mint('early', 'guest'), 'early', 'lobby');
      const host = await joinAt(browser, (await mint('host', 'host')).join_url, 'host');
      pages.push(host);
      assert.deepEqual((await waitingIds(host)).map((w) => w.split(':')[0]), ['early']);
      // Waiting is not joining: nobody sees it and the API does not list it.
      const listed = expectStatus(await api(server, 'GET', `/api/v1/meetings/${meeting.id}/participants`, { key }), 200, 'participants');
      assert.deepEqual(listed.items.map((i) => i.identity), ['host']);

      // Admitted: the guest joins and both decode each other.
      const earlyId = (await waitingIds(host))[0].split(':')[1];
      await host.page.evaluate((id) => window.meetTest.room.admit(id), earlyId);
      await waitInPage(early, () => window.meetTest.state === 'joined' && window.meetTest.published, undefined, {
        timeout: 15000,
        what: 'joined after admission',
      });
      early.participantId = await early.page.evaluate(() => window.meetTest.room.localParticipant.id);
      assert.equal(early.participantId, earlyId, 'the admitted participant keeps its lobby id');
      await Promise.all([waitForMedia(host, [early.participantId]), waitForMedia(early, [host.participantId])]);
      assert.deepEqual(await waitingIds(host), []);

      // A guest arriving while the host is in: lobby_request, then denied.
      const late = await openAt(await mint('late', 'guest'), 'late', 'lobby');
      await waitInPage(host, () => window.meetTest.events.some((e) => e.type === 'lobbyRequest'), undefined, {
        timeout: 5000,
        what: 'lobbyRequest',
      });
      // A guest cannot decide for the lobby.
      const lateId = (await waitingIds(host)).find((w) => w.startsWith('late:')).split(':')[1];
      const refused = await early.page.evaluate((id) => window.meetTest.room.admit(id).then(() => 'ok', (e) => e.code), lateId);
      assert.equal(refused, 'not_allowed');
      await host.page.evaluate((id) => window.meetTest.room.deny(id), lateId);
      await waitInPage(late, () => window.meetTest.state === 'error', undefined, { timeout: 5000, what: 'state error' });
      assert.equal((await pageState(late)).errorCode, 'lobby_denied');

      // One more waits; ending the meeting disconnects it with the others.
      const last = await openAt(await mint('last', 'guest'), 'last', 'lobby');
      expectStatus(await api(server, 'POST', `/api/v1/meetings/${meeting.id}/end`, { key }), 200, 'end');
      for (const p of [host, early]) await waitDisconnected(p, 'room_ended');
      await waitInPage(
        last,
        () => window.meetTest.state === 'error' || window.meetTest.events.some((e) => e.type === 'disconnected'),
        undefined,
        { timeout: 8000, what: 'the waiting page released' },
      );
      const st = await pageState(last);
      assert.ok(st.errorCode === 'room_ended' || st.events.some((e) => e.reason === 'room_ended'), `last page: ${JSON.stringify(st)}`);
    });
  });
});
