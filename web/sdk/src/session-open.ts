// Opens one signaling session: the socket, `join`, the lobby wait, and the messages that
// arrived before the caller is ready for them. Used by `Room.connect` and by each rejoin.
import type { LobbyParticipant } from './lobby.js';
import { lobbyParticipantFromWire } from './lobby.js';
import { MeetError } from './meet-error.js';
import type { JoinedMessage, ServerMessage } from './protocol.js';
import { SignalClient, type SignalSocketFactory } from './signal-client.js';

export interface SessionOptions {
  socketFactory?: SignalSocketFactory | undefined;
  joinTimeoutMs: number;
  requestTimeoutMs: number;
  pingIntervalMs: number;
  onLobby?: ((me: LobbyParticipant) => void) | undefined;
}

export interface OpenSession {
  signal: SignalClient;
  joined: JoinedMessage;
  // Events that came with or right after `joined`, in order.
  early: ServerMessage[];
}

export function rtcUrl(url: string): string {
  return `${url.replace(/\/+$/, '')}/rtc`;
}

// A keepalive `ping`; `onLost` hears when it got no answer (a socket the network silently
// dropped stays "open" for minutes otherwise).
export function ping(signal: SignalClient, onLost?: (code: string) => void): void {
  signal.request({ type: 'ping' }).catch((err: unknown) => {
    if (err instanceof MeetError && err.code === 'timeout') onLost?.('timeout');
  });
}

// Resolves once `joined` arrived; rejects with a MeetError (the server's code, the reason of
// a `disconnected` that came instead, `connection_failed`, `timeout`...). The socket is closed
// on failure.
export async function openSession(url: string, token: string, o: SessionOptions): Promise<OpenSession> {
  const signal = new SignalClient(rtcUrl(url), o.socketFactory, o.requestTimeoutMs);
  const early: ServerMessage[] = [];
  let earlyFailure: ((err: MeetError) => void) | undefined;
  signal.onMessage = (msg) => {
    if (msg.type === 'error' && earlyFailure) earlyFailure(new MeetError(msg.code, msg.message));
    else if (msg.type === 'disconnected' && earlyFailure) earlyFailure(new MeetError(msg.reason));
    else early.push(msg);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lobbyPing: ReturnType<typeof setInterval> | undefined;
  // The interim `lobby` reply to `join`: waiting may take minutes, so no join timeout from
  // now on, and keepalive pings meanwhile.
  const inLobby = (msg: ServerMessage): boolean => {
    if (msg.type !== 'lobby') return false;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (lobbyPing === undefined) lobbyPing = setInterval(() => ping(signal), o.pingIntervalMs);
    const me = lobbyParticipantFromWire(msg.participant) ?? { id: '', identity: '', name: '' };
    try {
      o.onLobby?.(me);
    } catch {
      // the caller's callback failing must not stop the join
    }
    return true;
  };
  try {
    const joined = await new Promise<JoinedMessage>((resolve, reject) => {
      earlyFailure = reject;
      timer = setTimeout(() => reject(new MeetError('timeout', `no joined within ${o.joinTimeoutMs} ms`)), o.joinTimeoutMs);
      signal
        .open()
        .then(() => signal.request({ type: 'join', token }, o.joinTimeoutMs, inLobby))
        .then((reply) => {
          if (reply.type === 'joined') resolve(reply);
          else reject(new MeetError('bad_message', `expected joined, got ${reply.type}`));
        })
        .catch(reject);
    });
    return { signal, joined, early };
  } catch (err) {
    signal.close(1000, 'join failed');
    throw err instanceof MeetError ? err : new MeetError('internal', String(err));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (lobbyPing !== undefined) clearInterval(lobbyPing);
    earlyFailure = undefined;
  }
}
