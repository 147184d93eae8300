import { MeetError } from './meet-error.js';

// One chat message of the room (`sendChat`, the `chat` event, `room.chatMessages`).
export interface ChatMessage {
  id: string;
  participantId: string;
  identity: string;
  name: string;
  text: string;
  // Milliseconds since the epoch, as the server stamped it.
  sentAt: number;
}

// The features of a meeting whose server does not list them (docs/api.md: all of them).
export const kAllFeatures: readonly string[] = Object.freeze([
  'chat',
  'screen_share',
  'recording',
  'reactions',
  'raise_hand',
]);

// The server refuses longer texts (docs/protocol.md `chat`).
export const kMaxChatBytes = 2000;
// How many messages `ChatLog` keeps.
export const kChatLogSize = 500;

// `room.features` of `joined`: the strings of the list, or every feature when there is none.
export function featuresFromWire(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return kAllFeatures;
  return Object.freeze(value.filter((f): f is string => typeof f === 'string'));
}

// A wire chat message, or undefined when it lacks an id, participant id, text or time.
export function chatMessageFromWire(value: unknown): ChatMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'string' || typeof m.participant_id !== 'string' || typeof m.text !== 'string') return undefined;
  if (typeof m.sent_at !== 'number' || !Number.isFinite(m.sent_at)) return undefined;
  const identity = typeof m.identity === 'string' ? m.identity : '';
  return {
    id: m.id,
    participantId: m.participant_id,
    identity,
    name: typeof m.name === 'string' ? m.name : identity,
    text: m.text,
    sentAt: m.sent_at,
  };
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

// The check `sendChat` makes before sending: a string of 1 to 2000 UTF-8 bytes.
export function checkChatText(text: unknown): MeetError | undefined {
  if (typeof text !== 'string') return new MeetError('bad_request', 'chat text must be a string');
  if (text.length === 0) return new MeetError('bad_request', 'chat text is empty');
  const bytes = utf8Length(text);
  if (bytes > kMaxChatBytes) {
    return new MeetError('bad_request', `chat text is ${bytes} bytes, more than ${kMaxChatBytes}`);
  }
  return undefined;
}

// The last `capacity` chat messages, oldest first.
export class ChatLog {
  private readonly list: ChatMessage[] = [];

  constructor(private readonly capacity = kChatLogSize) {}

  get messages(): readonly ChatMessage[] {
    return this.list;
  }

  add(message: ChatMessage): void {
    this.list.push(message);
    if (this.list.length > this.capacity) this.list.splice(0, this.list.length - this.capacity);
  }
}
