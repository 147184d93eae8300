// Test harness: starts `meet serve` on free loopback ports, mints join tokens, drives headless
// Chromium (Debian's /usr/bin/chromium through playwright-core; never a downloaded browser).
import { spawn, execFile, execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.resolve(here, '..');
export const publicDir = path.join(webDir, 'public');
// What `meet serve` serves: the built meeting app at /, the test page (web/public) at /test/.
export const appDistDir = path.join(webDir, 'app', 'dist');
// Where the SDK test page is served.
export const testPagePath = '/test/';
export const resultsDir = path.join(here, 'results');

// A 10 s 1280x720 clip with motion (ffmpeg testsrc2) for --use-file-for-fake-video-capture;
// Chromium loops it. Its default fake camera is almost static and would not show what the
// congestion controller allows. Made once into resultsDir.
export function cameraClip() {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'camera-720p.mjpeg');
  if (!existsSync(file)) {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '10', '-q:v', '4', file]);
  }
  return file;
}
export const meetBin = path.resolve(webDir, process.env.MEET_BIN ?? '../build/meet');
export const chromiumPath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export { sleep };

// ---- ports ----

function tcpPortFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function udpPortFree(port) {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4');
    sock.once('error', () => {
      sock.close();
      resolve(false);
    });
    sock.bind({ port, address: '127.0.0.1', exclusive: true }, () => sock.close(() => resolve(true)));
  });
}

const handedOut = new Set();

// The first of `count` consecutive loopback ports free for both TCP and UDP and not handed
// out before by this process (the server puts media worker i on port + i).
export async function freePort(count = 1) {
  for (let i = 0; i < 300; i++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    let ok = true;
    for (let k = 0; k < count && ok; k++) {
      const q = port + k;
      ok = !handedOut.has(q) && (await tcpPortFree(q)) && (await udpPortFree(q));
    }
    if (ok) {
      for (let k = 0; k < count; k++) handedOut.add(port + k);
      return port;
    }
  }
  throw new Error('no free port found');
}

// ---- tokens ----

function b64url(buf) {
  return Buffer.from(buf).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export const allGrants = { publish: true, subscribe: true, publish_data: true, record: false, moderator: false };

// Signs an HS256 join token (docs/protocol.md "Join tokens").
export function signToken({ secret, room, identity, name, ttl = 600, exp, grants = allGrants, extra = {} }) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims = { sub: identity, name: name ?? identity, room, grants, iat: now, exp: exp ?? now + ttl, ...extra };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = createHmac('sha256', secret).update(input).digest();
  return `${input}.${b64url(sig)}`;
}

// Checks an HS256 token's signature with `secret`; returns its claims or throws.
export function verifyToken(token, secret) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`not a JWT: ${token.slice(0, 40)}`);
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
  if (header.alg !== 'HS256') throw new Error(`alg is ${header.alg}`);
  const sig = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  if (b64url(sig) !== parts[2]) throw new Error('signature does not verify with the secret');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString());
}

// Runs `meet <args>`; resolves with { code, stdout, stderr }.
export function runMeet(args, timeoutMs = 10000) {
  return new Promise((resolve) => {
    execFile(meetBin, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr, error: err });
    });
  });
}

// ---- server ----

let serverCount = 0;
const liveServers = new Set();

process.on('exit', () => {
  for (const s of liveServers) {
    try {
      s.proc.kill('SIGKILL');
    } catch {
      // gone
    }
  }
});

export class MeetServer {
  // `launcher`: a command prefix to start the binary under, e.g. ['prlimit', '--nofile=1024:1024', '--'].
  constructor({ noUdp = false, extraArgs = [], launcher = [], publicIp = '127.0.0.1' } = {}) {
    this.noUdp = noUdp;
    this.publicIp = publicIp;
    this.extraArgs = extraArgs;
    this.launcher = launcher;
    this.secret = randomBytes(24).toString('hex');
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'meet-e2e-data-'));
    this.name = `server-${++serverCount}${noUdp ? '-tcp' : ''}`;
    this.lines = [];
    this.proc = undefined;
    this.exited = undefined;
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.httpPort}`;
  }

  async start(timeoutMs = 20000) {
    if (!existsSync(meetBin)) throw new Error(`server binary not found: ${meetBin} (set MEET_BIN)`);
    if (!existsSync(path.join(appDistDir, 'test', 'index.html'))) {
      throw new Error(`web app not built: ${appDistDir} (run npm run build:app in web/)`);
    }
    this.httpPort = await freePort();
    // One port per media worker (one worker per core): keep a block free.
    this.udpPort = await freePort(8);
    this.tcpPort = await freePort(8);
    this.args = [
      'serve',
      '--http-port', String(this.httpPort),
      '--udp-port', String(this.udpPort),
      '--tcp-port', String(this.tcpPort),
      '--public-ip', this.publicIp,
      '--token-secret', this.secret,
      '--data-dir', this.dataDir,
      '--web-dir', appDistDir,
      ...(this.noUdp ? ['--no-udp'] : []),
      ...this.extraArgs,
    ];
    try {
      await this.launch(timeoutMs);
    } catch (err) {
      await this.stop();
      throw err;
    }
    return this;
  }

  // Kills the server (SIGKILL: no goodbye to anyone) and starts it again on the same ports
  // with the same secret and data folder, as after a crash and a restart by systemd.
  // Resolves once the new process answers /healthz.
  async restart(timeoutMs = 20000) {
    const proc = this.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await this.exited;
    }
    this.log('[harness] restarting on the same ports');
    await this.launch(timeoutMs);
  }

  async launch(timeoutMs) {
    const [cmd, ...pre] = this.launcher.length ? this.launcher : [meetBin];
    const argv = this.launcher.length ? [...pre, meetBin, ...this.args] : this.args;
    const proc = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    liveServers.add(this);
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, sig) => {
        liveServers.delete(this);
        this.log(`[harness] server exited code=${code} signal=${sig}`);
        resolve({ code, signal: sig });
      });
    });
    const collect = (stream, tag) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        rest += chunk;
        const lines = rest.split('\n');
        rest = lines.pop();
        for (const l of lines) this.log(`${tag}${l}`);
      });
    };
    collect(proc.stdout, '');
    collect(proc.stderr, '[stderr] ');
    proc.once('error', (err) => this.log(`[harness] spawn error: ${err.message}`));

    const deadline = Date.now() + timeoutMs;
    let lastErr = '';
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      try {
        const res = await fetch(`${this.httpUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return;
        lastErr = `healthz answered ${res.status}`;
      } catch (err) {
        lastErr = String(err.cause ?? err);
      }
      await sleep(100);
    }
    const running = proc.exitCode === null && proc.signalCode === null;
    throw new Error(
      `meet serve did not become healthy (${running ? 'timeout' : 'exited'}; last: ${lastErr})\n` +
        `args: ${this.args.join(' ')}\n${this.tail(40)}`,
    );
  }

  log(line) {
    this.lines.push(line);
  }

  tail(n = 30) {
    return this.lines.slice(-n).join('\n');
  }

  // Lines matching a regexp (for reports: warnings and errors).
  grep(re) {
    return this.lines.filter((l) => re.test(l));
  }

  async metrics() {
    const res = await fetch(`${this.httpUrl}/metrics`, { signal: AbortSignal.timeout(3000) });
    return { status: res.status, text: await res.text() };
  }

  // SIGTERM, wait up to `graceMs`, then SIGKILL. Saves the log under e2e/results/.
  async stop(graceMs = 8000) {
    const proc = this.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const done = await Promise.race([this.exited, sleep(graceMs).then(() => undefined)]);
      if (!done) {
        this.log(`[harness] no exit ${graceMs} ms after SIGTERM: SIGKILL`);
        proc.kill('SIGKILL');
        await this.exited;
      }
    }
    try {
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(path.join(resultsDir, `${this.name}.log`), `${(this.args ?? []).join(' ')}\n${this.lines.join('\n')}\n`);
    } catch {
      // results are a convenience
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  token(opts) {
    return signToken({ secret: this.secret, ...opts });
  }
}

// Sums every sample of a Prometheus counter; returns { total, samples: {labels: value} }.
export function counterSamples(text, name) {
  const samples = {};
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+([0-9.eE+-]+|NaN|\+Inf)/.exec(line);
    if (!m || m[1] !== name) continue;
    const v = Number(m[3]);
    samples[m[2] ?? ''] = v;
    if (Number.isFinite(v)) total += v;
  }
  return { total, samples };
}

// ---- browser ----

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream=fps=30',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchBrowser() {
  // playwright-core gives the browser a fresh --user-data-dir in a temp dir and removes it.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 30000 });
}

// One page in its own context, at `pagePath` (default: the SDK test page). `console` collects
// the page's console and page errors; `initScript` (a function) runs in the page before its
// own scripts.
export async function openPage(browser, baseUrl, query, { name = 'page', initScript, pagePath = testPagePath } = {}) {
  const context = await browser.newContext();
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (msg) => consoleLines.push(`[${name}] ${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => consoleLines.push(`[${name}] pageerror: ${err.message}`));
  const qs = new URLSearchParams(query).toString();
  await page.goto(`${baseUrl}${pagePath}${qs ? `?${qs}` : ''}`, { timeout: 15000 });
  return { name, page, context, console: consoleLines };
}

export async function closePage(p) {
  try {
    await p.context.close();
  } catch {
    // browser gone
  }
}

// Polls `fn` in the page until it returns a truthy value; returns it or throws.
export async function waitInPage(p, fn, arg, { timeout = 15000, interval = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await p.page.evaluate(fn, arg);
    if (last) return last;
    await sleep(interval);
  }
  const state = await pageState(p).catch((e) => String(e));
  throw new Error(`${p.name}: timed out after ${timeout} ms waiting for ${what}; page: ${JSON.stringify(state)}`);
}

// Opens the test page with `token` and waits until it joined and published.
export async function openJoined(browser, baseUrl, token, name, timeout = 15000, initScript = undefined, query = {}) {
  const p = await openPage(browser, baseUrl, { token, ...query }, { name, initScript });
  await waitInPage(p, () => window.meetTest && window.meetTest.state === 'joined' && window.meetTest.published, undefined, {
    timeout,
    what: 'joined and published',
  });
  p.participantId = await p.page.evaluate(() => window.meetTest.room.localParticipant.id);
  return p;
}

export function pageState(p) {
  return p.page.evaluate(() => {
    const t = window.meetTest;
    if (!t) return { meetTest: 'missing' };
    return {
      state: t.state,
      errorCode: t.errorCode,
      published: t.published,
      participantId: t.room?.localParticipant.id,
      errorText: document.getElementById('error')?.textContent,
      events: t.events.slice(-15),
    };
  });
}

export function pageStats(p) {
  return p.page.evaluate(() => window.meetTest.stats());
}

// ---- media checks ----

const kField = { video: 'framesDecoded', audio: 'totalSamplesReceived' };

// Waits until `p` receives video and audio from each participant in `fromIds` with a
// non-zero decoded counter.
export async function waitForMedia(p, fromIds, timeout = 25000) {
  await waitInPage(
    p,
    async ({ ids, field }) => {
      const stats = await window.meetTest.stats();
      return ids.every((id) =>
        ['video', 'audio'].every((kind) => stats.some((s) => s.participantId === id && s.kind === kind && s[field[kind]] > 0)),
      );
    },
    { ids: fromIds, field: kField },
    { timeout, interval: 500, what: `decoded media from ${fromIds.join(', ')}` },
  );
}

// Samples the page's stats twice `gapMs` apart and asserts that video frames decoded and
// audio samples received grew for each participant in `fromIds`.
export async function assertMediaGrows(p, fromIds, gapMs = 2000) {
  const first = await pageStats(p);
  await sleep(gapMs);
  const second = await pageStats(p);
  const problems = [];
  for (const id of fromIds) {
    for (const kind of ['video', 'audio']) {
      const field = kField[kind];
      const a = first.find((s) => s.participantId === id && s.kind === kind);
      const b = second.find((s) => s.participantId === id && s.kind === kind);
      if (!b) problems.push(`no ${kind} track from ${id}`);
      else if (!(b[field] > (a?.[field] ?? 0))) problems.push(`${kind} from ${id}: ${field} ${a?.[field]} -> ${b[field]}`);
    }
  }
  assert.deepEqual(problems, [], `${p.name}: media not growing: ${JSON.stringify({ first, second })}`);
}

// Bytes the page's publisher connection has sent for tracks of `kind` (outbound-rtp
// bytesSent, summed): what actually left the browser.
export function outboundBytes(p, kind) {
  return p.page.evaluate(async (k) => {
    const report = await window.meetTest.room.publisher.getStats();
    let sum = 0;
    report.forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === k) sum += s.bytesSent ?? 0;
    });
    return sum;
  }, kind);
}

// Asserts that `p` sends `kind` (bytesSent grows over `gapMs`) or, with `sending` false,
// that it sends nothing of it (bytesSent still, after `settleMs` for a pending change).
export async function assertSending(p, kind, sending, { gapMs = 1500, settleMs = 500 } = {}) {
  if (!sending) await sleep(settleMs);
  const a = await outboundBytes(p, kind);
  await sleep(gapMs);
  const b = await outboundBytes(p, kind);
  if (sending) assert.ok(b > a, `${p.name}: ${kind} bytesSent ${a} -> ${b}: not sending`);
  else assert.equal(b, a, `${p.name}: ${kind} bytesSent ${a} -> ${b}: still sending`);
}

export function othersOf(pages, p) {
  return pages.filter((q) => q !== p).map((q) => q.participantId);
}

// ---- datagrams ----

export function sendDatagrams(port, datagrams, address = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.once('error', reject);
    let i = 0;
    const next = () => {
      if (i >= datagrams.length) {
        sock.close(() => resolve());
        return;
      }
      const batch = datagrams.slice(i, i + 50);
      i += batch.length;
      let pending = batch.length;
      for (const d of batch) {
        sock.send(d, port, address, (err) => {
          if (err) reject(err);
          else if (--pending === 0) setTimeout(next, 2);
        });
      }
    };
    next();
  });
}
