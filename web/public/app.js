// Test page for the Meet SDK: joins with ?token=, publishes camera and microphone, shows one
// tile per remote participant, a chat panel, and for moderators the lobby (who waits to be let
// in, with Admit / Deny). In a meeting with a lobby a guest first waits (state `lobby`). Query: token (required), server
// (ws[s]://host:port, default this page's origin), publish=0 (join without publishing).
import { Room } from './sdk/index.js';

const params = new URLSearchParams(location.search);
const token = params.get('token') ?? '';
const server =
  params.get('server') ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
const shouldPublish = params.get('publish') !== '0';
// `simulcast=0` publishes the camera as one stream (the SDK's default is three layers).
const simulcast = params.get('simulcast') !== '0';
// `codec=vp9` or `codec=h264` publishes the camera with that codec (the SDK's default is VP8).
const videoCodec = params.get('codec') ?? undefined;
// Camera size asked for, `?video=1280x720` (tests that measure quality use a large source).
const [videoWidth, videoHeight] = (params.get('video') ?? '640x360').split('x').map(Number);
// Width of the remote tiles in CSS pixels, `?tile=1280` (the server sends the simulcast layer
// that fits a tile; tests that want the top layer show large tiles).
const tileWidth = Number(params.get('tile') ?? 0);

const statusEl = document.getElementById('status');
const errorEl = document.getElementById('error');
const tilesEl = document.getElementById('tiles');
const chatNoteEl = document.getElementById('chat-note');
const chatListEl = document.getElementById('chat-messages');
const chatFormEl = document.getElementById('chat-form');
const chatInputEl = document.getElementById('chat-input');
const chatSendEl = document.getElementById('chat-send');
const chatErrorEl = document.getElementById('chat-error');
const lobbyEl = document.getElementById('lobby');
const lobbyCountEl = document.getElementById('lobby-count');
const lobbyListEl = document.getElementById('lobby-list');
const lobbyErrorEl = document.getElementById('lobby-error');

const meetTest = {
  room: null,
  state: 'starting',
  errorCode: null,
  published: false,
  // The camera and microphone stream this page publishes (null until getUserMedia resolved).
  localStream: null,
  // The server's active speaker (a participant id) once someone spoke.
  activeSpeaker: null,
  events: [],
  // Chat messages received (the SDK's ChatMessage objects): the history `joined` brought,
  // then every `chat` event, oldest first.
  chat: [],
  // Whether the chat panel lets this participant send (feature `chat` and grant publish_data).
  chatEnabled: false,
  // Moderators: who waits in the lobby (the room's `lobby`: {id, identity, name}, oldest first).
  get lobby() {
    return meetTest.room ? [...meetTest.room.lobby] : [];
  },
  stats: async () => (meetTest.room ? meetTest.room.getSubscriberStats() : []),
  transport: async () => (meetTest.room ? meetTest.room.getTransportInfo() : undefined),
};
window.meetTest = meetTest;

function record(type, detail = {}) {
  meetTest.events.push({ type, at: Date.now(), ...detail });
}

function setState(state, text) {
  meetTest.state = state;
  statusEl.textContent = text ?? state;
  record('state', { state });
}

function showError(code, message) {
  meetTest.errorCode = code;
  const detail = (message ?? '').replace(`${code}: `, '');
  errorEl.textContent = `${code}${detail && detail !== code ? ` — ${detail}` : ''}`;
  errorEl.dataset.code = code;
}

function tileFor(participantId, name) {
  let tile = tilesEl.querySelector(`.tile[data-participant-id="${CSS.escape(participantId)}"]`);
  if (!tile) {
    tile = document.createElement('div');
    tile.className = 'tile';
    tile.dataset.participantId = participantId;
    if (tileWidth > 0) tile.style.width = `${tileWidth}px`;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true; // audio plays through the <audio> element
    const audio = document.createElement('audio');
    audio.autoplay = true;
    const label = document.createElement('div');
    label.className = 'name';
    tile.append(video, audio, label);
    tilesEl.append(tile);
  }
  if (name !== undefined) tile.querySelector('.name').textContent = name;
  return tile;
}

function removeTile(participantId) {
  tilesEl.querySelector(`.tile[data-participant-id="${CSS.escape(participantId)}"]`)?.remove();
}

function attach(tile, kind, mediaStreamTrack) {
  const el = tile.querySelector(kind === 'video' ? 'video' : 'audio');
  el.srcObject = new MediaStream([mediaStreamTrack]);
  el.play().catch((err) => record('play_failed', { kind, message: String(err) }));
}

// ---- chat panel ----

const shownChat = new WeakSet();

function addChatMessage(message) {
  if (shownChat.has(message)) return;
  shownChat.add(message);
  meetTest.chat.push(message);
  const item = document.createElement('li');
  item.dataset.messageId = message.id;
  item.dataset.participantId = message.participantId;
  const name = document.createElement('span');
  name.className = 'chat-name';
  name.textContent = message.name || message.identity || message.participantId;
  const text = document.createElement('span');
  text.className = 'chat-text';
  text.textContent = message.text;
  item.append(name, ': ', text);
  chatListEl.append(item);
  chatListEl.scrollTop = chatListEl.scrollHeight;
}

function setChatEnabled(enabled, note) {
  meetTest.chatEnabled = enabled;
  chatInputEl.disabled = !enabled;
  chatSendEl.disabled = !enabled;
  chatNoteEl.textContent = note ?? '';
}

function startChat(room) {
  for (const message of room.chatMessages) addChatMessage(message);
  room.on('chat', (message) => {
    record('chat', { messageId: message.id, participantId: message.participantId });
    addChatMessage(message);
  });
  if (!room.features.includes('chat')) setChatEnabled(false, 'chat is off: this meeting has no chat feature');
  else if (!room.localParticipant.grants.publishData) setChatEnabled(false, 'chat is read-only: the token has no publish_data grant');
  else setChatEnabled(true);

  chatFormEl.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = chatInputEl.value;
    if (!meetTest.chatEnabled || text.trim() === '') return;
    chatErrorEl.textContent = '';
    chatSendEl.disabled = true;
    try {
      await room.sendChat(text);
      if (chatInputEl.value === text) chatInputEl.value = '';
    } catch (err) {
      const code = err.code ?? 'chat_failed';
      chatErrorEl.textContent = err.message ?? code;
      chatErrorEl.dataset.code = code;
      record('chat_failed', { code });
    } finally {
      chatSendEl.disabled = !meetTest.chatEnabled;
      chatInputEl.focus();
    }
  });
}

// ---- lobby panel (moderators) ----

function renderLobby(room) {
  const waiting = room.lobby;
  lobbyCountEl.textContent = String(waiting.length);
  lobbyListEl.replaceChildren(
    ...waiting.map((p) => {
      const item = document.createElement('li');
      item.dataset.participantId = p.id;
      const name = document.createElement('span');
      name.className = 'lobby-name';
      name.textContent = p.name || p.identity || p.id;
      const admit = document.createElement('button');
      admit.type = 'button';
      admit.className = 'lobby-admit';
      admit.textContent = 'Admit';
      const deny = document.createElement('button');
      deny.type = 'button';
      deny.className = 'lobby-deny';
      deny.textContent = 'Deny';
      const decide = async (action) => {
        admit.disabled = true;
        deny.disabled = true;
        lobbyErrorEl.textContent = '';
        try {
          // The row goes once `lobbyLeft` arrives.
          await (action === 'admit' ? room.admit(p.id) : room.deny(p.id));
        } catch (err) {
          const code = err.code ?? 'lobby_failed';
          lobbyErrorEl.textContent = err.message ?? code;
          lobbyErrorEl.dataset.code = code;
          record('lobby_failed', { action, participantId: p.id, code });
          admit.disabled = false;
          deny.disabled = false;
        }
      };
      admit.addEventListener('click', () => decide('admit'));
      deny.addEventListener('click', () => decide('deny'));
      item.append(name, admit, deny);
      return item;
    }),
  );
}

function startLobby(room) {
  lobbyEl.hidden = !room.localParticipant.grants.moderator;
  renderLobby(room);
  room.on('lobbyRequest', (p) => {
    record('lobbyRequest', { participantId: p.id, identity: p.identity, name: p.name });
    renderLobby(room);
  });
  room.on('lobbyLeft', (participantId, reason) => {
    record('lobbyLeft', { participantId, reason });
    renderLobby(room);
  });
}

async function main() {
  if (!token) {
    setState('error');
    showError('no_token', 'add ?token=... to the address');
    return;
  }
  setState('connecting');
  let room;
  try {
    room = await Room.connect(server, token, {
      onLobby: (me) => {
        record('lobby', { participantId: me.id, identity: me.identity, name: me.name });
        setState('lobby', 'Waiting for a host to let you in');
      },
    });
  } catch (err) {
    setState('error', err.code === 'lobby_denied' ? 'A host did not let you in' : undefined);
    showError(err.code ?? 'connection_failed', err.message);
    record('join_failed', { code: err.code ?? null });
    return;
  }
  meetTest.room = room;
  room.on('activeSpeaker', (participantId, speaking) => {
    meetTest.activeSpeaker = participantId;
    record('active_speaker', { participantId, speaking });
  });
  setState('joined', `joined room ${room.id} as ${room.localParticipant.name}`);
  record('joined', { participantId: room.localParticipant.id, roomId: room.id });

  for (const p of room.participants.values()) tileFor(p.id, p.name || p.identity);
  startChat(room);
  startLobby(room);

  room.on('participantJoined', (p) => {
    record('participantJoined', { participantId: p.id, name: p.name });
    tileFor(p.id, p.name || p.identity);
  });
  room.on('participantLeft', (p) => {
    record('participantLeft', { participantId: p.id });
    removeTile(p.id);
  });
  room.on('trackPublished', (p, t) => record('trackPublished', { participantId: p.id, trackId: t.id, kind: t.kind }));
  room.on('trackUnpublished', (p, t) => record('trackUnpublished', { participantId: p.id, trackId: t.id }));
  room.on('trackMuted', (e) => record('trackMuted', { ...e }));
  room.on('localTrackMuted', (e) => record('localTrackMuted', { trackId: e.track.trackId, kind: e.track.kind, by: e.by }));
  room.on('unmuteRequested', (e) => record('unmuteRequested', { trackId: e.trackId, by: e.by }));
  room.on('trackSubscribed', (t) => {
    record('trackSubscribed', { participantId: t.participantId, trackId: t.trackId, kind: t.kind, mid: t.mid });
    const p = room.participants.get(t.participantId);
    const tile = tileFor(t.participantId, p ? p.name || p.identity : undefined);
    attach(tile, t.kind, t.mediaStreamTrack);
    // The server sends the layer that fits this tile, and pauses it while hidden.
    if (t.kind === 'video') room.showTrack(tile.querySelector('video'), t);
  });
  room.on('trackUnsubscribed', (t) =>
    record('trackUnsubscribed', { participantId: t.participantId, trackId: t.trackId, kind: t.kind }),
  );
  room.on('localTrackPublished', (t) => record('localTrackPublished', { trackId: t.trackId, kind: t.kind }));
  room.on('error', (err) => {
    record('error', { code: err.code, message: err.message });
    showError(err.code, err.message);
  });
  room.on('disconnected', (reason) => {
    record('disconnected', { reason });
    setState('disconnected', `disconnected: ${reason}`);
    tilesEl.replaceChildren();
    setChatEnabled(false, 'disconnected');
    lobbyEl.hidden = true;
    renderLobby(room);
  });

  if (!shouldPublish) return;
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: videoWidth, height: videoHeight }, audio: true });
    meetTest.localStream = stream;
  } catch (err) {
    showError('media_error', String(err));
    record('media_error', { message: String(err) });
    return;
  }
  const localTile = tileFor('local', `${room.localParticipant.name} (you)`);
  localTile.classList.add('local');
  localTile.querySelector('video').srcObject = stream;
  try {
    const tracks = await room.publish(stream, { simulcast, videoCodec });
    meetTest.published = true;
    record('published', { mids: tracks.map((t) => t.mid) });
    statusEl.textContent += ', publishing';
  } catch (err) {
    showError(err.code ?? 'publish_failed', err.message);
    record('publish_failed', { code: err.code ?? null });
  }
}

main().catch((err) => {
  setState('error');
  showError('internal', String(err));
});
