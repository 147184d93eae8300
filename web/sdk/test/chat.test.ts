import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ChatLog,
  chatMessageFromWire,
  checkChatText,
  featuresFromWire,
  kAllFeatures,
  utf8Length,
  type ChatMessage,
} from '../src/chat.js';

const wire = { id: 'c_1', participant_id: 'p_1', identity: 'bob', name: 'Bob', text: 'hi', sent_at: 1764170000000 };

test('a wire chat message becomes camelCase', () => {
  assert.deepEqual(chatMessageFromWire(wire), {
    id: 'c_1',
    participantId: 'p_1',
    identity: 'bob',
    name: 'Bob',
    text: 'hi',
    sentAt: 1764170000000,
  });
});

test('missing identity and name default to empty and to the identity', () => {
  const { identity: _i, name: _n, ...bare } = wire;
  assert.deepEqual(chatMessageFromWire(bare), { ...chatMessageFromWire(wire), identity: '', name: '' });
  const { name: _m, ...noName } = wire;
  assert.equal(chatMessageFromWire(noName)?.name, 'bob');
});

test('malformed chat messages are refused', () => {
  const cases: [string, unknown][] = [
    ['null', null],
    ['string', 'hi'],
    ['array', [wire]],
    ['no id', { ...wire, id: undefined }],
    ['numeric id', { ...wire, id: 1 }],
    ['no participant_id', { ...wire, participant_id: undefined }],
    ['no text', { ...wire, text: undefined }],
    ['numeric text', { ...wire, text: 5 }],
    ['no sent_at', { ...wire, sent_at: undefined }],
    ['string sent_at', { ...wire, sent_at: '1764170000000' }],
    ['NaN sent_at', { ...wire, sent_at: Number.NaN }],
  ];
  for (const [what, value] of cases) assert.equal(chatMessageFromWire(value), undefined, what);
});

test('features: the listed strings, or all of them when absent', () => {
  assert.deepEqual(featuresFromWire(['chat', 'screen_share']), ['chat', 'screen_share']);
  assert.deepEqual(featuresFromWire([]), []);
  assert.deepEqual(featuresFromWire(['chat', 3, null]), ['chat']);
  assert.deepEqual(featuresFromWire(undefined), ['chat', 'screen_share', 'recording', 'reactions', 'raise_hand']);
  assert.equal(featuresFromWire('chat'), kAllFeatures);
  assert.ok(Object.isFrozen(featuresFromWire(['chat'])));
  assert.ok(Object.isFrozen(kAllFeatures));
});

test('chat text: 1 to 2000 UTF-8 bytes', () => {
  assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
  const ok = ['x', 'x'.repeat(2000), 'é'.repeat(1000), '😀'.repeat(500), ' '];
  for (const text of ok) assert.equal(checkChatText(text), undefined, `${text.length} chars`);
  const bad: unknown[] = ['', 'x'.repeat(2001), 'é'.repeat(1001), '😀'.repeat(501), undefined, 42];
  for (const text of bad) assert.equal(checkChatText(text)?.code, 'bad_request', String(text).slice(0, 10));
});

test('the chat log keeps the last messages, oldest first', () => {
  const log = new ChatLog(3);
  const msg = (i: number): ChatMessage => ({ id: `c_${i}`, participantId: 'p', identity: '', name: '', text: `${i}`, sentAt: i });
  for (let i = 1; i <= 5; i++) log.add(msg(i));
  assert.deepEqual(
    log.messages.map((m) => m.id),
    ['c_3', 'c_4', 'c_5'],
  );
});
