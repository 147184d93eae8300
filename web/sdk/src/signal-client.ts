import { MeetError } from './meet-error.js';
import {
  parseServerMessage,
  type ClientMessage,
  type RequestId,
  type ServerMessage,
} from './protocol.js';

// The part of the browser WebSocket the client uses (lets tests pass a fake).
export interface SignalSocket {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SignalSocketFactory = (url: string) => SignalSocket;

// Tells whether a message carrying a request's id is an interim reply (e.g. `lobby` for
// `join`) rather than the final one. Must not throw.
export type InterimReply = (msg: ServerMessage) => boolean;

interface Pending {
  resolve: (msg: ServerMessage) => void;
  reject: (err: MeetError) => void;
  // Cleared once an interim reply came: the request then waits for as long as it takes.
  timer: ReturnType<typeof setTimeout> | undefined;
  interim: InterimReply | undefined;
}

type Outgoing = ClientMessage extends infer M ? (M extends { id?: RequestId } ? Omit<M, 'id'> : never) : never;

const kOpen = 1;

// One WebSocket to the server: JSON framing, request ids, and reply correlation.
// Replies (messages whose `id` matches a request in flight) settle that request; every
// other message goes to `onMessage`, in arrival order.
export class SignalClient {
  onMessage: (msg: ServerMessage) => void = () => {};
  onClose: (code: number, reason: string) => void = () => {};
  onBadFrame: (text: string) => void = () => {};

  // When the socket last received a frame (Date.now()), or opened: a live server answers each
  // `ping` with a `pong`, so this stays recent while the network works.
  lastHeardAt = 0;

  private socket: SignalSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<RequestId, Pending>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly factory: SignalSocketFactory = (u) => new WebSocket(u),
    private readonly requestTimeoutMs = 15000,
  ) {}

  get isOpen(): boolean {
    return !this.closed && this.socket !== undefined && this.socket.readyState === kOpen;
  }

  // Opens the socket; rejects if it closes or fails before opening.
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let socket: SignalSocket;
      try {
        socket = this.factory(this.url);
      } catch (err) {
        reject(new MeetError('connection_failed', String(err)));
        return;
      }
      this.socket = socket;
      let opened = false;
      socket.onopen = () => {
        opened = true;
        this.lastHeardAt = Date.now();
        resolve();
      };
      socket.onerror = () => {
        // A close event always follows; it carries the details.
      };
      socket.onclose = (ev: CloseEvent) => {
        const wasClosed = this.closed;
        this.closed = true;
        this.failPending(new MeetError('connection_closed', ev.reason || `socket closed (${ev.code})`));
        if (!opened) {
          reject(new MeetError('connection_failed', `cannot open ${this.url} (${ev.code})`));
          return;
        }
        if (!wasClosed) this.onClose(ev.code, ev.reason);
      };
      socket.onmessage = (ev: MessageEvent) => {
        this.lastHeardAt = Date.now();
        this.handleFrame(ev.data);
      };
    });
  }

  // Sends a request and resolves with its reply; rejects with the error reply's code,
  // `timeout`, or `connection_closed`. A message with the request's id for which `interim`
  // returns true is not the reply: `interim` saw it, and the request stops timing out and
  // waits for its final reply (or the socket closing).
  request(msg: Outgoing, timeoutMs = this.requestTimeoutMs, interim?: InterimReply): Promise<ServerMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new MeetError('connection_closed', 'socket is not open'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MeetError('timeout', `no reply to ${msg.type} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, interim });
      this.write({ ...msg, id } as ClientMessage);
    });
  }

  // Sends a message that gets no reply on success. An error reply (with this id) arrives
  // through `onMessage` as an `error` message. Returns false if the socket is not open.
  send(msg: Outgoing): boolean {
    if (!this.isOpen) return false;
    this.write({ ...msg, id: this.nextId++ } as ClientMessage);
    return true;
  }

  close(code = 1000, reason = 'client closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.failPending(new MeetError('connection_closed', reason));
    try {
      this.socket?.close(code, reason);
    } catch {
      // already closing
    }
  }

  private write(msg: ClientMessage): void {
    this.socket?.send(JSON.stringify(msg));
  }

  private handleFrame(data: unknown): void {
    if (typeof data !== 'string') {
      this.onBadFrame(String(data));
      return;
    }
    const msg = parseServerMessage(data);
    if (msg === null) return;
    if (!msg) {
      this.onBadFrame(data);
      return;
    }
    const id = (msg as { id?: RequestId }).id;
    if (id !== undefined) {
      const pending = this.pending.get(id);
      if (pending) {
        if (msg.type !== 'error' && pending.interim?.(msg) === true) {
          clearTimeout(pending.timer);
          pending.timer = undefined;
          return;
        }
        this.pending.delete(id);
        clearTimeout(pending.timer);
        if (msg.type === 'error') pending.reject(new MeetError(msg.code, msg.message));
        else pending.resolve(msg);
        return;
      }
    }
    this.onMessage(msg);
  }

  private failPending(err: MeetError): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
    this.pending.clear();
  }
}
