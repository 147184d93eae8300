// What the meeting screen's parts share: how it starts, what it reports to the page
// (window.meetApp) and to the tests.
export interface MeetingStart {
  serverUrl: string;
  token: string;
  meetingId: string;
  title: string;
  name: string;
  video: MediaStreamTrack | undefined;
  audio: MediaStreamTrack | undefined;
  camOn: boolean;
  micOn: boolean;
  cameraId: string | undefined;
  micId: string | undefined;
  speakerId: string | undefined;
}

export interface MeetingCallbacks {
  // The meeting is over for this page: show an end screen for `code` (`left`, `removed`...).
  onEnd: (code: string) => void;
}

export type Panel = 'chat' | 'people' | undefined;

// What the e2e tests and a curious developer can read: window.meetApp.
export interface MeetAppState {
  state: string;
  participantId: string | undefined;
  events: { type: string; at: number; [k: string]: unknown }[];
  // RTP bytes this page has sent of `kind` for the first time (outbound-rtp `bytesSent` less
  // `retransmittedBytesSent`, summed): a muted track sends nothing, so the count stands still.
  sentBytes?: (kind: 'audio' | 'video') => Promise<number>;
  // The same with the parts: all bytes, retransmitted bytes, frames encoded.
  sendCounters?: (kind: 'audio' | 'video') => Promise<{ bytes: number; newBytes: number; retransmitted: number; frames: number }>;
}

declare global {
  interface Window {
    meetApp: MeetAppState;
  }
}

export const kLocalKey = 'local';

// What main's SDK adds (server message `active_speaker`); optional so this builds either way.
export interface ServerSpeakerFields {
  activeSpeakerId?: string;
  speakingIds?: Iterable<string>;
}
