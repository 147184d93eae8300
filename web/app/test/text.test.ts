import { describe, expect, it } from 'vitest';
import { cleanChatText, cleanName, escapeHtml, formatElapsed, initials, meetingCodeFrom, shortName } from '../src/text.js';

describe('cleanName', () => {
  it('drops controls and bidi overrides and folds white space', () => {
    expect(cleanName('  Ada\u202e \t Lovelace\u0007 ')).toBe('Ada Lovelace');
  });
  it('falls back when nothing is left or it is not a string', () => {
    expect(cleanName('\u202a \u0007 ', 'Guest')).toBe('Guest');
    expect(cleanName(42)).toBe('Guest');
  });
  it('keeps markup as plain characters (it is shown as text)', () => {
    expect(cleanName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('chat and labels', () => {
  it('keeps line breaks in chat', () => {
    expect(cleanChatText('a\nb\tc\u0000')).toBe('a\nb\tc');
  });
  it('shortens by code points with an ellipsis', () => {
    expect(shortName('x'.repeat(128), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(shortName('😀'.repeat(5), 3)).toBe('😀😀…');
    expect(shortName('short', 10)).toBe('short');
  });
  it('makes initials', () => {
    expect(initials('ada king lovelace')).toBe('AL');
    expect(initials('')).toBe('?');
  });
  it('escapes html', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('formatElapsed', () => {
  it('shows m:ss, then h:mm:ss', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(65_400)).toBe('1:05');
    expect(formatElapsed(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatElapsed(-5)).toBe('0:00');
  });
});

describe('meetingCodeFrom', () => {
  it('takes a code or a link', () => {
    expect(meetingCodeFrom(' mt_abc-1 ')).toBe('mt_abc-1');
    expect(meetingCodeFrom('https://meet.example/m/mt_xyz?x=1')).toBe('mt_xyz');
  });
  it('refuses anything else', () => {
    expect(meetingCodeFrom('')).toBeUndefined();
    expect(meetingCodeFrom('hello world')).toBeUndefined();
    expect(meetingCodeFrom('../../etc')).toBeUndefined();
  });
});
