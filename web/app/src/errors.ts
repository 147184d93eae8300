// What the app tells a person when something goes wrong: a title, a sentence with the way
// forward, and which buttons to offer. Codes are the server's (docs/protocol.md, docs/api.md)
// or the SDK's; the raw code is never the message.

export type ErrorAction = 'rejoin' | 'home' | 'retry';

export interface ErrorText {
  code: string;
  title: string;
  detail: string;
  actions: ErrorAction[];
}

const kTexts: Record<string, Omit<ErrorText, 'code'>> = {
  room_ended: { title: 'The meeting has ended', detail: 'A host ended this meeting for everyone.', actions: ['home'] },
  meeting_ended: { title: 'The meeting has ended', detail: 'This meeting is over; ask the organiser for a new link.', actions: ['home'] },
  room_closed: { title: 'This meeting is not available', detail: 'It may have ended or the link may be wrong. Check the link with the organiser.', actions: ['home'] },
  removed: { title: 'You were removed from the meeting', detail: 'A host removed you. If this was a mistake, ask them to invite you again.', actions: ['home'] },
  replaced: { title: 'You joined from somewhere else', detail: 'This meeting is open in another tab or device, so this one was closed.', actions: ['rejoin', 'home'] },
  connection_lost: { title: 'Connection lost', detail: 'We could not reach the meeting server for a while. Check your network, then rejoin.', actions: ['rejoin', 'home'] },
  reconnect_failed: { title: 'Connection lost', detail: 'We tried for two minutes to get you back into the meeting. Check your network (Wi-Fi, cable, VPN), then rejoin.', actions: ['rejoin', 'home'] },
  room_locked: { title: 'The meeting is locked', detail: 'A host locked this meeting, so nobody new can join. Ask a host to unlock it, then try again.', actions: ['retry', 'home'] },
  timeout: { title: 'Connection lost', detail: 'The meeting server stopped answering. Check your network, then rejoin.', actions: ['rejoin', 'home'] },
  server_shutdown: { title: 'The server restarted', detail: 'The meeting server went away and did not come back in time. Try to rejoin.', actions: ['rejoin', 'home'] },
  connection_failed: { title: 'Cannot reach the meeting server', detail: 'Check your network connection and try again.', actions: ['retry', 'home'] },
  connection_closed: { title: 'Cannot reach the meeting server', detail: 'The server closed the connection. Try again in a moment.', actions: ['retry', 'home'] },
  invalid_token: { title: 'This invitation is not valid', detail: 'The link is damaged or was not made for this server. Ask the organiser for a new one.', actions: ['home'] },
  token_expired: { title: 'This invitation has expired', detail: 'Ask the organiser for a new link.', actions: ['home'] },
  room_full: { title: 'The meeting is full', detail: 'No more people can join right now. Try again later.', actions: ['retry', 'home'] },
  lobby_denied: { title: 'You were not let in', detail: 'A host declined your request to join.', actions: ['home'] },
  not_found: { title: 'No meeting with this code', detail: 'Check the code or link and try again.', actions: ['home'] },
  app_meetings_disabled: { title: 'Meetings are created elsewhere', detail: 'On this server, meetings come from your organisation’s own system. Use the invitation link you were sent.', actions: ['home'] },
  rate_limited: { title: 'Too many attempts', detail: 'Wait a few seconds and try again.', actions: ['retry', 'home'] },
  left: { title: 'You left the meeting', detail: 'You can rejoin while the meeting is still running.', actions: ['rejoin', 'home'] },
};

// The code in an SDK disconnect reason such as `connection_lost (1006)` or `connection_lost: x`.
export function errorCodeOf(reason: string): string {
  const m = /^[a-z_]+/.exec(reason.trim());
  return m ? m[0] : 'unknown';
}

export function describeError(codeOrReason: string): ErrorText {
  const code = errorCodeOf(codeOrReason);
  const t = kTexts[code];
  if (t) return { code, ...t };
  return { code, title: 'Something went wrong', detail: 'The meeting could not continue. Try to rejoin.', actions: ['rejoin', 'home'] };
}

// Disconnect reasons after which the app tries to come back by itself.
export function isRecoverable(codeOrReason: string): boolean {
  return ['connection_lost', 'timeout', 'server_shutdown', 'connection_failed', 'connection_closed', 'internal'].includes(
    errorCodeOf(codeOrReason),
  );
}

// Camera and microphone problems, from the DOMException name of getUserMedia.
export function describeMediaError(name: string, what: 'camera' | 'microphone'): string {
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `The browser is not allowed to use your ${what}. Allow it in the address bar’s site settings and reload, or join without it.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what} was found. Plug one in and pick it below, or join without it.`;
    case 'NotReadableError':
    case 'AbortError':
      return `Your ${what} is busy or not working (another app may be using it). Close that app, or join without it.`;
    default:
      return `Your ${what} could not be started. You can still join without it.`;
  }
}
