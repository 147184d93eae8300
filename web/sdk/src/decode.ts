// Runtime checks of server messages (docs/protocol.md): one small decoder per message type.
// A decoder returns the typed message, or undefined when a required field is missing or has
// the wrong type; optional fields of the wrong type are dropped. Nothing here throws.
import type {
  ServerMessage,
  TrackKind,
  TrackSource,
  WireChatMessage,
  WireGrants,
  WireLobbyParticipant,
  WireOfferTrack,
  WireParticipant,
  WireTrack,
} from './protocol.js';

type Obj = Record<string, unknown>;

// What `decodeServerMessage` found: a message, a type this SDK does not know (a newer server
// may add events: ignored), or a frame that breaks the protocol.
export type Decoded =
  | { ok: true; msg: ServerMessage }
  | { ok: false; unknownType: string }
  | { ok: false; unknownType?: undefined; why: string };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function id(o: Obj): { id?: number | string } {
  const v = o.id;
  return typeof v === 'number' || typeof v === 'string' ? { id: v } : {};
}

// Keeps the entries `decode` accepts; undefined when `v` is not an array.
function list<T>(v: unknown, decode: (x: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = [];
  for (const x of v) {
    const d = decode(x);
    if (d !== undefined) out.push(d);
  }
  return out;
}

const kSources: readonly string[] = ['camera', 'microphone', 'screen', 'screen_audio'];

export function decodeTrack(v: unknown): WireTrack | undefined {
  if (!isObj(v) || typeof v.id !== 'string') return undefined;
  if (v.kind !== 'audio' && v.kind !== 'video') return undefined;
  const kind: TrackKind = v.kind;
  const source = (kSources.includes(v.source as string) ? v.source : kind === 'audio' ? 'microphone' : 'camera') as TrackSource;
  return { id: v.id, kind, source, muted: v.muted === true };
}

function decodeGrants(v: unknown): WireGrants | undefined {
  if (!isObj(v)) return undefined;
  const g: WireGrants = {};
  for (const k of ['publish', 'subscribe', 'publish_data', 'moderator', 'record'] as const) {
    if (typeof v[k] === 'boolean') g[k] = v[k] as boolean;
  }
  return g;
}

export function decodeParticipant(v: unknown): WireParticipant | undefined {
  if (!isObj(v) || typeof v.id !== 'string') return undefined;
  const p: WireParticipant = { id: v.id, identity: str(v.identity) ?? '', name: str(v.name) ?? str(v.identity) ?? '' };
  const grants = decodeGrants(v.grants);
  if (grants) p.grants = grants;
  const tracks = list(v.tracks, decodeTrack);
  if (tracks) p.tracks = tracks;
  if (typeof v.hand_raised_at === 'number') p.hand_raised_at = v.hand_raised_at;
  return p;
}

export function decodeLobbyParticipant(v: unknown): WireLobbyParticipant | undefined {
  if (!isObj(v) || typeof v.id !== 'string') return undefined;
  return { id: v.id, identity: str(v.identity) ?? '', name: str(v.name) ?? '' };
}

export function decodeChat(v: unknown): WireChatMessage | undefined {
  if (!isObj(v) || typeof v.id !== 'string' || typeof v.text !== 'string') return undefined;
  if (typeof v.participant_id !== 'string' || typeof v.sent_at !== 'number') return undefined;
  return { id: v.id, participant_id: v.participant_id, identity: str(v.identity) ?? '', name: str(v.name) ?? '', text: v.text, sent_at: v.sent_at };
}

function decodeOfferTrack(v: unknown): WireOfferTrack | undefined {
  if (!isObj(v)) return undefined;
  const { mid, track_id, participant_id, kind } = v;
  if (typeof mid !== 'string' || typeof track_id !== 'string' || typeof participant_id !== 'string') return undefined;
  if (kind !== 'audio' && kind !== 'video') return undefined;
  return { mid, track_id, participant_id, kind };
}

function decodeIceServer(v: unknown): { urls: string | string[]; username?: string; credential?: string } | undefined {
  if (!isObj(v)) return undefined;
  const urls = typeof v.urls === 'string' ? v.urls : list(v.urls, str);
  if (urls === undefined) return undefined;
  const s: { urls: string | string[]; username?: string; credential?: string } = { urls };
  if (typeof v.username === 'string') s.username = v.username;
  if (typeof v.credential === 'string') s.credential = v.credential;
  return s;
}

function decodeRecordingState(v: unknown): { active: boolean; recording_id?: string } | undefined {
  if (!isObj(v) || typeof v.active !== 'boolean') return undefined;
  const rid = str(v.recording_id);
  return { active: v.active, ...(rid !== undefined ? { recording_id: rid } : {}) };
}

type Decoder = (o: Obj) => ServerMessage | undefined;

const kDecoders: Record<string, Decoder> = {
  joined: (o) => {
    const participant = decodeParticipant(o.participant);
    const room = o.room;
    if (!participant || !isObj(room) || typeof room.id !== 'string') return undefined;
    const r: Extract<ServerMessage, { type: 'joined' }>['room'] = {
      id: room.id,
      participants: list(room.participants, decodeParticipant) ?? [],
    };
    const features = list(room.features, str);
    if (features) r.features = features;
    const chat = list(room.chat, decodeChat);
    if (chat) r.chat = chat;
    const lobby = list(room.lobby, decodeLobbyParticipant);
    if (lobby) r.lobby = lobby;
    if (typeof room.title === 'string') r.title = room.title;
    if (typeof room.locked === 'boolean') r.locked = room.locked;
    const recording = decodeRecordingState(room.recording);
    if (recording) r.recording = recording;
    const m: ServerMessage = { type: 'joined', ...id(o), participant, room: r };
    const ice = list(o.ice_servers, decodeIceServer);
    if (ice) m.ice_servers = ice;
    return m;
  },
  lobby: (o) => {
    const participant = decodeLobbyParticipant(o.participant);
    return participant ? { type: 'lobby', ...id(o), participant } : undefined;
  },
  answer: (o) => {
    if (typeof o.sdp !== 'string') return undefined;
    const tracks = list(o.tracks, (t) =>
      isObj(t) && typeof t.mid === 'string' && typeof t.track_id === 'string' ? { mid: t.mid, track_id: t.track_id } : undefined,
    );
    return { type: 'answer', ...id(o), sdp: o.sdp, ...(tracks ? { tracks } : {}) };
  },
  ok: (o) => ({ type: 'ok', ...id(o) }),
  pong: (o) => ({ type: 'pong', ...id(o) }),
  error: (o) => {
    const code = str(o.code);
    if (code === undefined) return undefined;
    const message = str(o.message);
    return { type: 'error', ...id(o), code, ...(message !== undefined ? { message } : {}) };
  },
  offer: (o) => {
    if (typeof o.sdp !== 'string') return undefined;
    return { type: 'offer', ...id(o), sdp: o.sdp, tracks: list(o.tracks, decodeOfferTrack) ?? [] };
  },
  participant_joined: (o) => {
    const participant = decodeParticipant(o.participant);
    return participant ? { type: 'participant_joined', participant } : undefined;
  },
  participant_left: (o) => (typeof o.participant_id === 'string' ? { type: 'participant_left', participant_id: o.participant_id } : undefined),
  track_published: (o) => {
    const track = decodeTrack(o.track);
    if (!track || typeof o.participant_id !== 'string') return undefined;
    return { type: 'track_published', participant_id: o.participant_id, track };
  },
  track_unpublished: (o) => {
    if (typeof o.participant_id !== 'string' || typeof o.track_id !== 'string') return undefined;
    return { type: 'track_unpublished', participant_id: o.participant_id, track_id: o.track_id };
  },
  track_muted: (o) => {
    if (typeof o.participant_id !== 'string' || typeof o.track_id !== 'string' || typeof o.muted !== 'boolean') return undefined;
    const by = str(o.by);
    return { type: 'track_muted', participant_id: o.participant_id, track_id: o.track_id, muted: o.muted, ...(by !== undefined ? { by } : {}) };
  },
  active_speaker: (o) => {
    const pid = o.participant_id === null ? null : str(o.participant_id);
    if (pid === undefined) return undefined;
    return { type: 'active_speaker', participant_id: pid, speaking: list(o.speaking, str) ?? [] };
  },
  chat: (o) => {
    const message = decodeChat(o.message);
    return message ? { type: 'chat', message } : undefined;
  },
  lobby_request: (o) => {
    const participant = decodeLobbyParticipant(o.participant);
    return participant ? { type: 'lobby_request', participant } : undefined;
  },
  lobby_left: (o) => {
    if (typeof o.participant_id !== 'string') return undefined;
    return { type: 'lobby_left', participant_id: o.participant_id, reason: str(o.reason) ?? 'unknown' };
  },
  hand: (o) => {
    if (typeof o.participant_id !== 'string' || typeof o.raised !== 'boolean') return undefined;
    const at = typeof o.raised_at === 'number' ? o.raised_at : undefined;
    return { type: 'hand', participant_id: o.participant_id, raised: o.raised, ...(at !== undefined ? { raised_at: at } : {}) };
  },
  stats: (o) => {
    const sub = o.subscriber;
    if (!isObj(sub)) return undefined;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    const tracks =
      list(sub.tracks, (t) =>
        isObj(t) && typeof t.track_id === 'string'
          ? {
              track_id: t.track_id,
              kind: str(t.kind) ?? '',
              layer: num(t.layer),
              target_layer: num(t.target_layer),
              // Absent from servers before temporal layers: read as the base layer.
              temporal_layer: num(t.temporal_layer),
              target_temporal_layer: num(t.target_temporal_layer),
              paused: t.paused === true,
              packets_sent: num(t.packets_sent),
              view: isObj(t.view)
                ? { visible: t.view.visible !== false, width: num(t.view.width), height: num(t.view.height) }
                : { visible: true, width: 0, height: 0 },
              layers: list(t.layers, (l) => (isObj(l) ? { height: num(l.height), active: l.active === true } : undefined)) ?? [],
            }
          : undefined,
      ) ?? [];
    return {
      type: 'stats',
      ...id(o),
      subscriber: {
        estimate_bps: num(sub.estimate_bps),
        loss: num(sub.loss),
        rtt_ms: num(sub.rtt_ms),
        probes_sent: num(sub.probes_sent),
        probes_succeeded: num(sub.probes_succeeded),
        tracks,
      },
    };
  },
  recording: (o) => {
    const state = decodeRecordingState(o);
    return state ? { type: 'recording', ...state } : undefined;
  },
  unmute_requested: (o) => {
    if (typeof o.participant_id !== 'string' || typeof o.track_id !== 'string') return undefined;
    return { type: 'unmute_requested', participant_id: o.participant_id, track_id: o.track_id, by: str(o.by) ?? '' };
  },
  disconnected: (o) => ({ type: 'disconnected', reason: str(o.reason) ?? 'unknown' }),
};

// Checks one parsed frame.
export function decodeServerMessage(value: unknown): Decoded {
  if (!isObj(value)) return { ok: false, why: 'not a JSON object' };
  const type = value.type;
  if (typeof type !== 'string') return { ok: false, why: 'no string type' };
  const decoder = Object.prototype.hasOwnProperty.call(kDecoders, type) ? kDecoders[type] : undefined;
  if (!decoder) return { ok: false, unknownType: type };
  const msg = decoder(value);
  return msg ? { ok: true, msg } : { ok: false, why: `malformed ${type}` };
}
