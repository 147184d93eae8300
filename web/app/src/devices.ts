// Camera and microphone: opening them (keeping whichever works when one fails), listing
// devices, and measuring a microphone's level.

export interface MediaChoice {
  cameraId?: string;
  micId?: string;
}

export interface OpenedMedia {
  video: MediaStreamTrack | undefined;
  audio: MediaStreamTrack | undefined;
  videoError: string | undefined; // DOMException name
  audioError: string | undefined;
}

function constraint(id: string | undefined): MediaTrackConstraints | boolean {
  return id ? { deviceId: { exact: id } } : true;
}

async function one(kind: 'audio' | 'video', id: string | undefined): Promise<MediaStreamTrack> {
  const video = kind === 'video' ? { ...(typeof constraint(id) === 'object' ? (constraint(id) as object) : {}), width: { ideal: 1280 }, height: { ideal: 720 } } : false;
  const stream = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio: constraint(id) } : { video });
  return stream.getTracks()[0];
}

function nameOf(err: unknown): string {
  return err instanceof DOMException || (err instanceof Error && err.name) ? (err as Error).name : 'Error';
}

// Opens what is asked for; one device failing does not stop the other.
export async function openMedia(wantVideo: boolean, wantAudio: boolean, choice: MediaChoice = {}): Promise<OpenedMedia> {
  const out: OpenedMedia = { video: undefined, audio: undefined, videoError: undefined, audioError: undefined };
  if (!navigator.mediaDevices?.getUserMedia) {
    if (wantVideo) out.videoError = 'NotSupportedError';
    if (wantAudio) out.audioError = 'NotSupportedError';
    return out;
  }
  await Promise.all([
    wantVideo
      ? one('video', choice.cameraId).then((t) => (out.video = t), (e) => (out.videoError = nameOf(e)))
      : undefined,
    wantAudio
      ? one('audio', choice.micId).then((t) => (out.audio = t), (e) => (out.audioError = nameOf(e)))
      : undefined,
  ]);
  return out;
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  const all = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
  return {
    cameras: all.filter((d) => d.kind === 'videoinput'),
    mics: all.filter((d) => d.kind === 'audioinput'),
    speakers: all.filter((d) => d.kind === 'audiooutput'),
  };
}

export function canPickSpeaker(): boolean {
  return typeof (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId === 'function';
}

export async function setSpeaker(el: HTMLMediaElement, id: string): Promise<void> {
  const sink = (el as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> }).setSinkId;
  if (sink && id) await sink.call(el, id).catch(() => undefined);
}

let sharedContext: AudioContext | undefined;
function audioContext(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined;
  sharedContext ??= new AudioContext();
  if (sharedContext.state === 'suspended') void sharedContext.resume().catch(() => undefined);
  return sharedContext;
}

// Level (0..1, RMS) of audio tracks, by key. Remote WebRTC tracks work too.
export class AudioLevels {
  private readonly meters = new Map<string, { track: MediaStreamTrack; analyser: AnalyserNode; source: MediaStreamAudioSourceNode; buf: Float32Array<ArrayBuffer> }>();

  set(key: string, track: MediaStreamTrack | undefined): void {
    const existing = this.meters.get(key);
    if (existing && existing.track === track) return;
    this.delete(key);
    if (!track) return;
    const ctx = audioContext();
    if (!ctx) return;
    try {
      const source = ctx.createMediaStreamSource(new MediaStream([track]));
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 512;
      source.connect(analyser);
      this.meters.set(key, { track, analyser, source, buf: new Float32Array(analyser.fftSize) });
    } catch {
      // no level for this track
    }
  }

  delete(key: string): void {
    const m = this.meters.get(key);
    if (!m) return;
    m.source.disconnect();
    this.meters.delete(key);
  }

  level(key: string): number {
    const m = this.meters.get(key);
    if (!m || m.track.readyState === 'ended' || !m.track.enabled) return 0;
    m.analyser.getFloatTimeDomainData(m.buf);
    let sum = 0;
    for (const v of m.buf) sum += v * v;
    return Math.min(1, Math.sqrt(sum / m.buf.length) * 4);
  }

  all(): Map<string, number> {
    const out = new Map<string, number>();
    for (const key of this.meters.keys()) out.set(key, this.level(key));
    return out;
  }

  clear(): void {
    for (const key of [...this.meters.keys()]) this.delete(key);
  }
}
