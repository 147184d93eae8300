// Deployment end to end (issue 15, docs/operations.md): Debian's nginx with the shipped
// deploy/nginx/meet.conf and Debian's coturn with the shipped deploy/coturn/turnserver.conf,
// both rewritten only to temp ports and paths, in front of `meet serve`.
//  - two people meet through https via nginx (web app, API, signaling WebSocket) and see each
//    other's video;
//  - the API's rate limit counts the address nginx puts in X-Forwarded-For; a forged header
//    from an address meet does not trust changes nothing;
//  - relay-only pages with TURN credentials minted by meet decode each other through coturn;
//    with credentials from a wrong secret the relay refuses and the connection fails.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import {
  MeetServer,
  assertMediaGrows,
  chromiumArgs,
  chromiumPath,
  closePage,
  openJoined,
  openPage,
  signToken,
  sleep,
  freePort,
  waitForMedia,
  waitInPage,
  webDir,
} from './harness.mjs';

const repo = path.resolve(webDir, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'deploy-e2e-'));
const turnSecret = randomBytes(16).toString('hex');
const children = [];
let meet;
let browser;
let nginx;
let turn;
const pages = [];

// ---- nginx and coturn from the shipped files ----

function selfSigned(name) {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

// The same rewrite as tests/deploy/nginx_conf.py: ports, paths and the upstream only.
function nginxConfig({ httpPort, httpsPort, upstreamPort, cert, key }) {
  let t = readFileSync(path.join(repo, 'deploy/nginx/meet.conf'), 'utf8');
  t = t.replace('listen 80;', `listen 127.0.0.1:${httpPort};`).replace(/listen \[::\]:80;\n/, '');
  t = t.replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`).replace(/listen \[::\]:443 ssl http2;\n/, '');
  t = t.replace('server 127.0.0.1:8080;', `server 127.0.0.1:${upstreamPort};`);
  t = t.replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${cert};`).replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${key};`);
  t = t.replace('root /var/www/certbot;', `root ${dir}/webroot;`).replaceAll('/var/log/nginx/', `${dir}/`);
  t = t.replace('return 301 https://$host$request_uri;', `return 301 https://$host:${httpsPort}$request_uri;`);
  mkdirSync(path.join(dir, 'webroot'), { recursive: true });
  writeFileSync(path.join(dir, 'meet.conf'), t);
  const user = process.getuid() === 0 ? 'user root;\n' : '';
  const main = `${user}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 256; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/meet.conf;
}
`;
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, main);
  return file;
}

// The shipped coturn file with temp ports and paths, loopback peers allowed (meet listens on
// 127.0.0.1 here), no external-ip (nothing is behind NAT).
function turnConfig({ port, tlsPort, minPort, maxPort, cert, key }) {
  let t = readFileSync(path.join(repo, 'deploy/coturn/turnserver.conf'), 'utf8');
  t = t.replace(/^listening-port=.*$/m, `listening-port=${port}`);
  t = t.replace(/^tls-listening-port=.*$/m, `tls-listening-port=${tlsPort}`);
  t = t.replace(/^external-ip=.*$/m, '');
  t = t.replace(/^static-auth-secret=.*$/m, `static-auth-secret=${turnSecret}`);
  t = t.replace(/^cert=.*$/m, `cert=${cert}`).replace(/^pkey=.*$/m, `pkey=${key}`);
  t = t.replace(/^min-port=.*$/m, `min-port=${minPort}`).replace(/^max-port=.*$/m, `max-port=${maxPort}`);
  t = t.replace(/^no-loopback-peers$/m, 'allow-loopback-peers');
  t += `listening-ip=127.0.0.1\nrelay-ip=127.0.0.1\npidfile=${dir}/turn.pid\nuserdb=${dir}/turndb\nno-dtls\n`;
  const file = path.join(dir, 'turnserver.conf');
  writeFileSync(file, t);
  return file;
}

function startChild(name, cmd, args) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  proc.stdout.on('data', (d) => lines.push(String(d)));
  proc.stderr.on('data', (d) => lines.push(String(d)));
  children.push(proc);
  return { name, proc, log: () => lines.join('').slice(-4000) };
}

async function waitTcp(port, what, child) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child?.proc.exitCode !== null && child?.proc.exitCode !== undefined) break;
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${what} did not start on ${port}: ${child?.log()}`);
}

// One request through nginx (https) or straight to meet (http) from a chosen loopback source
// address, so that "different clients" have different addresses on one machine.
function request(url, { method = 'GET', body, headers = {}, from = '127.0.0.1' } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      { method, localAddress: from, rejectUnauthorized: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

let httpsUrl;
let httpUrl;
let turnPort;

before(async () => {
  const { cert, key } = selfSigned('tls');
  turnPort = await freePort();
  const tlsPort = await freePort();
  const relayBase = await freePort(40);
  turn = startChild('coturn', 'turnserver', ['-c', turnConfig({ port: turnPort, tlsPort, minPort: relayBase, maxPort: relayBase + 39, cert, key })]);
  await waitTcp(turnPort, 'coturn', turn);

  // A small rate-limit bucket, so that a few requests show whose address it counts.
  process.env.API_RATE_LIMIT = '0.01';
  process.env.API_RATE_BURST = '4';
  // nginx connects from 127.0.0.1: its X-Forwarded-For is believed, nobody else's.
  process.env.TRUSTED_PROXIES = '127.0.0.1';
  meet = await new MeetServer({
    extraArgs: [
      '--turn-secret', turnSecret,
      '--turn-urls', `turn:127.0.0.1:${turnPort}?transport=udp,turn:127.0.0.1:${turnPort}?transport=tcp`,
      '--workers', '1',
    ],
  }).start();

  const httpPort = await freePort();
  const httpsPort = await freePort();
  const conf = nginxConfig({ httpPort, httpsPort, upstreamPort: meet.httpPort, cert, key });
  execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', conf, '-e', path.join(dir, 'nginx-error.log')]);
  nginx = startChild('nginx', 'nginx', ['-p', dir, '-c', conf, '-e', path.join(dir, 'nginx-error.log')]);
  await waitTcp(httpsPort, 'nginx', nginx);
  httpsUrl = `https://127.0.0.1:${httpsPort}`;
  httpUrl = `http://127.0.0.1:${httpPort}`;

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, '--ignore-certificate-errors'],
    timeout: 30000,
  });
});

after(async () => {
  for (const p of pages) await closePage(p);
  await browser?.close();
  await meet?.stop();
  for (const c of children) c.kill('SIGTERM');
  await sleep(200);
  rmSync(dir, { recursive: true, force: true });
});

test('nginx redirects http to https and proxies the API and /rtc', async () => {
  const r = await request(`${httpUrl}/m/abc?x=1`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, `${httpsUrl}/m/abc?x=1`);
  const health = await request(`${httpsUrl}/healthz`);
  assert.equal(health.status, 200, health.text);
  // Without Upgrade headers meet answers /rtc itself (426), so the location reaches it.
  const rtc = await request(`${httpsUrl}/rtc`);
  assert.equal(rtc.status, 426, rtc.text);
  // /metrics is for the monitoring host only (the shipped location allows 127.0.0.1).
  assert.equal((await request(`${httpsUrl}/metrics`, { from: '127.0.0.2' })).status, 403);
});

// Waits for a remote tile whose video plays with frames still arriving (as app.test.mjs).
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
  assert.ok((await frames()) > first, `${p.name}: frames from ${participantId} stopped`);
}

async function openApp(name, url) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 640 } });
  const page = await context.newPage();
  const lines = [];
  page.on('console', (m) => lines.push(`[${name}] ${m.type()}: ${m.text()}`));
  await page.goto(url, { timeout: 15000 });
  const p = { name, page, context, console: lines };
  pages.push(p);
  return p;
}

async function join(p, displayName) {
  await p.page.locator('#display-name').fill(displayName);
  await p.page.waitForFunction(() => (document.querySelector('.preview-video')?.videoWidth ?? 0) > 0, null, { timeout: 15000 });
  await p.page.getByRole('button', { name: 'Join now' }).click();
  await p.page.waitForFunction(() => window.meetApp?.state === 'joined', null, { timeout: 20000 });
  return p.page.evaluate(() => window.meetApp.participantId);
}

test('two people meet through https via nginx', { timeout: 90000 }, async () => {
  const alice = await openApp('alice', `${httpsUrl}/`);
  assert.equal(await alice.page.evaluate(() => window.isSecureContext), true);
  await alice.page.getByRole('button', { name: 'New meeting' }).click();
  const aliceId = await join(alice, 'Alice');
  const link = new URL(alice.page.url());
  assert.equal(link.origin, httpsUrl);
  const bob = await openApp('bob', `${httpsUrl}${link.pathname}`);
  const bobId = await join(bob, 'Bob');
  await Promise.all([seesVideoOf(alice, bobId), seesVideoOf(bob, aliceId)]);
  // The signaling WebSocket went through nginx: meet counted the upgrades it proxied.
  const metrics = await request(`${meet.httpUrl}/metrics`);
  assert.match(metrics.text, /meet_api_requests_total\{[^}]*route="websocket"[^}]*status="101"\}/);
  for (const p of [alice, bob]) await closePage(p);
});

async function createMeeting(base, opts) {
  return request(`${base}/api/app/meetings`, { method: 'POST', body: { name: 'Rate' }, ...opts });
}

// Spends the bucket (API_RATE_BURST=4) of whatever address meet attributes these requests to.
async function spend(base, opts) {
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await createMeeting(base, typeof opts === 'function' ? opts(i) : opts)).status);
  return statuses;
}

test('rate limits count the client address nginx forwards, not a forged one', async () => {
  // Through nginx from 127.0.0.2: four pass, the fifth is limited...
  assert.deepEqual(await spend(httpsUrl, { from: '127.0.0.2' }), [201, 201, 201, 201, 429]);
  // ...while 127.0.0.3 through the same nginx still has its own budget: meet saw the two
  // addresses in X-Forwarded-For, not nginx's 127.0.0.1 for both.
  assert.equal((await createMeeting(httpsUrl, { from: '127.0.0.3' })).status, 201);

  // A client that forges X-Forwarded-For through nginx: nginx appends its real address, and
  // meet takes the right-most untrusted entry, so a new forged value each time gains nothing.
  const forged = (i) => ({ from: '127.0.0.4', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
  assert.deepEqual(await spend(httpsUrl, forged), [201, 201, 201, 201, 429]);

  // Straight to meet from an address that is not a trusted proxy: the header is ignored.
  const direct = (i) => ({ from: '127.0.0.5', headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
  assert.deepEqual(await spend(meet.httpUrl, direct), [201, 201, 201, 201, 429]);
});

// Forces every RTCPeerConnection of the page to relay-only ICE.
function relayOnly() {
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = function (config, ...rest) {
    return new Native({ ...(config ?? {}), iceTransportPolicy: 'relay' }, ...rest);
  };
  window.RTCPeerConnection.prototype = Native.prototype;
}

test('relay-only pages meet through coturn with credentials minted by meet', { timeout: 90000 }, async () => {
  const room = `relay-${Date.now()}`;
  const tokens = ['ann', 'ben'].map((identity) => signToken({ secret: meet.secret, room, identity }));
  const ann = await openJoined(browser, httpsUrl, tokens[0], 'ann', 30000, relayOnly);
  const ben = await openJoined(browser, httpsUrl, tokens[1], 'ben', 30000, relayOnly);
  pages.push(ann, ben);
  try {
    await Promise.all([waitForMedia(ann, [ben.participantId], 30000), waitForMedia(ben, [ann.participantId], 30000)]);
  } catch (err) {
    const info = await Promise.all([ann, ben].map((p) => p.page.evaluate(() => window.meetTest.transport())));
    throw new Error(`${err.message}\ntransport: ${JSON.stringify(info)}\ncoturn: ${turn.log()}\n${meet.tail?.(30) ?? ''}`);
  }
  await assertMediaGrows(ann, [ben.participantId]);
  for (const p of [ann, ben]) {
    const info = await p.page.evaluate(() => window.meetTest.transport());
    for (const side of ['publisher', 'subscriber']) {
      assert.equal(info?.[side]?.local?.candidateType, 'relay', `${p.name} ${side}: ${JSON.stringify(info)}`);
    }
  }
  for (const p of [ann, ben]) await closePage(p);
});

test('credentials from a wrong secret: coturn refuses and the page says why', { timeout: 90000 }, async () => {
  const wrong = await new MeetServer({
    extraArgs: [
      '--turn-secret', 'not-the-coturn-secret',
      '--turn-urls', `turn:127.0.0.1:${turnPort}?transport=udp`,
      '--workers', '1',
    ],
  }).start();
  try {
    const token = signToken({ secret: wrong.secret, room: 'wrong-turn', identity: 'eve' });
    const p = await openPage(browser, wrong.httpUrl, { token }, { name: 'eve', initScript: relayOnly });
    pages.push(p);
    // The SDK reports the relay's refusal (ICE candidate error 401) and the page shows it.
    const shown = await waitInPage(
      p,
      () => {
        const e = window.meetTest.events.find((x) => x.type === 'error' && x.code === 'turn_refused');
        return e ? document.getElementById('error')?.textContent || 'event only' : null;
      },
      undefined,
      { timeout: 30000, what: 'turn_refused shown' },
    );
    assert.match(shown, /relay|TURN/i);
    const state = await p.page.evaluate(() => window.meetTest.room?.publisher.iceConnectionState ?? 'none');
    assert.notEqual(state, 'connected');
    await closePage(p);
  } finally {
    await wrong.stop();
  }
});
