// Browser end-to-end tests: real `meet serve`, headless Chromium pages running the test page
// (web/public) with fake camera and microphone. Run with `npm run test:e2e` in web/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  MeetServer,
  allGrants,
  closePage,
  counterSamples,
  launchBrowser,
  openJoined,
  openPage,
  assertMediaGrows,
  assertSending,
  othersOf,
  pageState,
  resultsDir,
  runMeet,
  sendDatagrams,
  signToken,
  sleep,
  verifyToken,
  waitForMedia,
  waitInPage,
} from './harness.mjs';


const consoleLogs = [];

function saveConsole(pages) {
  for (const p of pages) consoleLogs.push(...p.console);
}

process.on('exit', () => {
  try {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'browser-console.log'), `${consoleLogs.join('\n')}\n`);
  } catch {
    // best effort
  }
});

function joinPage(browser, server, { room, identity, name }) {
  return openJoined(browser, server.httpUrl, server.token({ room, identity, name: name ?? identity }), identity);
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

describe('meet token', () => {
  test('prints only a HS256 token signed with --secret carrying the claims', { timeout: 15000 }, async () => {
    const secret = randomBytes(16).toString('hex');
    const res = await runMeet(['token', '--room', 'r-cli', '--identity', 'cli-user', '--name', 'Cli User', '--secret', secret, '--ttl', '600']);
    assert.equal(res.code, 0, `meet token failed: ${res.stderr}`);
    const token = res.stdout.trim();
    assert.equal(token.split('\n').length, 1, `stdout is more than the token: ${res.stdout}`);
    const claims = verifyToken(token, secret);
    assert.equal(claims.room, 'r-cli');
    assert.equal(claims.sub, 'cli-user');
    assert.equal(claims.name, 'Cli User');
    const now = Date.now() / 1000;
    assert.ok(claims.exp > now + 500 && claims.exp < now + 700, `exp ${claims.exp} is not now+600`);
  });
});

describe('call over UDP', () => {
  const server = new MeetServer();
  let browser;
  let pages = [];
  const room = `room-${randomBytes(3).toString('hex')}`;

  before(async () => {
    await server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    saveConsole(pages);
    for (const p of pages) await closePage(p);
    await browser?.close().catch(() => {});
    await server.stop();
  });

  test('(a) three pages decode each other’s video and audio', { timeout: 90000 }, async () => {
    await failWithServerLog(server, async () => {
      pages = await Promise.all(
        ['alice', 'bob', 'carol'].map((identity) => joinPage(browser, server, { room, identity, name: identity.toUpperCase() })),
      );
      const ids = pages.map((p) => p.participantId);
      assert.equal(new Set(ids).size, 3, `participant ids are not distinct: ${ids}`);
      await Promise.all(pages.map((p) => waitForMedia(p, othersOf(pages, p))));
      for (const p of pages) await assertMediaGrows(p, othersOf(pages, p));
      // Each remote track's sender reports reach the receiver (Chromium builds remote-outbound-rtp
      // stats from them and uses them to play audio and video in sync).
      await waitInPage(
        pages[0],
        async () => {
          const reports = [];
          (await window.meetTest.room.subscriber.getStats()).forEach((s) => {
            if (s.type === 'remote-outbound-rtp' && s.reportsSent > 0) reports.push(s.kind);
          });
          return reports.filter((k) => k === 'audio').length >= 2 && reports.filter((k) => k === 'video').length >= 2;
        },
        undefined,
        { timeout: 15000, interval: 500, what: 'sender reports for the audio and video of both others' },
      );
      // The tiles carry the names from the tokens.
      const names = await pages[0].page.evaluate(() => [...document.querySelectorAll('.tile:not(.local) .name')].map((e) => e.textContent));
      assert.deepEqual(names.sort(), ['BOB', 'CAROL']);
    });
  });

  test('(b) a page leaves: the others see participantLeft and keep their media', { timeout: 60000 }, async () => {
    assert.equal(pages.length, 3, 'needs the pages of (a)');
    await failWithServerLog(server, async () => {
      const [a, b, c] = pages;
      await c.page.evaluate(() => window.meetTest.room.leave());
      for (const p of [a, b]) {
        await waitInPage(
          p,
          (id) => window.meetTest.events.some((e) => e.type === 'participantLeft' && e.participantId === id),
          c.participantId,
          { timeout: 5000, what: `participantLeft of ${c.participantId}` },
        );
      }
      saveConsole([c]);
      await closePage(c);
      pages = [a, b];
      await assertMediaGrows(a, [b.participantId]);
      await assertMediaGrows(b, [a.participantId]);
      const left = await a.page.evaluate((id) => window.meetTest.room.participants.has(id), c.participantId);
      assert.equal(left, false, 'the left participant is still in room.participants');
    });
  });

  test('(e) malformed datagrams during a call are dropped and counted', { timeout: 60000 }, async (t) => {
    assert.equal(pages.length, 2, 'needs the two pages of (b)');
    await failWithServerLog(server, async () => {
      const before = await server.metrics();
      assert.equal(before.status, 200, `/metrics answered ${before.status}`);
      const dropsBefore = counterSamples(before.text, 'meet_packets_dropped_total');

      const datagrams = [];
      // STUN binding request (RFC 5389 section 6) cut after 10 of its 20 header bytes.
      const stun = Buffer.alloc(20 + 8);
      stun.writeUInt16BE(0x0001, 0); // Binding request
      stun.writeUInt16BE(8, 2); // message length
      stun.writeUInt32BE(0x2112a442, 4); // magic cookie
      randomBytes(12).copy(stun, 8); // transaction id
      stun.writeUInt16BE(0x0024, 20); // PRIORITY
      stun.writeUInt16BE(4, 22);
      stun.writeUInt32BE(0x6e0001ff, 24);
      datagrams.push(stun.subarray(0, 10));
      // RTP (RFC 3550 section 5.1): V=2, CC=15 -> 60 bytes of CSRC list, but 4 bytes follow.
      const rtp = Buffer.alloc(16);
      rtp[0] = 0x80 | 0x0f;
      rtp[1] = 96; // PT
      rtp.writeUInt16BE(4242, 2); // sequence number
      rtp.writeUInt32BE(123456, 4); // timestamp
      rtp.writeUInt32BE(0xdeadbeef, 8); // SSRC
      datagrams.push(rtp);
      // 1000 datagrams of random bytes and lengths.
      for (let i = 0; i < 1000; i++) datagrams.push(randomBytes(1 + Math.floor(Math.random() * 1200)));
      // DTLS 1.2 handshake record (RFC 6347 section 4.1) from an address the server never saw.
      const dtls = Buffer.alloc(13 + 12);
      dtls[0] = 22; // content type: handshake
      dtls[1] = 0xfe; // version 1.2 = {254, 253}
      dtls[2] = 0xfd;
      dtls.writeUInt16BE(0, 3); // epoch
      dtls.writeUIntBE(0, 5, 6); // sequence number
      dtls.writeUInt16BE(12, 11); // length
      dtls[13] = 1; // ClientHello, truncated body
      datagrams.push(dtls);

      await sendDatagrams(server.udpPort, datagrams);
      await sleep(500);

      const [a, b] = pages;
      await assertMediaGrows(a, [b.participantId]);
      await assertMediaGrows(b, [a.participantId]);

      const afterM = await server.metrics();
      const dropsAfter = counterSamples(afterM.text, 'meet_packets_dropped_total');
      assert.ok(
        dropsAfter.total > dropsBefore.total,
        `meet_packets_dropped_total did not grow: before ${JSON.stringify(dropsBefore.samples)} after ${JSON.stringify(dropsAfter.samples)}`,
      );
      const labelled = Object.keys(dropsAfter.samples).filter((k) => k.length > 0);
      assert.ok(labelled.length > 0, `meet_packets_dropped_total has no labels (cause): ${JSON.stringify(dropsAfter.samples)}`);
      t.diagnostic(`drops: ${JSON.stringify(dropsAfter.samples)}`);
    });
  });

  test('(c) bad tokens: invalid_token and token_expired shown, no media', { timeout: 45000 }, async () => {
    await failWithServerLog(server, async () => {
      const wrongSig = signToken({ secret: `${server.secret}x`, room, identity: 'mallory' });
      const now = Math.floor(Date.now() / 1000);
      const expired = server.token({ room, identity: 'late', exp: now - 120 });
      const cases = [
        { identity: 'mallory', token: wrongSig, code: 'invalid_token' },
        { identity: 'late', token: expired, code: 'token_expired' },
      ];
      const bad = await Promise.all(cases.map((c) => openPage(browser, server.httpUrl, { token: c.token }, { name: c.identity })));
      try {
        for (let i = 0; i < cases.length; i++) {
          const p = bad[i];
          await waitInPage(p, () => window.meetTest && window.meetTest.state === 'error', undefined, {
            timeout: 15000,
            what: 'state error',
          });
          const st = await pageState(p);
          assert.equal(st.errorCode, cases[i].code, `${p.name}: ${JSON.stringify(st)}`);
          assert.ok(st.errorText.includes(cases[i].code), `#error shows "${st.errorText}"`);
          const media = await p.page.evaluate(async () => ({
            stats: await window.meetTest.stats(),
            videos: [...document.querySelectorAll('video')].filter((v) => v.srcObject).length,
          }));
          assert.deepEqual(media, { stats: [], videos: 0 }, `${p.name} got media`);
        }
        // The members of the room never saw them.
        for (const p of pages) {
          const joined = await p.page.evaluate(
            () => window.meetTest.events.filter((e) => e.type === 'participantJoined').map((e) => e.name),
          );
          assert.ok(!joined.includes('mallory') && !joined.includes('late'), `${p.name} saw ${joined}`);
        }
      } finally {
        saveConsole(bad);
        for (const p of bad) await closePage(p);
      }
    });
  });

  test('(f) a moderator mutes a track and removes a participant', { timeout: 60000 }, async () => {
    await failWithServerLog(server, async () => {
      const modRoom = `mod-${randomBytes(3).toString('hex')}`;
      const modToken = server.token({ room: modRoom, identity: 'mod', grants: { ...allGrants, moderator: true } });
      const mod = await openJoined(browser, server.httpUrl, modToken, 'mod');
      const guest = await openJoined(browser, server.httpUrl, server.token({ room: modRoom, identity: 'guest' }), 'guest');
      const extra = [mod, guest];
      try {
        await waitForMedia(mod, [guest.participantId]);
        const audioId = await mod.page.evaluate(
          (pid) => [...window.meetTest.room.participants.get(pid).tracks.values()].find((t) => t.kind === 'audio')?.id,
          guest.participantId,
        );
        assert.ok(audioId, 'the moderator does not know the guest audio track id');
        // A guest has no moderator grant.
        const denied = await guest.page.evaluate(
          ([pid, tid]) => window.meetTest.room.muteParticipant(pid, tid).then(() => 'ok', (e) => e.code),
          [mod.participantId, audioId],
        );
        assert.equal(denied, 'not_allowed');
        await mod.page.evaluate(([pid, tid]) => window.meetTest.room.muteParticipant(pid, tid), [guest.participantId, audioId]);
        for (const p of extra) {
          await waitInPage(
            p,
            ([tid, by]) => window.meetTest.events.some((e) => e.type === 'trackMuted' && e.trackId === tid && e.muted && e.by === by),
            [audioId, mod.participantId],
            { timeout: 5000, what: `trackMuted of ${audioId} by the moderator` },
          );
        }
        // The muted guest's SDK says so and its browser stops sending the microphone.
        await waitInPage(
          guest,
          ([tid, by]) => window.meetTest.events.some((e) => e.type === 'localTrackMuted' && e.trackId === tid && e.by === by),
          [audioId, mod.participantId],
          { timeout: 5000, what: 'localTrackMuted on the guest page' },
        );
        await assertSending(guest, 'audio', false);
        // A moderator can only ask to unmute: the guest is asked, and stays silent.
        await mod.page.evaluate(([pid, tid]) => window.meetTest.room.askToUnmute(pid, tid), [guest.participantId, audioId]);
        await waitInPage(
          guest,
          (tid) => window.meetTest.events.some((e) => e.type === 'unmuteRequested' && e.trackId === tid),
          audioId,
          { timeout: 5000, what: 'unmuteRequested on the guest page' },
        );
        await assertSending(guest, 'audio', false, { settleMs: 0 });
        await mod.page.evaluate((pid) => window.meetTest.room.removeParticipant(pid), guest.participantId);
        await waitInPage(
          guest,
          () => window.meetTest.events.some((e) => e.type === 'disconnected' && e.reason === 'removed'),
          undefined,
          { timeout: 5000, what: 'disconnected(removed)' },
        );
        await waitInPage(
          mod,
          (id) => window.meetTest.events.some((e) => e.type === 'participantLeft' && e.participantId === id),
          guest.participantId,
          { timeout: 5000, what: 'participantLeft of the removed guest' },
        );
      } finally {
        saveConsole(extra);
        for (const p of extra) await closePage(p);
      }
    });
  });
  test('(g) a publisher offering three simulcast layers is answered with them and decodes', { timeout: 60000 }, async () => {
    await failWithServerLog(server, async () => {
      // The SDK asks for three rid layers on its camera (q, h, f); the answer must accept them
      // (a=simulcast:recv and a=rid ... recv), the browser then sends every layer the camera
      // size allows, and the subscriber decodes the one the server forwards.
      const recordAnswers = () => {
        window.remoteAnswers = [];
        const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
        RTCPeerConnection.prototype.setRemoteDescription = function (desc) {
          if (desc?.type === 'answer') window.remoteAnswers.push(desc.sdp);
          return setRemote.call(this, desc);
        };
      };
      const scRoom = `sc-${randomBytes(3).toString('hex')}`;
      const pub = await openJoined(browser, server.httpUrl, server.token({ room: scRoom, identity: 'layers' }), 'layers', 15000, recordAnswers);
      const sub = await joinPage(browser, server, { room: scRoom, identity: 'viewer' });
      const extra = [pub, sub];
      try {
        const offeredRids = await pub.page.evaluate(() => window.meetTest.room.publisher.localDescription.sdp.match(/a=rid:/g)?.length ?? 0);
        assert.equal(offeredRids, 3, 'the publisher did not offer three rid layers');
        const answers = await pub.page.evaluate(() => window.remoteAnswers);
        assert.ok(answers.length >= 1, 'the publisher got no answer');
        const last = answers[answers.length - 1];
        assert.match(last, /a=simulcast:recv q;h;f/, `the answer does not accept the layers:\n${last}`);
        assert.equal(last.match(/a=rid:[a-z]+ recv/g)?.length, 3, `the answer does not echo three rids:\n${last}`);
        await waitForMedia(sub, [pub.participantId]);
        await assertMediaGrows(sub, [pub.participantId]);
        // More than one layer really leaves the browser (its 640x360 camera gives at least two).
        const sending = await pub.page.evaluate(async () => {
          const rids = [];
          (await window.meetTest.room.publisher.getStats()).forEach((s) => {
            if (s.type === 'outbound-rtp' && s.kind === 'video' && s.bytesSent > 0) rids.push(s.rid);
          });
          return rids;
        });
        assert.ok(sending.length >= 2, `layers sent: ${JSON.stringify(sending)}`);
        // The server says which one it forwards to the viewer.
        const stats = await sub.page.evaluate(() => window.meetTest.room.getServerStats());
        const video = stats.tracks.find((t) => t.kind === 'video');
        assert.ok(video && video.layer >= 0, `server stats: ${JSON.stringify(stats)}`);
      } finally {
        saveConsole(extra);
        for (const p of extra) await closePage(p);
      }
    });
  });

  test('(h) a publisher leaves and rejoins 5 times: the viewer sees each and its offer stays at 2 m-lines', { timeout: 150000 }, async () => {
    await failWithServerLog(server, async () => {
      // The server reuses an m-line answered inactive for the next track of its kind
      // (docs/protocol.md, `offer`), so the staying viewer's subscriber connection keeps one
      // audio and one video m-line however often the other one comes back.
      const reRoom = `re-${randomBytes(3).toString('hex')}`;
      const viewer = await joinPage(browser, server, { room: reRoom, identity: 'stayer' });
      const extra = [viewer];
      const mlines = () => viewer.page.evaluate(() => (window.meetTest.room.subscriber.remoteDescription?.sdp.match(/^m=/gm) ?? []).length);
      try {
        for (let round = 0; round < 5; round += 1) {
          const pub = await joinPage(browser, server, { room: reRoom, identity: 'rejoiner' });
          extra.push(pub);
          await waitForMedia(viewer, [pub.participantId]);
          await assertMediaGrows(viewer, [pub.participantId], 1500);
          assert.ok((await mlines()) <= 2, `round ${round}: the viewer's offer has ${await mlines()} m-lines`);
          await pub.page.evaluate(() => window.meetTest.room.leave());
          // The viewer answered the offer that made both m-lines inactive before the next round.
          await waitInPage(
            viewer,
            () => {
              const pc = window.meetTest.room.subscriber;
              return pc.signalingState === 'stable' && !/a=sendonly/.test(pc.remoteDescription?.sdp ?? 'a=sendonly');
            },
            undefined,
            { timeout: 10000, what: `round ${round}: both m-lines inactive after the publisher left` },
          );
          saveConsole([pub]);
          await closePage(pub);
          extra.pop();
        }
        assert.equal(await mlines(), 2, 'the viewer ends with more than one audio and one video m-line');
      } finally {
        saveConsole(extra);
        for (const p of extra) await closePage(p);
      }
    });
  });

  test('(i) a page reloads alone and with others: the room goes on and keeps its chat', { timeout: 120000 }, async () => {
    await failWithServerLog(server, async () => {
      // A reload is a new join of the same identity while the old socket may still be open:
      // the server replaces the old session (issue 18). The room must not end meanwhile, which
      // would wipe its chat (room.chat lives as long as someone is in the room).
      const reloadRoom = `rl-${randomBytes(3).toString('hex')}`;
      const chatTexts = (p) => p.page.evaluate(() => window.meetTest.chat.map((m) => m.text));
      const reloadAndRejoin = async (p) => {
        await p.page.reload({ timeout: 15000 });
        await waitInPage(p, () => window.meetTest?.state === 'joined' && window.meetTest.published, undefined, {
          timeout: 15000,
          what: 'joined and published after the reload',
        });
        p.participantId = await p.page.evaluate(() => window.meetTest.room.localParticipant.id);
      };
      const alone = await joinPage(browser, server, { room: reloadRoom, identity: 'reloader' });
      const extra = [alone];
      try {
        await alone.page.evaluate(() => window.meetTest.room.sendChat('said while alone'));
        await waitInPage(alone, () => window.meetTest.chat.some((m) => m.text === 'said while alone'), undefined, { what: 'own chat line' });
        await reloadAndRejoin(alone);
        assert.deepEqual(await chatTexts(alone), ['said while alone'], 'the chat of the room was lost when its only member reloaded');

        const other = await joinPage(browser, server, { room: reloadRoom, identity: 'witness' });
        extra.push(other);
        await waitForMedia(other, [alone.participantId]);
        await other.page.evaluate(() => window.meetTest.room.sendChat('said by the witness'));
        await waitInPage(alone, () => window.meetTest.chat.length === 2, undefined, { what: 'the witness chat line' });
        await reloadAndRejoin(alone);
        assert.deepEqual(await chatTexts(alone), ['said while alone', 'said by the witness']);
        // Each sees the other's media again; the witness was never disconnected.
        await waitForMedia(other, [alone.participantId]);
        await waitForMedia(alone, [other.participantId]);
        await assertMediaGrows(other, [alone.participantId]);
        const witness = await pageState(other);
        assert.equal(witness.state, 'joined', JSON.stringify(witness));
        assert.ok(!witness.events.some((e) => e.type === 'disconnected'), JSON.stringify(witness.events));
      } finally {
        saveConsole(extra);
        for (const p of extra) await closePage(p);
      }
    });
  });
});

describe('call over TCP only (--no-udp)', () => {
  const server = new MeetServer({ noUdp: true });
  let browser;
  let pages = [];

  before(async () => {
    await server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    saveConsole(pages);
    for (const p of pages) await closePage(p);
    await browser?.close().catch(() => {});
    await server.stop();
  });

  test('(d) two pages decode each other over ICE-TCP', { timeout: 90000 }, async () => {
    await failWithServerLog(server, async () => {
      const room = `tcp-${randomBytes(3).toString('hex')}`;
      pages = await Promise.all(['dora', 'eve'].map((identity) => joinPage(browser, server, { room, identity })));
      await Promise.all(pages.map((p) => waitForMedia(p, othersOf(pages, p))));
      for (const p of pages) await assertMediaGrows(p, othersOf(pages, p));
      for (const p of pages) {
        const info = await p.page.evaluate(() => window.meetTest.transport());
        for (const side of ['publisher', 'subscriber']) {
          assert.ok(info?.[side], `${p.name}: no selected candidate pair on the ${side} connection: ${JSON.stringify(info)}`);
          assert.equal(info[side].local.protocol, 'tcp', `${p.name} ${side}: ${JSON.stringify(info[side])}`);
          const port = info[side].remote.port;
          assert.ok(port >= server.tcpPort && port < server.tcpPort + 8, `${p.name} ${side}: remote port ${port} is not a --tcp-port`);
        }
      }
    });
  });
});
