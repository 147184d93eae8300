// The pre-join screen: camera preview, microphone level, device pickers, display name
// (remembered), camera/microphone on or off, the meeting title, and what to do when the
// browser refuses the devices. Joining without them stays possible.
import { AudioLevels, canPickSpeaker, listDevices, openMedia } from './devices.js';
import { clear, h, setPressed } from './dom.js';
import { describeMediaError } from './errors.js';
import { icon } from './icons.js';
import { cleanName } from './text.js';

export interface PrejoinInput {
  title: string | undefined; // undefined: a new meeting, the title is asked for
  name: string | undefined; // fixed by an invitation token
  role: 'host' | 'guest';
}

export interface PrejoinChoice {
  name: string;
  title: string;
  video: MediaStreamTrack | undefined;
  audio: MediaStreamTrack | undefined;
  camOn: boolean;
  micOn: boolean;
  cameraId: string | undefined;
  micId: string | undefined;
  speakerId: string | undefined;
}

const kNameKey = 'meet.name';
export const kMaxNameLength = 64;

export function rememberedName(): string {
  try {
    return localStorage.getItem(kNameKey) ?? '';
  } catch {
    return '';
  }
}

function rememberName(name: string): void {
  try {
    localStorage.setItem(kNameKey, name);
  } catch {
    // private mode: not remembered
  }
}

export class PrejoinView {
  readonly el: HTMLElement;
  private video: MediaStreamTrack | undefined;
  private audio: MediaStreamTrack | undefined;
  private camOn = true;
  private micOn = true;
  private cameraId: string | undefined;
  private micId: string | undefined;
  private speakerId: string | undefined;
  private readonly levels = new AudioLevels();
  private meterTimer: ReturnType<typeof setInterval> | undefined;
  private readonly preview = h('video', { class: 'preview-video', autoplay: true, playsinline: true, 'aria-label': 'Camera preview' });
  private readonly previewOff = h('div', { class: 'preview-off', text: 'Camera is off' });
  private readonly meterBar = h('div', { class: 'meter-bar' });
  private readonly meter = h('div', { class: 'meter', role: 'meter', 'aria-label': 'Microphone level', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, this.meterBar);
  private readonly mediaNote = h('div', { class: 'media-note', role: 'alert' });
  private readonly camSel = h('select', { id: 'pick-camera', 'aria-label': 'Camera' });
  private readonly micSel = h('select', { id: 'pick-mic', 'aria-label': 'Microphone' });
  private readonly spkSel = h('select', { id: 'pick-speaker', 'aria-label': 'Speaker' });
  private readonly nameInput = h('input', { id: 'display-name', type: 'text', maxlength: String(kMaxNameLength), autocomplete: 'name', required: true });
  private readonly titleInput = h('input', { id: 'meeting-title-input', type: 'text', maxlength: '120', placeholder: 'Meeting' });
  private readonly camBtn = h('button', { type: 'button', class: 'icon-btn round', id: 'prejoin-cam', onclick: () => void this.toggleCam() }, icon('cam'));
  private readonly micBtn = h('button', { type: 'button', class: 'icon-btn round', id: 'prejoin-mic', onclick: () => void this.toggleMic() }, icon('mic'));
  private readonly joinBtn = h('button', { type: 'submit', class: 'btn primary big', id: 'join-button' }, 'Join now');
  private readonly formError = h('p', { class: 'form-error', role: 'alert' });
  private done = false;

  constructor(private readonly input: PrejoinInput, private readonly onJoin: (c: PrejoinChoice) => Promise<void>, onBack: () => void) {
    this.nameInput.value = input.name ?? rememberedName();
    if (input.name !== undefined) this.nameInput.readOnly = true;
    this.camSel.addEventListener('change', () => void this.reopen('video', this.camSel.value));
    this.micSel.addEventListener('change', () => void this.reopen('audio', this.micSel.value));
    this.spkSel.addEventListener('change', () => (this.speakerId = this.spkSel.value || undefined));
    const heading = input.title === undefined ? 'New meeting' : cleanName(input.title, 'Meeting');
    const form = h(
      'form',
      { class: 'prejoin-form', onsubmit: (e: Event) => { e.preventDefault(); void this.join(); } },
      h('h1', { class: 'prejoin-title', id: 'prejoin-title', text: heading, title: heading }),
      h('p', { class: 'note', text: input.role === 'host' || input.title === undefined ? 'You will be the host of this meeting.' : 'Check your camera and microphone, then join.' }),
      input.title === undefined ? h('label', { for: 'meeting-title-input' }, 'Meeting title', this.titleInput) : null,
      h('label', { for: 'display-name' }, 'Your name', this.nameInput),
      h('label', { for: 'pick-camera' }, 'Camera', this.camSel),
      h('label', { for: 'pick-mic' }, 'Microphone', this.micSel),
      canPickSpeaker() ? h('label', { for: 'pick-speaker' }, 'Speaker', this.spkSel) : null,
      this.formError,
      h('div', { class: 'row' }, this.joinBtn, h('button', { type: 'button', class: 'btn', onclick: () => { this.close(); onBack(); } }, 'Back')),
    );
    this.el = h(
      'main',
      { class: 'prejoin', 'aria-labelledby': 'prejoin-title' },
      h('section', { class: 'preview', 'aria-label': 'Preview' },
        h('div', { class: 'preview-frame' }, this.preview, this.previewOff, h('div', { class: 'preview-controls' }, this.micBtn, this.camBtn)),
        this.meter,
        this.mediaNote),
      form,
    );
    this.preview.muted = true;
    this.updateButtons();
  }

  async start(): Promise<void> {
    const m = await openMedia(true, true);
    this.video = m.video;
    this.audio = m.audio;
    this.showErrors(m.videoError, m.audioError);
    await this.fillPickers();
    this.showPreview();
    this.meterTimer = setInterval(() => this.tickMeter(), 100);
    this.nameInput.focus();
  }

  private showErrors(videoError: string | undefined, audioError: string | undefined): void {
    clear(this.mediaNote);
    if (videoError) this.mediaNote.append(h('p', { text: describeMediaError(videoError, 'camera') }));
    if (audioError) this.mediaNote.append(h('p', { text: describeMediaError(audioError, 'microphone') }));
    if (!this.video) this.camOn = false;
    if (!this.audio) this.micOn = false;
    this.updateButtons();
  }

  private async fillPickers(): Promise<void> {
    const lists = await listDevices().catch(() => ({ cameras: [], mics: [], speakers: [] }));
    const fill = (sel: HTMLSelectElement, devices: MediaDeviceInfo[], current: string | undefined, none: string): void => {
      clear(sel);
      if (devices.length === 0) sel.append(h('option', { value: '' }, none));
      devices.forEach((d, i) => sel.append(h('option', { value: d.deviceId, selected: d.deviceId === current }, d.label || `${none.replace(/^No /, '')} ${i + 1}`)));
      sel.disabled = devices.length === 0;
    };
    fill(this.camSel, lists.cameras, this.video?.getSettings().deviceId, 'No camera');
    fill(this.micSel, lists.mics, this.audio?.getSettings().deviceId, 'No microphone');
    fill(this.spkSel, lists.speakers, this.speakerId, 'Default speaker');
  }

  private async reopen(kind: 'audio' | 'video', id: string): Promise<void> {
    const m = await openMedia(kind === 'video', kind === 'audio', kind === 'video' ? { cameraId: id } : { micId: id });
    if (kind === 'video') {
      if (m.video) {
        this.video?.stop();
        this.video = m.video;
        this.cameraId = id;
        this.camOn = true;
      }
    } else if (m.audio) {
      this.audio?.stop();
      this.audio = m.audio;
      this.micId = id;
      this.micOn = true;
    }
    if (m.videoError || m.audioError) this.showErrors(m.videoError, m.audioError);
    this.showPreview();
    this.updateButtons();
  }

  private async toggleCam(): Promise<void> {
    if (!this.video || this.video.readyState === 'ended') {
      await this.reopen('video', this.cameraId ?? '');
      return;
    }
    this.camOn = !this.camOn;
    this.showPreview();
    this.updateButtons();
  }

  private async toggleMic(): Promise<void> {
    if (!this.audio || this.audio.readyState === 'ended') {
      await this.reopen('audio', this.micId ?? '');
      return;
    }
    this.micOn = !this.micOn;
    this.audio.enabled = this.micOn;
    this.updateButtons();
  }

  private showPreview(): void {
    const on = this.camOn && this.video !== undefined;
    this.preview.srcObject = on && this.video ? new MediaStream([this.video]) : null;
    this.preview.hidden = !on;
    this.previewOff.hidden = on;
    this.previewOff.textContent = this.video ? 'Camera is off' : 'No camera';
    this.levels.set('mic', this.audio);
  }

  private tickMeter(): void {
    const level = this.micOn ? this.levels.level('mic') : 0;
    const pct = Math.round(level * 100);
    this.meterBar.style.width = `${pct}%`;
    this.meter.setAttribute('aria-valuenow', String(pct));
  }

  private updateButtons(): void {
    setPressed(this.camBtn, this.camOn);
    setPressed(this.micBtn, this.micOn);
    this.camBtn.replaceChildren(icon(this.camOn ? 'cam' : 'camOff'));
    this.micBtn.replaceChildren(icon(this.micOn ? 'mic' : 'micOff'));
    this.camBtn.setAttribute('aria-label', 'Camera');
    this.micBtn.setAttribute('aria-label', 'Microphone');
    this.camBtn.title = this.camOn ? 'Join with camera on (click to turn off)' : 'Join with camera off (click to turn on)';
    this.micBtn.title = this.micOn ? 'Join with microphone on (click to turn off)' : 'Join muted (click to turn on)';
    this.camBtn.classList.toggle('off', !this.camOn);
    this.micBtn.classList.toggle('off', !this.micOn);
  }

  private async join(): Promise<void> {
    const name = cleanName(this.nameInput.value, '');
    if (name.length === 0) {
      this.formError.textContent = 'Type the name others will see.';
      this.nameInput.focus();
      return;
    }
    this.formError.textContent = '';
    if (this.input.name === undefined) rememberName(name);
    this.joinBtn.disabled = true;
    this.joinBtn.textContent = 'Joining…';
    try {
      const choice: PrejoinChoice = {
        name,
        title: cleanName(this.titleInput.value, this.input.title ?? 'Meeting'),
        video: this.video,
        audio: this.audio,
        camOn: this.camOn,
        micOn: this.micOn,
        cameraId: this.cameraId,
        micId: this.micId,
        speakerId: this.speakerId,
      };
      this.done = true;
      this.stopMeter();
      await this.onJoin(choice);
    } catch (err) {
      this.done = false;
      this.formError.textContent = (err as Error).message || 'Could not join the meeting.';
      this.joinBtn.disabled = false;
      this.joinBtn.textContent = 'Join now';
    }
  }

  private stopMeter(): void {
    if (this.meterTimer !== undefined) clearInterval(this.meterTimer);
    this.meterTimer = undefined;
    this.levels.clear();
  }

  // Leaving the screen without joining: the devices are released.
  close(): void {
    this.stopMeter();
    if (!this.done) {
      this.video?.stop();
      this.audio?.stop();
    }
  }
}
