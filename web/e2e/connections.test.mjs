// Connection limits (issue 18, "Connections bounded"): under an open-file limit of 1024, 1100
// connections from one address that send half a request and then nothing do not delay
// /healthz or a join (over the WebSocket) from another address by more than 100 ms. The flood
// comes from 127.0.0.1, the measured client from 127.0.0.2 (all of 127/8 is loopback). No
// browser: plain sockets. Run with `node --test e2e/connections.test.mjs` in web/ (MEET_BIN).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MeetServer, sleep } from './harness.mjs';

const kFlood = 1100;
const kSamples = 7;
const kClientAddress = '127.0.0.2';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Opens a socket from `localAddress` and resolves when `done(buffered text)` says so; rejects
// on close or after `timeoutMs`. Returns the milliseconds it took.
function timedExchange(port, request, done, { localAddress = kClientAddress, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let text = '';
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms; got ${JSON.stringify(text.slice(0, 200))}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(request()));
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const next = done(text, socket);
      if (next === true) {
        clearTimeout(timer);
        socket.destroy();
        resolve(performance.now() - started);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`closed early; got ${JSON.stringify(text.slice(0, 200))}`));
    });
  });
}

function healthz(port) {
  return timedExchange(
    port,
    () => `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    (text) => /^HTTP\/1\.1 200/.test(text) && text.includes('\r\n\r\n'),
  );
}

// A client WebSocket frame (RFC 6455 section 5.2): FIN, text, masked.
function maskedTextFrame(text) {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; ++i) body[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([head, mask, body]);
}

// Upgrade to a WebSocket at /rtc, send `join`, resolve once `joined` arrives.
function join(port, token) {
  let upgraded = false;
  return timedExchange(
    port,
    () =>
      `GET /rtc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    (text, socket) => {
      if (!upgraded && /^HTTP\/1\.1 101/.test(text) && text.includes('\r\n\r\n')) {
        upgraded = true;
        socket.write(maskedTextFrame(JSON.stringify({ type: 'join', id: 1, token })));
      }
      return upgraded && text.includes('"type":"joined"');
    },
  );
}

async function measure(server, label) {
  const h = [];
  const j = [];
  for (let i = 0; i < kSamples; ++i) {
    h.push(await healthz(server.httpPort));
    j.push(await join(server.httpPort, server.token({ room: `conn-${label}-${i}`, identity: `u${i}` })));
  }
  return { healthz: median(h), join: median(j), healthzMax: Math.max(...h), joinMax: Math.max(...j) };
}

describe('connection limits under a 1024 open-file limit', () => {
  // The hard limit too: the server cannot raise its way out, the connection limits must hold.
  const server = new MeetServer({ launcher: ['prlimit', '--nofile=1024:1024', '--'] });
  const flood = [];

  before(async () => {
    await server.start();
  });

  after(async () => {
    for (const s of flood) s.destroy();
    await server.stop();
  });

  test('1100 slow-header connections from one address do not delay /healthz or a join', { timeout: 30000 }, async () => {
    const base = await measure(server, 'base');
    let open = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: kFlood }, () => {
        return new Promise((resolve) => {
          const s = net.connect({ host: '127.0.0.1', port: server.httpPort, localAddress: '127.0.0.1' });
          flood.push(s);
          s.on('connect', () => {
            ++open;
            // Half a request, then nothing: the server waits for the rest.
            s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
            resolve();
          });
          s.on('error', () => {});
          s.on('close', () => {
            ++refused;
            resolve();
          });
        });
      }),
    );
    await sleep(500);
    const alive = flood.filter((s) => !s.destroyed && s.readyState === 'open').length;
    const during = await measure(server, 'flood');
    const report = JSON.stringify({ base, during, open, refused, alive });
    console.log(`connection limits: ${report}`);
    assert.ok(alive <= 64, `more than 64 slow connections from one address are held: ${report}`);
    assert.ok(during.healthz - base.healthz < 100, `/healthz slowed by more than 100 ms: ${report}`);
    assert.ok(during.join - base.join < 100, `a join slowed by more than 100 ms: ${report}`);
    assert.ok(server.grep(/file descriptor limit/).length > 0, 'the start does not log the file descriptor limit');
    assert.ok(server.grep(/connection refused ip=127\.0\.0\.1 reason=per_address/).length > 0, 'no refusal logged');
  });
});
