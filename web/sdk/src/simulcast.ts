// Camera video goes out as three simulcast encodings (RFC 8853), lowest quality first: the
// server takes the rids in this order as its layers 0, 1, 2 and forwards each subscriber the
// one its downlink and tile size call for. Chromium drops the top encodings itself when the
// camera is too small for them (a 640x360 camera sends two).
//
// Where the browser's VP8 encoder offers it, each encoding carries three temporal layers
// (scalabilityMode L1T3, WebRTC-SVC): the server then leaves out the top ones for a subscriber
// whose downlink does not quite carry a layer, which gets it at half or a quarter of the frame
// rate before a smaller one (issue 17). Nothing in the SDP changes: the temporal layer of each
// packet is in its VP8 payload descriptor. Browsers without it (Firefox) send L1T1 as before.
//
// VP9 (PublishOptions.videoCodec 'vp9') goes out as one encoding with three spatial and three
// temporal layers (L3T3_KEY: the spatial layers depend on each other only at keyframes) where
// the encoder takes that mode: the server reads each packet's layer from its VP9 payload
// descriptor and forwards each subscriber the spatial and temporal layers that fit. Without the
// mode VP9 goes out as three simulcast encodings like VP8. H.264 ('h264') always goes out as
// three simulcast encodings without temporal layers (the server cannot read an H.264 packet's
// temporal layer).
export const kSimulcastEncodings: readonly RTCRtpEncodingParameters[] = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2_500_000 },
];

export const kTemporalLayersMode = 'L1T3';
export const kSpatialLayersMode = 'L3T3_KEY';

// The video codecs a publisher may ask for; VP8 is the default.
export type VideoCodec = 'vp8' | 'vp9' | 'h264';
const kMimeTypes: Record<VideoCodec, string> = { vp8: 'video/vp8', vp9: 'video/vp9', h264: 'video/h264' };

// TypeScript's DOM types do not list WebRTC-SVC's member yet.
export type SendEncoding = RTCRtpEncodingParameters & { scalabilityMode?: string };

// What RTCRtpSender.getCapabilities lists per codec where the browser implements WebRTC-SVC.
type CodecWithModes = RTCRtpCodec & { scalabilityModes?: string[] };

const probed = new Map<string, boolean>();

function videoCodecs(): CodecWithModes[] {
  return (globalThis.RTCRtpSender?.getCapabilities?.('video')?.codecs ?? []) as CodecWithModes[];
}

// True when the browser's `codec` encoder takes `mode`: the codec lists it in its
// capabilities, or (Chromium 156 lists none there yet accepts the modes it implements) a
// throwaway sender keeps it in its parameters. Asked once per codec, mode and page. No WebRTC
// (Node, an old runtime) or no such codec: false.
export function codecSupports(codec: VideoCodec, mode: string): boolean {
  const key = `${codec} ${mode}`;
  const known = probed.get(key);
  if (known !== undefined) return known;
  let ok = false;
  try {
    const matching = videoCodecs().filter((c) => c.mimeType.toLowerCase() === kMimeTypes[codec]);
    ok = matching.some((c) => (c.scalabilityModes ?? []).includes(mode));
    if (!ok && matching.length > 0 && matching.every((c) => c.scalabilityModes === undefined) && globalThis.RTCPeerConnection) {
      const pc = new RTCPeerConnection();
      try {
        const t = pc.addTransceiver('video', { direction: 'sendonly', sendEncodings: [{ scalabilityMode: mode } as SendEncoding] });
        ok = (t.sender.getParameters().encodings[0] as SendEncoding | undefined)?.scalabilityMode === mode;
      } finally {
        pc.close();
      }
    }
  } catch {
    ok = false; // a browser that rejects the mode (or the member)
  }
  probed.set(key, ok);
  return ok;
}

// codecSupports for VP8.
export function vp8Supports(mode: string): boolean {
  return codecSupports('vp8', mode);
}

// Forgets what codecSupports found (tests).
export function forgetProbedModes(): void {
  probed.clear();
}

// The transceiver options for one published track: simulcast (or VP9 SVC) for camera video
// unless turned off, a single encoding otherwise (audio, screen share).
export function sendEncodingsFor(kind: 'audio' | 'video', source: string, simulcast: boolean, codec: VideoCodec = 'vp8'): SendEncoding[] | undefined {
  if (kind !== 'video' || source !== 'camera' || !simulcast) return undefined;
  if (codec === 'vp9' && codecSupports('vp9', kSpatialLayersMode)) {
    const top = kSimulcastEncodings[kSimulcastEncodings.length - 1];
    return [{ maxBitrate: top?.maxBitrate, scalabilityMode: kSpatialLayersMode }];
  }
  const temporal = codec !== 'h264' && codecSupports(codec, kTemporalLayersMode);
  return kSimulcastEncodings.map((e): SendEncoding => (temporal ? { ...e, scalabilityMode: kTemporalLayersMode } : { ...e }));
}

// The browser's codecs with `codec`'s first (for RTCRtpTransceiver.setCodecPreferences), or
// undefined when the browser has no such codec (the offer then keeps its default order).
export function codecPreferences(codec: VideoCodec): RTCRtpCodec[] | undefined {
  const all = videoCodecs();
  const wanted = all.filter((c) => c.mimeType.toLowerCase() === kMimeTypes[codec]);
  if (wanted.length === 0) return undefined;
  return [...wanted, ...all.filter((c) => c.mimeType.toLowerCase() !== kMimeTypes[codec])];
}
