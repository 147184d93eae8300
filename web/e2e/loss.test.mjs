// Three pages call each other through `meet` while 5 % of UDP packets are lost on the way in
// and out (run by loss-run.mjs inside a lossy network namespace). Every remote video must keep
// decoding: its framesDecoded grows in every one-second sample, so no freeze lasts a second,
// and time to its first frame is recorded. Under loss a subscriber once stayed black for the
// whole call: the first keyframe's lost packets were never repaired and nobody asked again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MeetServer, closePage, launchBrowser, openJoined, othersOf, resultsDir, sleep } from './harness.mjs';

const kWindowS = 30;

async function remoteVideo(p) {
  return p.page.evaluate(async () => {
    const out = {};
    (await window.meetTest.room.subscriber.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out[s.trackIdentifier ?? s.mid] = { frames: s.framesDecoded ?? 0, freezes: s.freezeCount ?? 0, freezeS: s.totalFreezesDuration ?? 0, nacks: s.nackCount ?? 0, plis: s.pliCount ?? 0, lost: s.packetsLost ?? 0, received: s.packetsReceived ?? 0 };
      }
    });
    return out;
  });
}

describe(`calls under ${(Number(process.env.MEET_LOSS_PER_MILLE ?? 50) / 10).toFixed(1)} % loss`, () => {
  const server = new MeetServer();
  let browser;
  const pages = [];

  before(async () => {
    await server.start();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const p of pages) await closePage(p);
    await browser?.close().catch(() => {});
    await server.stop();
  });

  test('every remote video keeps decoding, no freeze of a second', { timeout: 120000 }, async () => {
    const room = `loss-${randomBytes(3).toString('hex')}`;
    const firstFrameMs = [];
    for (const identity of ['a', 'b', 'c']) {
      const opened = Date.now();
      // One stream per camera: with simulcast on, the first climb through the layers under
      // 5 % loss freezes remote video for 1-2.5 s (issue 17, left open); this test keeps
      // measuring the loss path itself.
      const p = await openJoined(browser, server.httpUrl, server.token({ room, identity }), identity, 30000, undefined, {
        simulcast: '0',
      });
      p.opened = opened;
      pages.push(p);
    }
    // Time to first frame: from opening the last page to each of its remote videos decoding.
    const last = pages[pages.length - 1];
    const deadline = Date.now() + 20000;
    const expected = othersOf(pages, last).length;
    const seen = new Set();
    while (seen.size < expected && Date.now() < deadline) {
      for (const [id, v] of Object.entries(await remoteVideo(last))) {
        if (v.frames > 0 && !seen.has(id)) {
          seen.add(id);
          firstFrameMs.push(Date.now() - last.opened);
        }
      }
      await sleep(20);
    }
    assert.equal(seen.size, expected, `${last.name} decoded ${seen.size} of ${expected} remote videos within 20 s`);
    // Every page decodes both others before the window starts.
    for (const p of pages) {
      const ok = async () => Object.values(await remoteVideo(p)).filter((v) => v.frames > 0).length >= 2;
      const until = Date.now() + 20000;
      while (!(await ok()) && Date.now() < until) await sleep(200);
      assert.ok(await ok(), `${p.name} does not decode both others`);
    }

    let prev = await Promise.all(pages.map(remoteVideo));
    const start = prev;
    const stalls = [];
    for (let s = 0; s < kWindowS; s++) {
      await sleep(1000);
      const now = await Promise.all(pages.map(remoteVideo));
      now.forEach((videos, i) => {
        for (const [id, v] of Object.entries(videos)) {
          if (v.frames <= (prev[i][id]?.frames ?? 0)) stalls.push(`${pages[i].name} ${id} at ${s + 1} s`);
        }
      });
      prev = now;
    }
    const summary = pages.map((p, i) =>
      Object.fromEntries(
        Object.entries(prev[i]).map(([id, v]) => [
          id,
          { fps: Math.round((v.frames - (start[i][id]?.frames ?? 0)) / kWindowS), freezes: v.freezes - (start[i][id]?.freezes ?? 0), freeze_s: +(v.freezeS - (start[i][id]?.freezeS ?? 0)).toFixed(2), loss_pct: +((100 * v.lost) / Math.max(1, v.lost + v.received)).toFixed(1), nacks: v.nacks, plis: v.plis },
        ]),
      ),
    );
    const result = { loss_per_mille: Number(process.env.MEET_LOSS_PER_MILLE ?? 50), window_s: kWindowS, first_frame_ms: firstFrameMs, stalls, pages: summary };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'loss.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`loss: ${JSON.stringify(result)}`);
    assert.deepEqual(stalls, [], 'a remote video decoded no frame for a whole second');
  });
});
