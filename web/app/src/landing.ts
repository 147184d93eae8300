// The start page: create a meeting (when the server lets the app do it) or join one by its
// link or code.
import { h } from './dom.js';
import { meetingCodeFrom } from './text.js';

export interface LandingCallbacks {
  onCreate: () => void;
  onJoin: (code: string) => void;
}

export function renderLanding(createMeetings: boolean, cb: LandingCallbacks): HTMLElement {
  const input = h('input', { id: 'join-code', type: 'text', autocomplete: 'off', placeholder: 'Link or code', 'aria-describedby': 'join-error' });
  const error = h('p', { id: 'join-error', class: 'form-error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'row join-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const code = meetingCodeFrom(input.value);
        if (!code) {
          error.textContent = 'That is not a meeting link or code. Paste the whole link you were sent.';
          input.focus();
          return;
        }
        cb.onJoin(code);
      },
    },
    h('label', { for: 'join-code', class: 'sr-only' }, 'Meeting link or code'),
    input,
    h('button', { type: 'submit', class: 'btn' }, 'Join'),
  );
  return h(
    'main',
    { class: 'landing card-page', 'aria-labelledby': 'landing-title' },
    h('div', { class: 'card' },
      h('h1', { id: 'landing-title', text: 'Meet' }),
      h('p', { class: 'note', text: 'Video meetings in your browser, nothing to install.' }),
      createMeetings
        ? h('button', { type: 'button', class: 'btn primary big', id: 'create-meeting', onclick: () => cb.onCreate() }, 'New meeting')
        : h('p', { class: 'note', text: 'Meetings on this server are created by your organisation; open the invitation link you were sent.' }),
      h('h2', { text: 'Join a meeting' }),
      form,
      error,
    ),
  );
}
