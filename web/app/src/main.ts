// The app's entry: picks the screen from the address. `/` is the landing page, `/m/<id>` the
// pre-join screen of an app meeting, `/?token=...` the pre-join screen of an invitation
// (an operator's join_url), then the meeting, then an end screen.
import { AppApiError, appConfig, createMeeting, joinMeeting, meetingInfo, tokenSession, type Invitation } from './app-api.js';
import { clear, h } from './dom.js';
import { describeError } from './errors.js';
import { markRemoved, reuses, saveInvitation, savedInvitation } from './invitations.js';
import { renderLanding } from './landing.js';
import { MeetingView } from './meeting.js';
import { PrejoinView, type PrejoinChoice } from './prejoin.js';

const root = document.getElementById('app') as HTMLElement;
const serverUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;

type Route = { kind: 'landing' } | { kind: 'create' } | { kind: 'meeting'; id: string } | { kind: 'token'; token: string };

function routeOf(): Route {
  const token = new URLSearchParams(location.search).get('token');
  if (token) return { kind: 'token', token };
  const m = /^\/m\/([A-Za-z0-9_-]{1,64})\/?$/.exec(location.pathname);
  if (m) return { kind: 'meeting', id: m[1] };
  if (location.pathname === '/new') return { kind: 'create' };
  return { kind: 'landing' };
}

function go(path: string): void {
  history.pushState(null, '', path);
  void show();
}

function showScreen(el: HTMLElement): void {
  clear(root);
  root.append(el);
  const focus = el.querySelector<HTMLElement>('h1');
  if (focus) {
    focus.tabIndex = -1;
    document.title = `${focus.textContent ?? 'Meet'} · Meet`;
  }
}

function errorScreen(code: string, rejoin: (() => void) | undefined): HTMLElement {
  const t = describeError(code);
  const actions = h('div', { class: 'row' });
  for (const a of t.actions) {
    if ((a === 'rejoin' || a === 'retry') && rejoin) {
      actions.append(h('button', { type: 'button', class: 'btn primary', onclick: rejoin }, a === 'rejoin' ? 'Rejoin' : 'Try again'));
    } else if (a === 'home') {
      actions.append(h('button', { type: 'button', class: 'btn', onclick: () => go('/') }, 'Back to start'));
    }
  }
  return h('main', { class: 'card-page end-screen', 'data-code': t.code },
    h('div', { class: 'card' }, h('h1', { text: t.title }), h('p', { text: t.detail }), actions));
}

function enterMeeting(inv: Invitation, choice: PrejoinChoice, again: () => void): void {
  // Reopening the link (`/m/<id>`) joins with the same token (invitations.ts).
  if (!location.search.includes('token=')) saveInvitation(inv, choice.name);
  if (location.pathname !== `/m/${inv.meeting.id}` && !location.search.includes('token=')) {
    history.replaceState(null, '', `/m/${encodeURIComponent(inv.meeting.id)}`);
  }
  const view = new MeetingView(
    { serverUrl, token: inv.token, meetingId: inv.meeting.id, ...choice, title: inv.meeting.title ?? choice.title },
    {
      onEnd: (code) => {
        if (code === 'removed') markRemoved(inv.meeting.id);
        showScreen(errorScreen(code, again));
      },
    },
  );
  showScreen(view.el);
  void view.join();
}

async function showPrejoin(title: string | undefined, name: string | undefined, role: 'host' | 'guest', invite: (c: PrejoinChoice) => Promise<Invitation>): Promise<void> {
  const again = (): void => void show();
  const view = new PrejoinView({ title, name, role }, async (choice) => {
    let inv: Invitation;
    try {
      inv = await invite(choice);
    } catch (err) {
      const code = err instanceof AppApiError ? err.code : 'connection_failed';
      throw new Error(`${describeError(code).title}. ${describeError(code).detail}`);
    }
    enterMeeting(inv, choice, again);
  }, () => go('/'));
  showScreen(view.el);
  window.addEventListener('popstate', () => view.close(), { once: true });
  await view.start();
}

async function show(): Promise<void> {
  const route = routeOf();
  try {
    if (route.kind === 'landing') {
      const cfg = await appConfig();
      showScreen(renderLanding(cfg.createMeetings, { onCreate: () => go('/new'), onJoin: (code) => go(`/m/${encodeURIComponent(code)}`) }));
    } else if (route.kind === 'create') {
      await showPrejoin(undefined, undefined, 'host', (c) => createMeeting(c.name, c.title));
    } else if (route.kind === 'meeting') {
      const info = await meetingInfo(route.id);
      if (info.status === 'ended') throw new AppApiError('meeting_ended', 'ended');
      const known = savedInvitation(route.id);
      await showPrejoin(info.title ?? 'Meeting', undefined, known?.role ?? 'guest', async (c) => {
        const again = savedInvitation(route.id);
        return reuses(again, c.name) ? again : joinMeeting(route.id, c.name);
      });
    } else {
      const session = await tokenSession(route.token);
      await showPrejoin(session.meeting.title ?? 'Meeting', session.name, session.role, async () => session);
    }
  } catch (err) {
    const code = err instanceof AppApiError ? err.code : 'connection_failed';
    showScreen(errorScreen(code, () => void show()));
  }
}

window.addEventListener('popstate', () => void show());
void show();
