// The meeting screen's frame and control bar: the page layout, the buttons and their state,
// the leave menu (end for everyone), keyboard shortcuts and their help.
import { endMeeting } from './app-api.js';
import { h, setPressed } from './dom.js';
import { icon } from './icons.js';
import { cleanName } from './text.js';
import { kLocalKey } from './meeting-types.js';
import { MeetingPanels } from './meeting-panels.js';

export abstract class MeetingControls extends MeetingPanels {
  protected render(): HTMLElement {
    const title = cleanName(this.start.title, 'Meeting');
    const layoutBtn = h('button', { type: 'button', class: 'icon-btn', 'aria-pressed': 'false', 'aria-label': 'Grid layout (switch to speaker)', title: 'Switch layout (W)', onclick: () => this.setMode(this.mode === 'grid' ? 'speaker' : 'grid') }, icon('grid'));
    this.buttons.layout = layoutBtn;
    const copyBtn = h('button', {
      type: 'button',
      class: 'icon-btn',
      'aria-label': 'Copy meeting link',
      title: 'Copy meeting link',
      onclick: () => {
        const link = `${location.origin}/m/${encodeURIComponent(this.start.meetingId)}`;
        void navigator.clipboard?.writeText(link).then(() => this.toast('Meeting link copied'), () => this.toast(link));
      },
    }, icon('link'));
    const top = h('header', { class: 'topbar' }, h('h1', { class: 'meeting-title', text: title, title }), this.elapsedEl, h('span', { class: 'spacer' }), copyBtn, layoutBtn);
    const controls = h(
      'nav',
      { class: 'controls', 'aria-label': 'Meeting controls' },
      this.button('mic', 'Microphone', 'mic', () => void this.toggleMic()),
      this.button('cam', 'Camera', 'cam', () => void this.toggleCamera()),
      this.button('screen', 'Share screen', 'screen', () => void this.toggleScreenShare()),
      this.button('hand', 'Raise hand', 'hand', () => void this.toggleHand()),
      this.button('chat', 'Chat', 'chat', () => this.togglePanel('chat'), this.unreadEl),
      this.button('people', 'Participants', 'people', () => this.togglePanel('people'), this.countEl),
      this.button('leave', 'Leave meeting', 'leave', () => this.openLeaveMenu(), null, false),
    );
    const root = h(
      'main',
      { class: 'meeting', 'aria-label': `Meeting: ${title}` },
      top,
      this.bannerEl,
      h('div', { class: 'body' }, h('section', { class: 'tiles-area', 'aria-label': 'Participants’ video' }, this.tilesEl, this.pagerEl), this.panelEl),
      controls,
      this.toastsEl,
      this.liveEl,
      this.overlayEl,
      h('div', { class: 'audio-sink', hidden: true }),
    );
    this.updateCountLater();
    return root;
  }

  protected updateControls(): void {
    const mic = this.buttons.mic;
    mic.replaceChildren(icon(this.micOn ? 'mic' : 'micOff'));
    // A toggle keeps its name; aria-pressed tells whether it is on.
    mic.setAttribute('aria-label', 'Microphone');
    mic.title = this.micOn ? 'Turn off microphone (M)' : 'Turn on microphone (M)';
    mic.setAttribute('aria-pressed', String(this.micOn));
    mic.classList.toggle('off', !this.micOn);
    const cam = this.buttons.cam;
    cam.replaceChildren(icon(this.camOn ? 'cam' : 'camOff'));
    cam.setAttribute('aria-label', 'Camera');
    cam.title = this.camOn ? 'Turn off camera (V)' : 'Turn on camera (V)';
    cam.setAttribute('aria-pressed', String(this.camOn));
    cam.classList.toggle('off', !this.camOn);
    setPressed(this.buttons.screen, this.screenStream !== undefined);
    const local = this.tiles.get(kLocalKey);
    local?.setMicMuted(!this.micOn);
    this.renderPeople();
  }

  protected updateCountLater(): void {
    queueMicrotask(() => {
      this.updateCount();
      this.updateControls();
    });
  }

  protected openLeaveMenu(): void {
    const room = this.room;
    if (!room || !room.localParticipant.grants.moderator) {
      void this.leave();
      return;
    }
    const dialog = h('dialog', { class: 'menu', 'aria-label': 'Leave the meeting' });
    dialog.append(
      h('p', { text: 'Leave the meeting, or end it for everyone?' }),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'btn', onclick: () => { dialog.close(); void this.leave(); } }, 'Leave'),
        h('button', { type: 'button', class: 'btn danger', onclick: () => { dialog.close(); void this.endForAll(); } }, 'End for everyone'),
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, 'Cancel'),
      ),
    );
    dialog.addEventListener('close', () => dialog.remove());
    this.el.append(dialog);
    dialog.showModal();
  }

  protected async endForAll(): Promise<void> {
    try {
      await endMeeting(this.start.meetingId, this.start.token);
    } catch {
      this.toast('The meeting could not be ended');
    }
  }

  protected readonly onKey = (e: KeyboardEvent): void => {
    const t = e.target as HTMLElement | null;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
    const k = e.key.toLowerCase();
    if (k === 'm') void this.toggleMic();
    else if (k === 'v') void this.toggleCamera();
    else if (k === 'd') void this.toggleScreenShare();
    else if (k === 'c') this.togglePanel('chat');
    else if (k === 'p') this.togglePanel('people');
    else if (k === 'w') this.setMode(this.mode === 'grid' ? 'speaker' : 'grid');
    else if (k === 'r') void this.toggleHand();
    else if (k === '?') this.toggleHelp();
    else if (k === ' ' && t?.tagName !== 'BUTTON') {
      // Push to talk: hold SPACE to speak while muted.
      if (!e.repeat && !this.micOn) {
        this.pushToTalk = true;
        void this.toggleMic();
      }
    } else return;
    e.preventDefault();
  };

  protected readonly onKeyUp = (e: KeyboardEvent): void => {
    if (e.key !== ' ' || !this.pushToTalk) return;
    this.pushToTalk = false;
    if (this.micOn) void this.toggleMic();
  };

  protected toggleHelp(): void {
    const open = this.el.querySelector<HTMLDialogElement>('dialog.help');
    if (open) {
      open.close();
      return;
    }
    const keys: [string, string][] = [
      ['M', 'Microphone on or off'],
      ['V', 'Camera on or off'],
      ['D', 'Share your screen'],
      ['C', 'Chat'],
      ['P', 'Participants'],
      ['R', 'Raise or lower your hand'],
      ['W', 'Grid or speaker layout'],
      ['Space', 'Hold to talk while muted'],
      ['?', 'This help'],
    ];
    const dl = h('dl', { class: 'help-keys' });
    for (const [k, what] of keys) dl.append(h('dt', {}, h('kbd', { text: k })), h('dd', { text: what }));
    const dialog = h('dialog', { class: 'menu help', 'aria-label': 'Keyboard shortcuts' },
      h('h2', { text: 'Keyboard shortcuts' }), dl,
      h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, 'Close'));
    dialog.addEventListener('close', () => dialog.remove());
    this.el.append(dialog);
    dialog.showModal();
  }
}
