// This person's own media in the meeting: microphone, camera and screen share on and off,
// and a mute by a host or the API.
import { openMedia } from './devices.js';
import { describeError } from './errors.js';
import { kLocalKey } from './meeting-types.js';
import { MeetingTiles } from './meeting-tiles.js';

export abstract class MeetingMedia extends MeetingTiles {
  protected async sentBytes(kind: 'audio' | 'video'): Promise<number> {
    return (await this.sendCounters(kind)).newBytes;
  }

  // What this page's publisher sent of `kind` (outbound-rtp, summed over its encodings):
  // `newBytes` is media sent for the first time; `bytes` also counts old packets sent again,
  // which Chromium does to probe the bandwidth even when nothing is encoded.
  protected async sendCounters(kind: 'audio' | 'video'): Promise<{ bytes: number; newBytes: number; retransmitted: number; frames: number }> {
    const out = { bytes: 0, newBytes: 0, retransmitted: 0, frames: 0 };
    const pc = this.room?.publisher;
    if (!pc) return out;
    type Outbound = { type?: string; kind?: string; bytesSent?: number; retransmittedBytesSent?: number; framesEncoded?: number };
    (await pc.getStats()).forEach((s: Outbound) => {
      if (s.type !== 'outbound-rtp' || s.kind !== kind) return;
      out.bytes += s.bytesSent ?? 0;
      out.retransmitted += s.retransmittedBytesSent ?? 0;
      out.frames += s.framesEncoded ?? 0;
    });
    out.newBytes = out.bytes - out.retransmitted;
    return out;
  }

  async toggleMic(): Promise<void> {
    const room = this.room;
    const want = !this.micOn;
    try {
      const published = this.localTrack('audio', 'microphone');
      if (want && !published) {
        const m = await openMedia(false, true, { micId: this.start.micId });
        if (!m.audio) throw new Error(describeError('x').title);
        this.audio = m.audio;
        this.levels.set(kLocalKey, this.audio);
        this.micOn = true;
        if (room) await room.publish(new MediaStream([m.audio]));
      } else if (published && room) {
        await room.setMuted(published.trackId ?? published.mediaStreamTrack, !want);
        this.micOn = want;
      } else {
        this.micOn = want && this.audio !== undefined;
      }
    } catch {
      this.toast(want ? 'Your microphone could not be turned on' : 'Your microphone could not be turned off');
    }
    this.updateControls();
  }

  async toggleCamera(): Promise<void> {
    const room = this.room;
    const want = !this.camOn;
    try {
      const published = this.localTrack('video', 'camera');
      if (want) {
        const m = await openMedia(true, false, { cameraId: this.start.cameraId });
        if (!m.video) {
          this.toast('Your camera could not be started; check that no other app is using it');
          return;
        }
        this.video = m.video;
        if (published && room) {
          await room.replaceTrack(published, m.video);
          await room.setMuted(published.trackId ?? published.mediaStreamTrack, false);
        } else if (room) {
          await room.publish(new MediaStream([m.video]));
        }
        this.camOn = true;
      } else {
        if (published && room) await room.setMuted(published.trackId ?? published.mediaStreamTrack, true);
        this.video?.stop();
        this.camOn = false;
      }
    } catch {
      this.toast('The camera could not be switched');
    }
    this.tiles.get(kLocalKey)?.setVideoTrack(this.camOn ? this.video : undefined);
    this.updateControls();
  }

  async toggleScreenShare(): Promise<void> {
    if (this.screenStream) {
      this.stopScreenShare(true);
      return;
    }
    const room = this.room;
    if (!room) return;
    if (!room.features.includes('screen_share')) {
      this.toast('Screen sharing is turned off in this meeting');
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    } catch {
      return; // the person cancelled the picker
    }
    this.screenStream = stream;
    const vt = stream.getVideoTracks()[0];
    if (vt) vt.addEventListener('ended', () => this.stopScreenShare(true));
    const tile = this.tileFor(`${kLocalKey}:screen`, this.start.name, true, true);
    tile.setVideoTrack(vt);
    this.screens.push(tile.key);
    try {
      await room.publish(stream, { source: 'screen' });
    } catch {
      this.toast('Your screen could not be shared');
      this.stopScreenShare(false);
    }
    this.updateControls();
    this.layout();
  }

  protected stopScreenShare(unpublish: boolean): void {
    const stream = this.screenStream;
    if (!stream) return;
    this.screenStream = undefined;
    for (const t of stream.getTracks()) {
      if (unpublish && this.room) void this.room.unpublish(t).catch(() => undefined);
      t.stop();
    }
    this.removeTile(`${kLocalKey}:screen`);
    this.updateControls();
    this.layout();
  }

  protected onLocalMuted(trackId: string, muted: boolean, by: string | undefined): void {
    const t = this.room?.localTracks.find((x) => x.trackId === trackId);
    if (!t || by === undefined || !muted) return;
    // A host muted us: stop sending for real, and say so.
    t.mediaStreamTrack.enabled = false;
    if (t.kind === 'audio') {
      this.micOn = false;
      this.toast('A host muted your microphone. You can unmute when you want to speak.');
    } else if (t.source === 'camera') {
      this.camOn = false;
      this.video?.stop();
      this.tiles.get(kLocalKey)?.setVideoTrack(undefined);
      this.toast('A host turned your camera off.');
    }
    this.updateControls();
  }

  // After a rejoin the camera track may have been stopped while it was off.
  protected async reopenCamera(): Promise<void> {
    if (this.camOn && (!this.video || this.video.readyState !== 'live')) {
      const m = await openMedia(true, false, { cameraId: this.start.cameraId });
      this.video = m.video;
      this.tiles.get(kLocalKey)?.setVideoTrack(this.video);
    }
  }
}
