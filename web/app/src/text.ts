// Text helpers for names and chat. Everything the app shows from other people goes into the
// page as text (textContent), never as HTML; these only tidy what is shown.

// C0/C1 controls and the bidirectional overrides and isolates that can reorder a line.
const kUnsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

// A display name: unsafe characters removed, runs of white space made one space, trimmed;
// `fallback` when nothing is left.
export function cleanName(raw: unknown, fallback = 'Guest'): string {
  if (typeof raw !== 'string') return fallback;
  const s = raw.replace(kUnsafe, '').replace(/\s+/g, ' ').trim();
  return s.length > 0 ? s : fallback;
}

// Chat text: unsafe characters removed, line breaks and tabs kept.
export function cleanChatText(raw: string): string {
  return raw.replace(kUnsafe, '');
}

// At most `max` characters (code points, so no emoji is cut in half), the last one an
// ellipsis when something was cut. CSS ellipsis handles what fits a tile; this bounds labels
// such as toasts and the live region.
export function shortName(name: string, max = 40): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  return `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

// One or two letters for an avatar.
export function initials(name: string): string {
  const words = cleanName(name, '?').split(' ').filter((w) => w.length > 0);
  const first = Array.from(words[0] ?? '?')[0] ?? '?';
  const last = words.length > 1 ? (Array.from(words[words.length - 1])[0] ?? '') : '';
  return (first + last).toUpperCase();
}

// Escapes text for the rare place that needs markup in a string (none at the moment; kept
// for attribute values built by hand).
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

// Elapsed time as m:ss or h:mm:ss.
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

// A meeting code from what the user typed: a link (…/m/<code>) or the code itself.
export function meetingCodeFrom(input: string): string | undefined {
  const s = input.trim();
  if (s.length === 0) return undefined;
  const m = /\/m\/([A-Za-z0-9_-]+)/.exec(s);
  const code = m ? m[1] : s;
  return /^[A-Za-z0-9_-]{1,64}$/.test(code) ? code : undefined;
}
