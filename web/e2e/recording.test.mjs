// End-to-end test of recording (issue 14): a real `meet serve` storing recordings in Azurite
// (npm `azurite`, started here on loopback); three headless Chromium browsers whose fake
// cameras play three different files (a red, a green and a blue picture, each with a moving
// white square) and whose fake microphones play three different tones; a meeting with the
// `recording` feature made through the REST API; the recording started and stopped through the
// API after about 20 s. The MP4 must be in Azurite, H.264 + AAC, as long as the recording
// (within 1 s), show the three pictures in their tiles with a name under each, and carry the
// three tones; the SAS link must download it and stop working once expired; delete removes it.
// Then a second server, storing on local disk, is killed with SIGKILL mid-recording and
// restarted on the same data folder: the recording still becomes `ready` with what was
// captured, and meet's own signed link downloads it (an altered one is refused).
// Run with `node --test e2e/recording.test.mjs` in web/ (MEET_BIN points at the server binary).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import {
  MeetServer,
  chromiumArgs,
  chromiumPath,
  closePage,
  freePort,
  openJoined,
  resultsDir,
  sleep,
  waitForMedia,
  waitInPage,
  webDir,
} from './harness.mjs';

const kRecordSeconds = 20;
// Azurite's well-known development account (public, documented by Microsoft).
const kAccount = 'devstoreaccount1';
const kAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const kContainer = 'e2e-recordings';

// Participants: fake camera colour (RGB), tone (Hz), display name.
const people = [
  { key: 'red', rgb: [220, 30, 30], colour: '0xdc1e1e', tone: 440, name: 'Alice Red' },
  { key: 'green', rgb: [30, 200, 30], colour: '0x1ec81e', tone: 880, name: 'Bob Green' },
  { key: 'blue', rgb: [30, 30, 220], colour: '0x1e1edc', tone: 1760, name: 'Carol Blue' },
];

const consoleLogs = [];
process.on('exit', () => {
  try {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'recording-browser-console.log'), `${consoleLogs.join('\n')}\n`);
  } catch {
    // best effort
  }
});

function run(cmd, args, { timeout = 60000, encoding = 'utf8', maxBuffer = 256 * 1024 * 1024 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout, encoding, maxBuffer }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// A y4m clip of one colour with a white square moving across it, and a wav tone.
async function makeMedia(dir, p) {
  const video = path.join(dir, `${p.key}.y4m`);
  const audio = path.join(dir, `${p.key}.wav`);
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=${p.colour}:s=320x240:r=15:d=4`,
    '-f', 'lavfi', '-i', 'color=c=white:s=40x40:r=15:d=4',
    '-filter_complex', "[0][1]overlay=x='mod(t*70,280)':y=20",
    '-pix_fmt', 'yuv420p', video,
  ]);
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `sine=frequency=${p.tone}:sample_rate=48000:duration=10`,
    '-ac', '1', audio,
  ]);
  return { video, audio };
}

class Azurite {
  async start() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'capture-azurite-'));
    this.port = await freePort();
    const bin = path.join(webDir, 'node_modules', '.bin', 'azurite-blob');
    if (!existsSync(bin)) throw new Error(`${bin} missing: run npm ci in web/`);
    this.lines = [];
    this.proc = spawn(
      bin,
      ['--blobHost', '127.0.0.1', '--blobPort', String(this.port), '--location', this.dir, '--silent',
        '--skipApiVersionCheck', '--disableTelemetry', '--disableProductStyleUrl'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.proc.stdout.on('data', (d) => this.lines.push(String(d)));
    this.proc.stderr.on('data', (d) => this.lines.push(String(d)));
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      try {
        await fetch(`${this.endpoint}?comp=list`, { signal: AbortSignal.timeout(1000) });
        return;
      } catch {
        await sleep(200);
      }
    }
    throw new Error(`azurite did not start: ${this.lines.join('')}`);
  }

  get endpoint() {
    return `http://127.0.0.1:${this.port}/${kAccount}`;
  }

  get connectionString() {
    return `DefaultEndpointsProtocol=http;AccountName=${kAccount};AccountKey=${kAccountKey};BlobEndpoint=${this.endpoint};`;
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      await new Promise((resolve) => this.proc.once('exit', resolve));
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

async function api(server, key, method, route, body) {
  const headers = { 'X-API-Key': key };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.httpUrl}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: json, text };
}

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: answered ${res.status} ${res.text}`);
  return res.body;
}

async function withServerLog(server, fn) {
  try {
    return await fn();
  } catch (err) {
    const warn = server.grep(/warn|error|critical|fatal|record|compose/i).slice(-40).join('\n');
    err.message += `\n--- ${server.name} log (record/warnings, last 40) ---\n${warn}`;
    throw err;
  }
}

// A tenant, its key and a meeting with the recording feature; tokens for everyone.
async function setUpMeeting(server, adminKey) {
  const tenant = expectStatus(await api(server, adminKey, 'POST', '/api/v1/tenants', { name: 'Rec Corp' }), 201, 'tenant');
  const key = expectStatus(await api(server, adminKey, 'POST', `/api/v1/tenants/${tenant.id}/keys`, { name: 'k' }), 201, 'key').secret;
  const meeting = expectStatus(
    await api(server, key, 'POST', '/api/v1/meetings', {
      title: 'Recorded',
      settings: { lobby: false, max_participants: 10, features: ['chat', 'recording'] },
    }),
    201,
    'meeting',
  );
  const tokens = [];
  for (const [i, p] of people.entries()) {
    const t = expectStatus(
      await api(server, key, 'POST', `/api/v1/meetings/${meeting.id}/tokens`, {
        identity: `user-${i}`,
        name: p.name,
        role: i === 0 ? 'host' : 'guest',
        ttl: 600,
      }),
      201,
      'token',
    );
    tokens.push(t.token);
  }
  return { key, meeting, tokens };
}

// The page asks for `audio: true`; Chromium's noise suppression would take a steady tone for
// noise, so the microphone is opened without processing.
function rawMicrophone() {
  const md = navigator.mediaDevices;
  const original = md.getUserMedia.bind(md);
  md.getUserMedia = (c) =>
    original({ ...c, audio: c && c.audio ? { echoCancellation: false, noiseSuppression: false, autoGainControl: false } : false });
}

async function launchFor(media) {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...chromiumArgs,
      `--use-file-for-fake-video-capture=${media.video}`,
      `--use-file-for-fake-audio-capture=${media.audio}`,
    ],
    timeout: 30000,
  });
}

async function untilState(server, key, id, states, timeout) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await api(server, key, 'GET', `/api/v1/recordings/${id}`);
    if (last.status === 200 && states.includes(last.body.state)) return last.body;
    if (last.status === 200 && last.body.state === 'failed' && !states.includes('failed')) break;
    await sleep(1000);
  }
  throw new Error(`recording ${id} not ${states.join('|')} after ${timeout} ms: ${last?.text}`);
}

// ffprobe's streams and format of `file`.
async function probe(file) {
  const out = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]);
  return JSON.parse(out);
}

// One frame at `t` seconds as raw RGB of w x h.
async function frameAt(file, t, w, h) {
  return run(
    'ffmpeg',
    ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-s', `${w}x${h}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { encoding: 'buffer' },
  );
}

// Mean colour of a rectangle of an RGB frame.
function meanColour(frame, w, { x, y, width, height }) {
  const sum = [0, 0, 0];
  for (let j = y; j < y + height; j++) {
    for (let i = x; i < x + width; i++) {
      const at = (j * w + i) * 3;
      for (let c = 0; c < 3; c++) sum[c] += frame[at + c];
    }
  }
  return sum.map((s) => s / (width * height));
}

// How far apart two colours are (largest channel difference).
const colourDistance = (a, b) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

// Goertzel power of `freq` in mono f32 samples at `rate`.
function tonePower(samples, rate, freq) {
  const k = (2 * Math.cos((2 * Math.PI * freq) / rate));
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / samples.length;
}

// The recording's audio as mono float samples at `rate`.
async function audioSamples(file, rate) {
  const pcm = await run('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-ar', String(rate), '-f', 'f32le', 'pipe:1'], {
    encoding: 'buffer',
  });
  return new Float32Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 4));
}

// When a tone is heard, in ms of the file: its power in 20 ms windows every 10 ms, compared
// with half its median power where it sounds. Returns [start, end) intervals.
function toneIntervals(samples, rate, freq) {
  const win = Math.round(rate / 50);
  const hop = Math.round(rate / 100);
  const powers = [];
  for (let at = 0; at + win <= samples.length; at += hop) powers.push(tonePower(samples.subarray(at, at + win), rate, freq));
  const loud = [...powers].sort((x, y) => x - y);
  const threshold = loud[Math.floor(loud.length * 0.9)] / 2;
  const out = [];
  let start = -1;
  powers.forEach((p, i) => {
    const ms = i * 10 + 10;  // the window's centre
    if (p >= threshold && start < 0) start = ms;
    if (p < threshold && start >= 0) {
      out.push([start, ms]);
      start = -1;
    }
  });
  if (start >= 0) out.push([start, powers.length * 10 + 10]);
  // Ignore dips shorter than 60 ms (a lost packet concealed, a window on a phase change).
  return out.reduce((acc, iv) => {
    const last = acc[acc.length - 1];
    if (last && iv[0] - last[1] <= 60) last[1] = iv[1];
    else acc.push(iv);
    return acc;
  }, []);
}

// When this page's microphone started sending (unix ms): its packets so far, 20 ms each.
async function audioSendingSince(p) {
  return p.page.evaluate(async () => {
    const stats = await window.meetTest.room.publisher.getStats();
    for (const s of stats.values()) {
      if (s.type === 'outbound-rtp' && s.kind === 'audio') return Date.now() - s.packetsSent * 20;
    }
    return null;
  });
}

// Mutes or unmutes this page's microphone; the unix ms at which sending stopped or resumed.
async function setMicrophoneMuted(p, muted) {
  return p.page.evaluate(async (m) => {
    const room = window.meetTest.room;
    const mic = room.localTracks.find((t) => t.kind === 'audio');
    const before = Date.now();
    await room.setMuted(mic.mediaStreamTrack, m);
    return m ? before : Date.now();
  }, muted);
}

describe('recording end to end', () => {
  const adminKey = `mk_${randomBytes(24).toString('base64url')}`;
  const azurite = new Azurite();
  let server;
  let work;
  const browsers = [];
  let pages = [];
  const media = [];
  const s = {};

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'capture-e2e-'));
    for (const p of people) media.push(await makeMedia(work, p));
    await azurite.start();
    process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
    process.env.AZURE_STORAGE_CONTAINER_NAME = kContainer;
    server = new MeetServer({ extraArgs: ['--admin-key', adminKey] });
    await server.start();
  });

  after(async () => {
    for (const p of pages) {
      consoleLogs.push(...p.console);
      await closePage(p);
    }
    for (const b of browsers) await b.close().catch(() => {});
    await server?.stop();
    await azurite.stop();
    delete process.env.AZURE_STORAGE_CONNECTION_STRING;
    delete process.env.AZURE_STORAGE_CONTAINER_NAME;
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('three people are recorded through the API into one MP4 in Azurite', { timeout: 240000 }, async () => {
    await withServerLog(server, async () => {
      const { key, meeting, tokens } = await setUpMeeting(server, adminKey);
      s.key = key;
      // One browser per person: the fake capture files are browser-wide flags. They join one
      // after the other so the tiles' order (order of arrival) is known.
      for (const [i, p] of people.entries()) {
        const b = await launchFor(media[i]);
        browsers.push(b);
        const page = await openJoined(b, server.httpUrl, tokens[i], p.key, 30000, rawMicrophone);
        pages.push(page);
        await sleep(300);
      }
      for (const p of pages) await waitForMedia(p, pages.filter((q) => q !== p).map((q) => q.participantId), 40000);

      const startedAt = Date.now();
      const rec = expectStatus(await api(server, key, 'POST', `/api/v1/meetings/${meeting.id}/recordings`), 201, 'start');
      assert.equal(rec.state, 'recording');
      s.id = rec.id;
      // Everyone hears about it over signaling.
      for (const p of pages) {
        await waitInPage(p, () => window.meetTest.room.recording.active === true, undefined, {
          timeout: 5000,
          what: 'room.recording.active',
        });
      }
      // A second start while one runs is refused.
      expectStatus(await api(server, key, 'POST', `/api/v1/meetings/${meeting.id}/recordings`), 409, 'second start');

      await sleep(kRecordSeconds * 1000);
      expectStatus(await api(server, key, 'POST', `/api/v1/recordings/${rec.id}/stop`), 200, 'stop');
      const recordedMs = Date.now() - startedAt;
      for (const p of pages) {
        await waitInPage(p, () => window.meetTest.room.recording.active === false, undefined, {
          timeout: 5000,
          what: 'room.recording.active false',
        });
      }

      const ready = await untilState(server, key, rec.id, ['ready'], 150000);
      assert.equal(ready.participants.length, 3, JSON.stringify(ready));
      for (const p of people) assert.ok(ready.participants.includes(p.name), `participants ${ready.participants}`);

      const link = expectStatus(await api(server, key, 'GET', `/api/v1/recordings/${rec.id}/download?expires_in=8`), 200, 'download');
      assert.ok(link.url.startsWith(azurite.endpoint), `url ${link.url} is not Azurite's`);
      const res = await fetch(link.url);
      assert.equal(res.status, 200, `download answered ${res.status}`);
      const mp4 = path.join(work, 'recording.mp4');
      writeFileSync(mp4, Buffer.from(await res.arrayBuffer()));

      const info = await probe(mp4);
      const v = info.streams.find((x) => x.codec_type === 'video');
      const a = info.streams.find((x) => x.codec_type === 'audio');
      assert.equal(v?.codec_name, 'h264', JSON.stringify(info.streams));
      assert.equal(a?.codec_name, 'aac', JSON.stringify(info.streams));
      const duration = Number(info.format.duration) * 1000;
      assert.ok(Math.abs(duration - recordedMs) <= 1000, `duration ${duration} ms, recorded ${recordedMs} ms`);

      // The tiles: 3 people in a 2x2 grid of 16:9 tiles, in order of arrival. Sample the middle
      // of each tile, away from the moving square (top) and the name (bottom).
      const W = 640;
      const H = 360;
      const frame = await frameAt(mp4, kRecordSeconds / 2, W, H);
      // Kept for whoever reads a failure (web/e2e/results is not committed).
      mkdirSync(resultsDir, { recursive: true });
      await run('ffmpeg', ['-v', 'error', '-y', '-ss', String(kRecordSeconds / 2), '-i', mp4, '-frames:v', '1', path.join(resultsDir, 'recording-frame.png')]);
      // A short last row is centred.
      const tiles = [
        { x: 0, y: 0 },
        { x: W / 2, y: 0 },
        { x: W / 4, y: H / 2 },
      ];
      for (const [i, p] of people.entries()) {
        const t = tiles[i];
        const centre = meanColour(frame, W, { x: t.x + 100, y: t.y + 80, width: 120, height: 40 });
        assert.ok(colourDistance(centre, p.rgb) < 60, `tile ${i} shows ${centre.map(Math.round)}, expected ${p.key} ${p.rgb}`);
        // The name under the tile: bright text on the box, so the strip is not one flat colour.
        const strip = { x: t.x + 20, y: t.y + H / 2 - 32, width: W / 2 - 40, height: 24 };
        let bright = 0;
        for (let j = strip.y; j < strip.y + strip.height; j++) {
          for (let k = strip.x; k < strip.x + strip.width; k++) {
            const at = (j * W + k) * 3;
            if (frame[at] > 180 && frame[at + 1] > 180 && frame[at + 2] > 180) bright++;
          }
        }
        assert.ok(bright > 10, `no name text under tile ${i} (${bright} bright pixels)`);
      }

      // The audio: all three tones, well above a frequency nobody sent.
      const pcm = await run(
        'ffmpeg',
        ['-v', 'error', '-ss', '4', '-t', '10', '-i', mp4, '-ac', '1', '-ar', '8000', '-f', 'f32le', 'pipe:1'],
        { encoding: 'buffer' },
      );
      const samples = new Float32Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 4));
      const floor = tonePower(samples, 8000, 1230);
      for (const p of people) {
        const power = tonePower(samples, 8000, p.tone);
        assert.ok(power > floor * 20, `${p.tone} Hz power ${power} vs floor ${floor}`);
      }

      // A second, long link, for after the delete.
      const keep = expectStatus(await api(server, key, 'GET', `/api/v1/recordings/${rec.id}/download?expires_in=600`), 200, 'download');

      // The link expires.
      await sleep(Math.max(0, link.expires_at - Date.now()) + 1500);
      const late = await fetch(link.url);
      assert.equal(late.status, 403, `expired link answered ${late.status}`);

      // Delete removes the row and the blob.
      expectStatus(await api(server, key, 'DELETE', `/api/v1/recordings/${rec.id}`), 204, 'delete');
      expectStatus(await api(server, key, 'GET', `/api/v1/recordings/${rec.id}`), 404, 'get after delete');
      const fresh = expectStatus(
        await api(server, key, 'GET', `/api/v1/meetings/${meeting.id}/recordings`),
        200,
        'list after delete',
      );
      assert.equal((fresh.items ?? fresh).length, 0, JSON.stringify(fresh));
      const gone = await fetch(keep.url);
      assert.equal(gone.status, 404, `the blob is still there: ${gone.status}`);
    });
  });
  test('a late joiner and a muted microphone keep their place on the recording timeline', { timeout: 150000 }, async () => {
    assert.ok(browsers.length >= 2, 'needs the browsers of the first test');
    await withServerLog(server, async () => {
      const { key, meeting, tokens } = await setUpMeeting(server, adminKey);
      const a = await openJoined(browsers[0], server.httpUrl, tokens[0], 'sync-a', 30000, rawMicrophone);
      pages.push(a);
      await sleep(1000);
      const rec = expectStatus(await api(server, key, 'POST', `/api/v1/meetings/${meeting.id}/recordings`), 201, 'start');
      const t0 = rec.started_at;
      // The second person joins 5 s in; the first mutes for 5 s meanwhile.
      await sleep(5000);
      const b = await openJoined(browsers[1], server.httpUrl, tokens[1], 'sync-b', 30000, rawMicrophone);
      pages.push(b);
      const bStarted = await audioSendingSince(b);
      await sleep(1500);
      const muted = await setMicrophoneMuted(a, true);
      await sleep(5000);
      const unmuted = await setMicrophoneMuted(a, false);
      await sleep(4000);
      // The capture's manifest, kept for whoever reads a failure (as far as written
      // before the stop).
      const manifest = path.join(server.dataDir, 'recordings', rec.id, 'manifest.jsonl');
      if (existsSync(manifest)) copyFileSync(manifest, path.join(resultsDir, 'recording-sync-manifest.jsonl'));
      expectStatus(await api(server, key, 'POST', `/api/v1/recordings/${rec.id}/stop`), 200, 'stop');
      const ready = await untilState(server, key, rec.id, ['ready'], 120000);
      const link = expectStatus(await api(server, key, 'GET', `/api/v1/recordings/${rec.id}/download`), 200, 'download');
      const mp4 = path.join(work, 'sync.mp4');
      writeFileSync(mp4, Buffer.from(await (await fetch(link.url)).arrayBuffer()));

      const info = await probe(mp4);
      const v = info.streams.find((x) => x.codec_type === 'video');
      const au = info.streams.find((x) => x.codec_type === 'audio');
      const gap = Math.abs(Number(v.duration) - Number(au.duration)) * 1000;
      assert.ok(gap <= 100, `audio ${au.duration} s, video ${v.duration} s (recording ${ready.duration_ms} ms)`);

      const samples = await audioSamples(mp4, 16000);
      const first = toneIntervals(samples, 16000, people[0].tone);
      const second = toneIntervals(samples, 16000, people[1].tone);
      const expected = { bStart: bStarted - t0, muted: muted - t0, unmuted: unmuted - t0 };
      const got = { first, second, expected };
      // The first tone: from the start, a hole while muted, then again to the end.
      // The page's times are as exact as it can take them: a mute stops the sending once the
      // sender has dropped its track (after the call), the first packet's time is counted back
      // from the packets sent, and the capture begins once the recorder has started (after
      // the time the API reports). Hence the one-sided allowances.
      assert.equal(first.length, 2, JSON.stringify(got));
      assert.ok(first[0][0] <= 250, `first tone heard from ${first[0][0]} ms: ${JSON.stringify(got)}`);
      const muteLag = first[0][1] - expected.muted;
      assert.ok(muteLag >= -100 && muteLag <= 250, `mute heard at ${first[0][1]} ms, made at ${expected.muted}: ${JSON.stringify(got)}`);
      assert.ok(Math.abs(first[1][0] - expected.unmuted) <= 150, `unmute heard at ${first[1][0]} ms, sent at ${expected.unmuted}: ${JSON.stringify(got)}`);
      // The second tone: from its join to the end.
      assert.equal(second.length, 1, JSON.stringify(got));
      assert.ok(Math.abs(second[0][0] - expected.bStart) <= 150, `late tone heard at ${second[0][0]} ms, sent at ${expected.bStart}: ${JSON.stringify(got)}`);
      console.log(`sync: ${JSON.stringify(got)}`);
      await closePage(b);
      await closePage(a);
      pages = pages.filter((p) => p !== a && p !== b);
    });
  });
  test('a server on local disk killed mid-recording composes the captured part after its restart', { timeout: 150000 }, async () => {
    assert.ok(browsers.length > 0, 'needs the browsers of the first test');
    // This server stores recordings on local disk (no Azure settings in its environment).
    const azure = [process.env.AZURE_STORAGE_CONNECTION_STRING, process.env.AZURE_STORAGE_CONTAINER_NAME];
    delete process.env.AZURE_STORAGE_CONNECTION_STRING;
    delete process.env.AZURE_STORAGE_CONTAINER_NAME;
    const first = new MeetServer({ extraArgs: ['--admin-key', adminKey] });
    try {
      await first.start();
    } finally {
      [process.env.AZURE_STORAGE_CONNECTION_STRING, process.env.AZURE_STORAGE_CONTAINER_NAME] = azure;
    }
    let second;
    let page;
    try {
      const { key, meeting, tokens } = await withServerLog(first, () => setUpMeeting(first, adminKey));
      page = await openJoined(browsers[0], first.httpUrl, tokens[0], 'crash', 30000, rawMicrophone);
      pages.push(page);
      const rec = expectStatus(await api(first, key, 'POST', `/api/v1/meetings/${meeting.id}/recordings`), 201, 'start');
      await sleep(8000);
      first.proc.kill('SIGKILL');
      await first.exited;
      // The recording's time 0 is the start the API reported.
      const capturedMs = Date.now() - rec.started_at;

      // The same data folder (database, secrets, capture folders), new ports.
      second = new MeetServer({ extraArgs: ['--admin-key', adminKey] });
      rmSync(second.dataDir, { recursive: true, force: true });
      second.dataDir = first.dataDir;
      second.secret = first.secret;
      delete process.env.AZURE_STORAGE_CONNECTION_STRING;
      delete process.env.AZURE_STORAGE_CONTAINER_NAME;
      try {
        await second.start();
      } finally {
        [process.env.AZURE_STORAGE_CONNECTION_STRING, process.env.AZURE_STORAGE_CONTAINER_NAME] = azure;
      }
      const ready = await withServerLog(second, () => untilState(second, key, rec.id, ['ready'], 120000));
      // At most the last 2 s are lost; the composer ends at the last packet written.
      assert.ok(ready.duration_ms >= capturedMs - 3000 && ready.duration_ms <= capturedMs + 1000,
        `duration ${ready.duration_ms} ms for ${capturedMs} ms captured`);
      // A link signed by meet itself, served by meet; an altered one is refused.
      const link = expectStatus(await api(second, key, 'GET', `/api/v1/recordings/${rec.id}/download`), 200, 'download');
      assert.ok(new URL(link.url).port === new URL(second.httpUrl).port, `url ${link.url} is not meet's (${second.httpUrl})`);
      const res = await fetch(link.url);
      assert.equal(res.status, 200);
      const altered = new URL(link.url);
      const sig = [...altered.searchParams.keys()].find((k) => /sig/i.test(k));
      assert.ok(sig, `no signature in ${link.url}`);
      const v = altered.searchParams.get(sig);
      altered.searchParams.set(sig, `${v.slice(0, -1)}${v.endsWith('0') ? '1' : '0'}`);
      const refused = await fetch(altered);
      assert.equal(refused.status, 403, `an altered link answered ${refused.status}`);
      const mp4 = path.join(work, 'crash.mp4');
      writeFileSync(mp4, Buffer.from(await res.arrayBuffer()));
      const info = await probe(mp4);
      assert.ok(info.streams.some((x) => x.codec_name === 'h264'), JSON.stringify(info.streams));
      const frame = await frameAt(mp4, 3, 320, 180);
      const centre = meanColour(frame, 320, { x: 130, y: 70, width: 60, height: 20 });
      assert.ok(colourDistance(centre, people[0].rgb) < 60, `the one tile shows ${centre.map(Math.round)}`);
    } finally {
      if (page) await closePage(page);
      if (second) await second.stop();
      else await first.stop();
    }
  });
});
