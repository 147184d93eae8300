// The meeting's side panels: chat with its unread count, raised hands, the participants with
// the host's controls (mute, stop video, remove, mute everyone), and the lobby.
import type { ChatMessage } from '../../sdk/src/index.js';
import { clear, h, setPressed } from './dom.js';
import { icon } from './icons.js';
import { cleanChatText, cleanName, shortName } from './text.js';
import { type Panel, kLocalKey } from './meeting-types.js';
import { MeetingMedia } from './meeting-media.js';

export abstract class MeetingPanels extends MeetingMedia {
  protected onChat(m: ChatMessage): void {
    this.chatMessages.push(m);
    if (this.chatMessages.length > 500) this.chatMessages.shift();
    this.chatList.append(this.chatItem(m));
    this.chatList.scrollTop = this.chatList.scrollHeight;
    const mine = m.participantId === this.room?.localParticipant.id;
    if (!mine) {
      this.announce(`Message from ${shortName(cleanName(m.name))}: ${shortName(m.text, 120)}`);
      if (this.panel !== 'chat') {
        this.unread++;
        this.updateUnread();
      }
    }
  }

  protected chatItem(m: ChatMessage): HTMLLIElement {
    const time = new Date(m.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const mine = m.participantId === this.room?.localParticipant.id;
    return h(
      'li',
      { class: `chat-msg${mine ? ' mine' : ''}` },
      h('div', { class: 'chat-meta' }, h('span', { class: 'chat-name', text: mine ? 'You' : cleanName(m.name) }), h('time', { text: time })),
      h('div', { class: 'chat-text', text: cleanChatText(m.text) }),
    );
  }

  protected renderChat(): void {
    clear(this.chatList);
    for (const m of this.chatMessages) this.chatList.append(this.chatItem(m));
    if (this.chatMessages.length === 0) this.chatList.append(h('li', { class: 'empty', text: 'No messages yet.' }));
    this.chatList.scrollTop = this.chatList.scrollHeight;
  }

  protected async sendChat(): Promise<void> {
    const text = this.chatInput.value.trim();
    if (!text || !this.room) return;
    this.chatError.textContent = '';
    try {
      await this.room.sendChat(text);
      this.chatInput.value = '';
      this.chatList.querySelector('.empty')?.remove();
    } catch (err) {
      const code = (err as { code?: string }).code;
      this.chatError.textContent =
        code === 'not_allowed' ? 'Chat is turned off in this meeting.' : code === 'bad_request' ? 'This message is too long.' : 'The message could not be sent. Try again.';
    }
  }

  protected updateUnread(): void {
    this.unreadEl.hidden = this.unread === 0;
    this.unreadEl.textContent = String(this.unread);
    this.buttons.chat.setAttribute('aria-label', this.unread > 0 ? `Chat, ${this.unread} unread` : 'Chat');
  }

  protected handName(id: string): string {
    if (id === this.room?.localParticipant.id) return 'You';
    return shortName(cleanName(this.room?.participants.get(id)?.name ?? ''));
  }

  protected onHand(id: string, raised: boolean): void {
    const room = this.room;
    if (!room) return;
    const mine = id === room.localParticipant.id;
    if (raised && !mine) {
      this.announce(`${this.handName(id)} raised their hand`);
      if (room.localParticipant.grants.moderator) this.toast(`${this.handName(id)} raised their hand`);
    } else if (!raised && mine) {
      this.announce('Your hand is lowered');
    }
    this.updateHands();
  }

  async toggleHand(): Promise<void> {
    const room = this.room;
    if (!room) return;
    if (!room.features.includes('raise_hand')) {
      this.toast('Raising hands is turned off in this meeting');
      return;
    }
    const up = room.localParticipant.handRaisedAt === undefined;
    try {
      await room.setHandRaised(up);
    } catch (err) {
      const code = (err as { code?: string }).code;
      this.toast(code === 'bad_request' ? 'This server cannot share raised hands yet.' : 'Your hand could not be raised. Try again.');
    }
  }

  // The queue on tiles, on the hand button and, oldest first, in the participants panel.
  protected updateHands(): void {
    const room = this.room;
    const queue = room?.raisedHands ?? [];
    const me = room?.localParticipant.id;
    const pos = new Map(queue.map((q, i) => [q.participantId === me ? kLocalKey : q.participantId, i + 1]));
    for (const t of this.tiles.values()) if (!t.opts.screen) t.setHand(pos.get(t.key) ?? 0);
    const mine = pos.get(kLocalKey) ?? 0;
    setPressed(this.buttons.hand, mine > 0);
    this.buttons.hand.setAttribute('aria-label', mine > 0 ? 'Lower hand' : 'Raise hand');
    this.buttons.hand.title = mine > 0 ? 'Lower hand (R)' : 'Raise hand (R)';
    clear(this.handsEl);
    this.handsEl.hidden = queue.length === 0;
    if (!room || queue.length === 0) return;
    const moderator = room.localParticipant.grants.moderator;
    const ol = h('ol', { class: 'hand-queue' });
    for (const q of queue) {
      const name = this.handName(q.participantId);
      const li = h('li', { class: 'person', 'data-participant': q.participantId }, h('span', { class: 'person-name', text: name, title: name }));
      if (moderator && q.participantId !== me) {
        li.append(h('button', { type: 'button', class: 'btn small', 'aria-label': `Lower ${name}’s hand`, onclick: () => void room.setHandRaised(false, q.participantId).catch(() => this.toast('Could not lower the hand')) }, 'Lower'));
      }
      ol.append(li);
    }
    this.handsEl.append(h('h3', { text: `Raised hands (${queue.length})` }), ol);
  }

  protected renderPeople(): void {
    const room = this.room;
    clear(this.peopleList);
    const moderator = room?.localParticipant.grants.moderator === true;
    const self = h('li', { class: 'person' }, h('span', { class: 'person-name', text: `${cleanName(this.start.name)} (you)` }), this.stateIcons(!this.micOn, !this.camOn));
    this.peopleList.append(self);
    if (!room) return;
    if (moderator && room.participants.size > 0) {
      this.peopleList.prepend(h('li', { class: 'people-actions' }, h('button', { type: 'button', class: 'btn small', onclick: () => void this.muteAll() }, 'Mute everyone')));
    }
    for (const p of room.participants.values()) {
      const tracks = [...p.tracks.values()];
      const mic = tracks.find((t) => t.kind === 'audio' && t.source === 'microphone');
      const cam = tracks.find((t) => t.kind === 'video' && t.source === 'camera');
      const name = cleanName(p.name);
      const li = h('li', { class: 'person', 'data-participant': p.id }, h('span', { class: 'person-name', text: name, title: name }), this.stateIcons(!mic || mic.muted, !cam || cam.muted));
      if (moderator) {
        const actions = h('div', { class: 'person-actions' });
        if (mic && !mic.muted) {
          actions.append(h('button', { type: 'button', class: 'btn small', 'aria-label': `Mute ${name}`, onclick: () => void room.muteParticipant(p.id, mic.id).catch(() => this.toast('Could not mute')) }, 'Mute'));
        }
        if (cam && !cam.muted) {
          actions.append(h('button', { type: 'button', class: 'btn small', 'aria-label': `Stop ${name}’s camera`, onclick: () => void room.muteParticipant(p.id, cam.id).catch(() => this.toast('Could not stop the camera')) }, 'Stop video'));
        }
        actions.append(
          h('button', {
            type: 'button',
            class: 'btn small danger',
            'aria-label': `Remove ${name}`,
            onclick: () => {
              if (window.confirm(`Remove ${shortName(name)} from the meeting?`)) void room.removeParticipant(p.id).catch(() => this.toast('Could not remove'));
            },
          }, 'Remove'),
        );
        li.append(actions);
      }
      this.peopleList.append(li);
    }
  }

  protected stateIcons(micMuted: boolean, camOff: boolean): HTMLElement {
    return h(
      'span',
      { class: 'person-state' },
      h('span', { role: 'img', 'aria-label': micMuted ? 'Microphone off' : 'Microphone on', title: micMuted ? 'Microphone off' : 'Microphone on' }, icon(micMuted ? 'micOff' : 'mic')),
      h('span', { role: 'img', 'aria-label': camOff ? 'Camera off' : 'Camera on', title: camOff ? 'Camera off' : 'Camera on' }, icon(camOff ? 'camOff' : 'cam')),
    );
  }

  protected async muteAll(): Promise<void> {
    const room = this.room;
    if (!room) return;
    for (const p of room.participants.values()) {
      for (const t of p.tracks.values()) {
        if (t.kind === 'audio' && !t.muted) await room.muteParticipant(p.id, t.id).catch(() => undefined);
      }
    }
    this.toast('Everyone else is muted');
  }

  protected renderLobby(): void {
    const room = this.room;
    const waiting = room?.lobby ?? [];
    this.lobbyEl.hidden = waiting.length === 0;
    clear(this.lobbyEl);
    if (!room || waiting.length === 0) return;
    this.lobbyEl.append(h('h3', { text: `Waiting to join (${waiting.length})` }));
    const ul = h('ul', {});
    for (const p of waiting) {
      const name = cleanName(p.name);
      ul.append(
        h(
          'li',
          { class: 'person' },
          h('span', { class: 'person-name', text: name, title: name }),
          h('button', { type: 'button', class: 'btn small primary', 'aria-label': `Admit ${name}`, onclick: () => void room.admit(p.id).catch(() => this.toast('Could not admit')) }, 'Admit'),
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Deny ${name}`, onclick: () => void room.deny(p.id).catch(() => this.toast('Could not deny')) }, 'Deny'),
        ),
      );
    }
    this.lobbyEl.append(ul);
    if (this.panel !== 'people') this.buttons.people.classList.add('attention');
  }

  protected updateCount(): void {
    const n = (this.room?.participants.size ?? 0) + 1;
    this.countEl.textContent = `${n}`;
    this.buttons.people?.setAttribute('aria-label', `Participants (${n})`);
  }

  togglePanel(which: Exclude<Panel, undefined>): void {
    this.panel = this.panel === which ? undefined : which;
    this.panelEl.hidden = this.panel === undefined;
    this.el.classList.toggle('panel-open', this.panel !== undefined);
    clear(this.panelEl);
    setPressed(this.buttons.chat, this.panel === 'chat');
    setPressed(this.buttons.people, this.panel === 'people');
    if (this.panel === 'chat') {
      this.unread = 0;
      this.updateUnread();
      const form = h('form', { class: 'chat-form', onsubmit: (e: Event) => { e.preventDefault(); void this.sendChat(); } }, this.chatInput, h('button', { type: 'submit', class: 'btn primary' }, 'Send'));
      this.panelEl.append(this.panelHeader('Chat'), this.chatList, this.chatError, form);
      this.chatList.scrollTop = this.chatList.scrollHeight;
      this.chatInput.focus();
    } else if (this.panel === 'people') {
      this.buttons.people.classList.remove('attention');
      this.panelEl.append(this.panelHeader('Participants'), this.lobbyEl, this.handsEl, this.peopleList);
    }
    this.layout();
  }
}
