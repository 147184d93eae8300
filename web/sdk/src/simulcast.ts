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
export const kSimulcastEncodings: readonly RTCRtpEncodingParameters[] = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2_500_000 },
];

export const kTemporalLayersMode = 'L1T3';

// TypeScript's DOM types do not list WebRTC-SVC's member yet.
export type SendEncoding = RTCRtpEncodingParameters & { scalabilityMode?: string };

// What RTCRtpSender.getCapabilities lists per codec where the browser implements WebRTC-SVC.
type CodecWithModes = RTCRtpCodec & { scalabilityModes?: string[] };

const probed = new Map<string, boolean>();

// True when the browser's encoder takes `mode`: VP8 lists it in its capabilities, or (Chromium
// 156 lists none there yet accepts the modes it implements) a throwaway sender keeps it in its
// parameters. Asked once per mode and page. No WebRTC (Node, an old runtime): false.
export function vp8Supports(mode: string): boolean {
  const known = probed.get(mode);
  if (known !== undefined) return known;
  let ok = false;
  try {
    const codecs = (globalThis.RTCRtpSender?.getCapabilities?.('video')?.codecs ?? []) as CodecWithModes[];
    const vp8 = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/vp8');
    ok = vp8.some((c) => (c.scalabilityModes ?? []).includes(mode));
    if (!ok && vp8.length > 0 && vp8.every((c) => c.scalabilityModes === undefined) && globalThis.RTCPeerConnection) {
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
  probed.set(mode, ok);
  return ok;
}

// Forgets what vp8Supports found (tests).
export function forgetProbedModes(): void {
  probed.clear();
}

// The transceiver options for one published track: simulcast for camera video unless turned
// off, a single encoding otherwise (audio, screen share).
export function sendEncodingsFor(kind: 'audio' | 'video', source: string, simulcast: boolean): SendEncoding[] | undefined {
  if (kind !== 'video' || source !== 'camera' || !simulcast) return undefined;
  const temporal = vp8Supports(kTemporalLayersMode);
  return kSimulcastEncodings.map((e): SendEncoding => (temporal ? { ...e, scalabilityMode: kTemporalLayersMode } : { ...e }));
}
