import type { TrackKind } from './protocol.js';

// A track of another participant that this client receives on its subscriber connection.
export class RemoteTrack {
  constructor(
    readonly participantId: string,
    readonly trackId: string,
    readonly kind: TrackKind,
    readonly mid: string,
    readonly mediaStreamTrack: MediaStreamTrack,
  ) {}

  // A stream holding only this track, for a <video>/<audio> element's srcObject.
  toMediaStream(): MediaStream {
    return new MediaStream([this.mediaStreamTrack]);
  }
}
