// An error with the stable protocol code (`invalid_token`, `not_allowed`, ...) or one of the
// SDK's own codes (`connection_closed`, `timeout`, `bad_message`).
export class MeetError extends Error {
  readonly code: string;

  constructor(code: string, message?: string) {
    super(message && message.length > 0 ? `${code}: ${message}` : code);
    this.name = 'MeetError';
    this.code = code;
  }
}
