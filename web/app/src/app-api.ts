// The server routes the app calls (docs/api.md "Web app routes"). Answers are checked, not
// cast; failures reject with an AppApiError carrying the server's error code.

export class AppApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'AppApiError';
  }
}

export interface MeetingInfo {
  id: string;
  title: string | null;
  status: string | null;
}

export interface Invitation {
  meeting: MeetingInfo;
  token: string;
  role: 'host' | 'guest';
  name?: string;
  expiresAt: number;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function meetingFrom(v: unknown): MeetingInfo {
  const m = obj(v);
  if (typeof m.id !== 'string') throw new AppApiError('bad_reply', 'the server sent no meeting id');
  return { id: m.id, title: typeof m.title === 'string' ? m.title : null, status: typeof m.status === 'string' ? m.status : null };
}

async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new AppApiError('connection_failed', 'the server cannot be reached');
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = obj(obj(json).error);
    throw new AppApiError(typeof err.code === 'string' ? err.code : `http_${res.status}`, typeof err.message === 'string' ? err.message : res.statusText);
  }
  return obj(json);
}

function invitationFrom(j: Record<string, unknown>): Invitation {
  if (typeof j.token !== 'string') throw new AppApiError('bad_reply', 'the server sent no token');
  return {
    meeting: meetingFrom(j.meeting),
    token: j.token,
    role: j.role === 'host' ? 'host' : 'guest',
    expiresAt: typeof j.expires_at === 'number' ? j.expires_at : 0,
  };
}

export async function appConfig(): Promise<{ createMeetings: boolean }> {
  try {
    const j = await call('GET', '/api/app/config');
    return { createMeetings: j.create_meetings === true };
  } catch {
    return { createMeetings: false };
  }
}

export async function createMeeting(name: string, title: string | undefined): Promise<Invitation> {
  return invitationFrom(await call('POST', '/api/app/meetings', title ? { name, title } : { name }));
}

export async function meetingInfo(id: string): Promise<MeetingInfo> {
  return meetingFrom(await call('GET', `/api/app/meetings/${encodeURIComponent(id)}`));
}

export async function joinMeeting(id: string, name: string): Promise<Invitation> {
  return invitationFrom(await call('POST', `/api/app/meetings/${encodeURIComponent(id)}/join`, { name }));
}

export async function tokenSession(token: string): Promise<Invitation> {
  const j = await call('POST', '/api/app/session', { token });
  return {
    meeting: meetingFrom(j.meeting),
    token,
    role: j.role === 'host' ? 'host' : 'guest',
    name: typeof j.name === 'string' ? j.name : undefined,
    expiresAt: typeof j.expires_at === 'number' ? j.expires_at : 0,
  };
}

export async function endMeeting(id: string, token: string): Promise<void> {
  await call('POST', `/api/app/meetings/${encodeURIComponent(id)}/end`, { token });
}
