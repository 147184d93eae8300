// A mock of `meet serve` for testing the SDK without the C++ server: serves web/public and
// speaks protocol v1 on /rtc, with the media handled by a browser page (sfu-page.js).
// Tokens: `mock.<base64url JSON {room, sub, name, exp?, bad?, grants?, features?}>`; `bad: true`
// gives invalid_token, an `exp` in the past token_expired; `grants` (wire names) default to
// publish, subscribe and publish_data; `features` (of the joiner's room) default to all;
// `lobby: true` makes a joiner without the moderator grant wait in the lobby until a
// moderator of its room admits or denies it.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicDir } from '../harness.mjs';
import { MiniWebSocket } from './mini-websocket.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const kDefaultGrants = { publish: true, subscribe: true, publish_data: true, moderator: false, record: false };
const kAllFeatures = ['chat', 'screen_share', 'recording', 'reactions', 'raise_hand'];
const kTypes = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css' };

export function mockToken(claims) {
  return `mock.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
}

function parseToken(token) {
  if (typeof token !== 'string' || !token.startsWith('mock.')) return { error: 'invalid_token' };
  let claims;
  try {
    claims = JSON.parse(Buffer.from(token.slice(5), 'base64url').toString());
  } catch {
    return { error: 'invalid_token' };
  }
  if (claims.bad) return { error: 'invalid_token' };
  if (typeof claims.exp === 'number' && claims.exp < Date.now() / 1000) return { error: 'token_expired' };
  return { claims };
}

export async function startMockServer(browser) {
  const sfuContext = await browser.newContext();
  const sfuPage = await sfuContext.newPage();
  const log = [];
  sfuPage.on('console', (m) => log.push(`[sfu] ${m.text()}`));
  sfuPage.on('pageerror', (e) => log.push(`[sfu] pageerror ${e.message}`));

  const participants = new Map(); // id -> { ws, room, identity, name, tracks: [], subBusy, subDirty }
  let nextParticipant = 1;
  const chats = new Map(); // room -> last 100 chat messages (wire form), while anyone is in it
  let nextChat = 1;
  const sockets = new Set();
  const waiting = new Map(); // id -> { conn, claims, joinId, wire: {id, identity, name}, room }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://mock');
    if (url.pathname === '/__sfu.html') {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>sfu</title><script src="/__sfu.js"></script>');
      return;
    }
    if (url.pathname === '/__sfu.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(await readFile(path.join(here, 'sfu-page.js')));
      return;
    }
    if (url.pathname === '/healthz') {
      res.end('ok');
      return;
    }
    // The test page lives at /test/, as under `meet serve` (web/app/dist/test).
    const pathname = url.pathname.startsWith('/test/') ? url.pathname.slice('/test'.length) : url.pathname;
    const rel = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = path.resolve(publicDir, rel);
    if (!file.startsWith(publicDir)) {
      res.statusCode = 403;
      res.end();
      return;
    }
    try {
      const body = await readFile(file);
      res.setHeader('content-type', kTypes[path.extname(file)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end('not found');
    }
  });

  const sfu = (fn, ...args) => sfuPage.evaluate(fn, args);

  const send = (p, msg) => p.ws.send(JSON.stringify(msg));
  const others = (p) => [...participants.values()].filter((q) => q !== p && q.room === p.room);
  const moderators = (room) => [...participants.values()].filter((q) => q.room === room && q.grants.moderator);
  const lobbyOf = (room) => [...waiting.values()].filter((w) => w.room === room).map((w) => w.wire);
  const withId = (m, id) => (id === undefined ? m : { ...m, id });
  const wire = (p) => ({ id: p.id, identity: p.identity, name: p.name, tracks: p.tracks.map(({ id, kind, source, muted }) => ({ id, kind, source, muted })) });

  async function offerSubscriber(p) {
    if (p.subBusy) {
      p.subDirty = true;
      return;
    }
    p.subBusy = true;
    p.subDirty = false;
    const wanted = others(p).flatMap((q) => q.tracks.map((t) => ({ key: `${q.id}/${t.id}`, trackId: t.id, participantId: q.id, kind: t.kind })));
    const offer = await sfu(([pid, w]) => window.sfu.subscriberOffer(pid, w), p.id, wanted);
    if (!offer || !participants.has(p.id)) {
      p.subBusy = false;
      return;
    }
    send(p, { type: 'offer', sdp: offer.sdp, tracks: offer.tracks });
  }

  function leave(p) {
    if (!participants.delete(p.id)) return;
    if (others(p).length === 0) chats.delete(p.room);
    sfu(([pid]) => window.sfu.remove(pid), p.id).catch(() => {});
    for (const q of others(p)) {
      send(q, { type: 'participant_left', participant_id: p.id });
      offerSubscriber(q).catch((e) => log.push(`offer: ${e}`));
    }
  }

  function leaveLobby(w, reason) {
    if (!waiting.delete(w.wire.id)) return;
    w.conn.waiting = undefined;
    for (const q of moderators(w.room)) send(q, { type: 'lobby_left', participant_id: w.wire.id, reason });
  }

  async function enter(conn, claims, id, joinId) {
    const np = {
      id,
      ws: conn.ws,
      room: claims.room,
      identity: claims.sub,
      name: claims.name ?? claims.sub,
      grants: { ...kDefaultGrants, ...claims.grants },
      features: claims.features ?? kAllFeatures,
      tracks: [],
      nextTrack: 1,
      subBusy: false,
      subDirty: false,
    };
    await sfu(([pid]) => window.sfu.create(pid), np.id);
    participants.set(np.id, np);
    conn.participant = np;
    const room = { id: np.room, features: np.features, participants: others(np).map(wire), chat: chats.get(np.room) ?? [] };
    if (np.grants.moderator) room.lobby = lobbyOf(np.room);
    send(np, withId({ type: 'joined', participant: { id: np.id, identity: np.identity, name: np.name, grants: np.grants }, room, ice_servers: [] }, joinId));
    for (const q of others(np)) send(q, { type: 'participant_joined', participant: wire(np) });
    if (others(np).some((q) => q.tracks.length > 0)) await offerSubscriber(np);
  }

  async function handle(conn, text) {
    const msg = JSON.parse(text);
    const reply = (m) => conn.ws.send(JSON.stringify(msg.id === undefined ? m : { ...m, id: msg.id }));
    const p = conn.participant;
    if (conn.waiting) {
      if (msg.type === 'ping') return reply({ type: 'pong' });
      if (msg.type === 'leave') {
        leaveLobby(conn.waiting, 'left');
        conn.ws.close(1000, 'left');
        return;
      }
      return reply({ type: 'error', code: 'not_joined', message: 'waiting in the lobby' });
    }
    if (msg.type !== 'join' && !p) return reply({ type: 'error', code: 'not_joined', message: '' });
    switch (msg.type) {
      case 'join': {
        if (p) return reply({ type: 'error', code: 'already_joined', message: '' });
        const { claims, error } = parseToken(msg.token);
        if (error) {
          reply({ type: 'error', code: error, message: 'mock' });
          conn.ws.close(1008, error);
          return;
        }
        const id = `p_${nextParticipant++}`;
        if (claims.lobby && !claims.grants?.moderator) {
          const w = { conn, claims, joinId: msg.id, room: claims.room, wire: { id, identity: claims.sub, name: claims.name ?? claims.sub } };
          waiting.set(id, w);
          conn.waiting = w;
          reply({ type: 'lobby', participant: w.wire });
          for (const q of moderators(w.room)) send(q, { type: 'lobby_request', participant: w.wire });
          return;
        }
        await enter(conn, claims, id, msg.id);
        return;
      }
      case 'admit':
      case 'deny': {
        if (!p.grants.moderator) return reply({ type: 'error', code: 'not_allowed', message: 'no moderator grant' });
        const w = waiting.get(msg.participant_id);
        if (!w || w.room !== p.room) return reply({ type: 'error', code: 'not_found', message: 'nobody with that id waits' });
        reply({ type: 'ok' });
        leaveLobby(w, msg.type === 'admit' ? 'admitted' : 'denied');
        if (msg.type === 'admit') {
          await enter(w.conn, w.claims, w.wire.id, w.joinId);
        } else {
          w.conn.ws.send(JSON.stringify(withId({ type: 'error', code: 'lobby_denied', message: 'a host turned the request down' }, w.joinId)));
          w.conn.ws.close(1008, 'lobby_denied');
        }
        return;
      }
      case 'publish': {
        const res = await sfu(([pid, sdp]) => window.sfu.publish(pid, sdp), p.id, msg.sdp);
        const added = [];
        for (const a of res.added) {
          const source = (msg.tracks ?? []).find((t) => t.mid === a.mid)?.source ?? (a.kind === 'audio' ? 'microphone' : 'camera');
          const track = { id: `t_${p.nextTrack++}`, kind: a.kind, source, muted: false, mid: a.mid };
          await sfu(([tid, pid, mid]) => window.sfu.register(tid, pid, mid), `${p.id}/${track.id}`, p.id, a.mid);
          p.tracks.push(track);
          added.push(track);
        }
        reply({ type: 'answer', sdp: res.sdp });
        for (const q of others(p)) {
          for (const t of added) send(q, { type: 'track_published', participant_id: p.id, track: { id: t.id, kind: t.kind, source: t.source, muted: false } });
          await offerSubscriber(q);
        }
        return;
      }
      case 'subscriber_answer': {
        if (!p.subBusy) return reply({ type: 'error', code: 'unexpected', message: 'no offer' });
        await sfu(([pid, sdp]) => window.sfu.subscriberAnswer(pid, sdp), p.id, msg.sdp);
        p.subBusy = false;
        if (p.subDirty) await offerSubscriber(p);
        return;
      }
      case 'chat': {
        if (typeof msg.text !== 'string' || msg.text.length === 0 || Buffer.byteLength(msg.text) > 2000) {
          return reply({ type: 'error', code: 'bad_request', message: 'text must be 1 to 2000 bytes' });
        }
        if (!p.grants.publish_data || !p.features.includes('chat')) {
          return reply({ type: 'error', code: 'not_allowed', message: 'no publish_data grant or no chat feature' });
        }
        const message = { id: `c_${nextChat++}`, participant_id: p.id, identity: p.identity, name: p.name, text: msg.text, sent_at: Date.now() };
        const history = chats.get(p.room) ?? [];
        history.push(message);
        if (history.length > 100) history.shift();
        chats.set(p.room, history);
        reply({ type: 'ok' });
        for (const q of [p, ...others(p)]) send(q, { type: 'chat', message });
        return;
      }
      case 'ping':
        return reply({ type: 'pong' });
      case 'track_view':
        return; // no reply on success (docs/protocol.md); the mock forwards every track as is
      case 'leave':
        leave(p);
        conn.ws.close(1000, 'left');
        return;
      default:
        return reply({ type: 'error', code: 'bad_request', message: `mock does not do ${msg.type}` });
    }
  }

  server.on('upgrade', (req, socket) => {
    if (!req.url.startsWith('/rtc')) {
      socket.destroy();
      return;
    }
    const ws = MiniWebSocket.accept(req, socket);
    if (!ws) return;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const conn = { ws, participant: undefined, waiting: undefined, chain: Promise.resolve() };
    ws.onmessage = (text) => {
      log.push(`<- ${text.slice(0, 120)}`);
      conn.chain = conn.chain.then(() => handle(conn, text)).catch((e) => log.push(`handle: ${e.stack ?? e}`));
    };
    ws.onclose = () => {
      if (conn.waiting) leaveLobby(conn.waiting, 'left');
      if (conn.participant) leave(conn.participant);
    };
  });

  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  await sfuPage.goto(`${base}/__sfu.html`);
  await sfuPage.evaluate(() => window.sfu.init());
  return {
    httpUrl: base,
    log,
    participants,
    async close() {
      for (const p of participants.values()) p.ws.close(1001, 'bye');
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await sfuContext.close().catch(() => {});
    },
  };
}
