// When and how a Room comes back after its connection broke, as a state machine with the
// clock passed in (tests drive it with a fake clock, the Room with the browser's timers).
//
//   connected --mediaInterrupted (ICE disconnected, or the network silent)--> reconnecting(waiting for ICE) --mediaRestored--> connected
//   connected --signalLost / mediaFailed / ICE grace over--> reconnecting(rejoin attempts)
//   reconnecting --rejoin ok--> connected
//   reconnecting --fatal rejoin error (removed, token_expired...)--> disconnected(code)
//   reconnecting --giveUpAfterMs since the break--> disconnected('reconnect_failed')
//   any --stop()--> disconnected (leave, server said `disconnected`)
//
// A media interruption (ICE `disconnected`) often heals by itself within seconds (a network
// blip, a Wi-Fi roam); only when it does not within `iceGraceMs`, or ICE says `failed`, or
// the signaling socket drops, does the Room rejoin: a new socket, a new `join` with the same
// token (the server replaces the old session), new peer connections, the same local tracks.
import { MeetError } from './meet-error.js';

export type ConnectionState = 'connected' | 'reconnecting' | 'disconnected';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ReconnectOptions {
  // Give up this long after the connection broke (default 120 s): then `disconnected` with
  // reason `reconnect_failed`.
  giveUpAfterMs?: number;
  // How long a media interruption may last before the Room rejoins (default 6 s).
  iceGraceMs?: number;
  // Wait before the first rejoin attempt (default 250 ms), doubling up to `maxDelayMs`
  // (default 2 s) so that a server back after a restart is found within about 2 s.
  firstDelayMs?: number;
  maxDelayMs?: number;
}

// Codes after which rejoining cannot help: the person has to do something.
const kFatal = new Set([
  'invalid_token',
  'token_expired',
  'not_allowed',
  'removed',
  'room_ended',
  'room_closed',
  'room_full',
  'room_locked',
  'lobby_denied',
  'bad_request',
]);

export function isFatalRejoinError(code: string): boolean {
  return kFatal.has(code);
}

export interface ReconnectActions {
  // Makes one full rejoin; rejects with a MeetError whose code says why it failed.
  rejoin(): Promise<void>;
  // Every state change, with the reason (`connection_lost (1006)`, `media_interrupted`,
  // `reconnect_failed`, the fatal code...).
  onState(state: ConnectionState, reason: string): void;
}

export class ReconnectMachine {
  private stateValue: ConnectionState = 'connected';
  private brokeAt = 0;
  private attempt = 0;
  private timer: unknown;
  private rejoining = false;
  private waitingForIce = false;
  private readonly o: Required<ReconnectOptions>;

  constructor(
    private readonly actions: ReconnectActions,
    opts: ReconnectOptions = {},
    private readonly clock: Clock = browserClock,
  ) {
    this.o = {
      giveUpAfterMs: opts.giveUpAfterMs ?? 120_000,
      iceGraceMs: opts.iceGraceMs ?? 6000,
      firstDelayMs: opts.firstDelayMs ?? 250,
      maxDelayMs: opts.maxDelayMs ?? 2000,
    };
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  // Rejoin attempts made since the connection broke.
  get attempts(): number {
    return this.attempt;
  }

  // The signaling socket closed (or stopped answering) without the server ending the session.
  signalLost(reason: string): void {
    if (this.stateValue === 'disconnected') return;
    this.waitingForIce = false;
    if (this.stateValue === 'connected') this.enterReconnecting(reason);
    if (!this.rejoining) this.schedule(0);
  }

  // A peer connection went `disconnected` (or the network went silent: `network_silent`): wait
  // `iceGraceMs` for it to come back.
  mediaInterrupted(reason = 'media_interrupted'): void {
    if (this.stateValue !== 'connected') return;
    this.enterReconnecting(reason);
    this.waitingForIce = true;
    this.setTimer(this.o.iceGraceMs, () => {
      this.waitingForIce = false;
      this.attemptNow();
    });
  }

  // Both peer connections are `connected` again.
  mediaRestored(): void {
    if (!this.waitingForIce) return;
    this.waitingForIce = false;
    this.clearTimer();
    this.enterConnected();
  }

  // A peer connection went `failed`: rejoin now.
  mediaFailed(): void {
    if (this.stateValue === 'disconnected') return;
    if (this.stateValue === 'connected') this.enterReconnecting('media_failed');
    if (this.rejoining) return;
    this.waitingForIce = false;
    this.clearTimer();
    this.attemptNow();
  }

  // The room is over (left, or the server ended the session): no more attempts.
  stop(reason: string): void {
    if (this.stateValue === 'disconnected') return;
    this.clearTimer();
    this.waitingForIce = false;
    this.stateValue = 'disconnected';
    this.actions.onState('disconnected', reason);
  }

  private enterReconnecting(reason: string): void {
    this.stateValue = 'reconnecting';
    this.brokeAt = this.clock.now();
    this.attempt = 0;
    this.actions.onState('reconnecting', reason);
  }

  private enterConnected(): void {
    this.stateValue = 'connected';
    this.attempt = 0;
    this.actions.onState('connected', 'reconnected');
  }

  private schedule(delayMs: number): void {
    const left = this.brokeAt + this.o.giveUpAfterMs - this.clock.now();
    if (left <= 0) {
      this.stop('reconnect_failed');
      return;
    }
    this.setTimer(Math.min(delayMs, left), () => this.attemptNow());
  }

  private attemptNow(): void {
    if (this.stateValue !== 'reconnecting' || this.rejoining) return;
    this.clearTimer();
    this.rejoining = true;
    this.attempt++;
    let done: Promise<void>;
    try {
      done = this.actions.rejoin();
    } catch (err) {
      done = Promise.reject(err);
    }
    done.then(
      () => {
        this.rejoining = false;
        if (this.stateValue === 'reconnecting') this.enterConnected();
      },
      (err: unknown) => {
        this.rejoining = false;
        if (this.stateValue !== 'reconnecting') return;
        const code = err instanceof MeetError ? err.code : 'internal';
        if (isFatalRejoinError(code)) {
          this.stop(code);
          return;
        }
        const delay = Math.min(this.o.maxDelayMs, this.o.firstDelayMs * 2 ** (this.attempt - 1));
        this.schedule(delay);
      },
    );
  }

  private setTimer(ms: number, fn: () => void): void {
    this.clearTimer();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      fn();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
