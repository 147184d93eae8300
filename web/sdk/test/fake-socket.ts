import type { SignalSocket } from '../src/signal-client.js';

// A SignalSocket driven by the test: `open()` opens it, `frame()` delivers a server frame,
// `sent` holds what the client sent (parsed).
export class FakeSocket implements SignalSocket {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  sent: Record<string, unknown>[] = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = ''): void {
    this.serverClose(code, reason);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  frame(obj: unknown): void {
    this.onmessage?.({ data: typeof obj === 'string' ? obj : JSON.stringify(obj) } as MessageEvent);
  }
  serverClose(code = 1006, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
}
