// Camera video goes out as three simulcast encodings (RFC 8853), lowest quality first: the
// server takes the rids in this order as its layers 0, 1, 2 and forwards each subscriber the
// one its downlink and tile size call for. Chromium drops the top encodings itself when the
// camera is too small for them (a 640x360 camera sends two).
export const kSimulcastEncodings: readonly RTCRtpEncodingParameters[] = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2_500_000 },
];

// The transceiver options for one published track: simulcast for camera video unless turned
// off, a single encoding otherwise (audio, screen share).
export function sendEncodingsFor(kind: 'audio' | 'video', source: string, simulcast: boolean): RTCRtpEncodingParameters[] | undefined {
  if (kind !== 'video' || source !== 'camera' || !simulcast) return undefined;
  return kSimulcastEncodings.map((e) => ({ ...e }));
}
