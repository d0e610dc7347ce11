// Our status messages about a package we received (src/modules/docexchange/docexchange.rules.ts): the incoming
// document's events map to 03 / 04 / 05 / 06, each code goes back once and never backwards (also when events come
// twice or out of order), the Vietnamese descriptions; and the incoming module's event kinds (incoming.rules.ts
// `eventOf`: an assignment of an assigned document is a reassignment).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INCOMING_STATUS_TOPIC, mayAnswer, statusBackDescription, statusBackFor, type StatusCode } from '../../src/modules/docexchange/docexchange.rules.ts';
import { eventOf, STATUS_TOPIC } from '../../src/modules/incoming/incoming.rules.ts';

describe('status back: mapping', () => {
  const table: Array<[string, StatusCode | null]> = [
    ['registered', '03'],
    ['routed', null],
    ['assigned', '04'],
    ['reassigned', '04'],
    ['opinion', '05'],
    ['closed', '06'],
    ['answered', '06'],
    ['reminded', null],
    ['overdue', null],
    ['file', null],
    ['', null],
  ];
  for (const [event, code] of table) {
    it(`${event || '(empty)'} → ${code ?? 'nothing'}`, () => assert.equal(statusBackFor(event), code));
  }

  it('both modules name the same topic', () => assert.equal(INCOMING_STATUS_TOPIC, STATUS_TOPIC));
});

describe('status back: once each, never backwards', () => {
  const table: Array<[string[], StatusCode, boolean]> = [
    [[], '01', true],
    [['01'], '03', true],
    [['01', '03'], '03', false], // the same event applied twice
    [['01', '03'], '04', true],
    [['01', '03', '04'], '04', false], // a reassignment: 04 once
    [['01', '03', '04'], '05', true],
    [['01', '03', '04', '05'], '05', false], // a second opinion
    [['01', '03', '04', '05'], '04', false], // reassigned while in progress: never back to 04
    [['01', '03', '04', '05'], '06', true],
    [['01', '03'], '06', true], // closed without assignment: straight to 06
    [['01', '03', '06'], '04', false], // nothing after completion
    [['01', '03', '06'], '06', false],
    [['01', '03', '04', '05', '06'], '05', false],
    [['02'], '03', false], // a refused package is told nothing more
    [['01'], '01', false],
  ];
  for (const [recorded, code, expected] of table) {
    it(`after [${recorded.join(', ')}] ${code}: ${expected ? 'sent' : 'skipped'}`, () => assert.equal(mayAnswer(recorded, code), expected));
  }

  it('a shuffled, repeated stream of events sends an increasing sequence without repeats', () => {
    const events = ['registered', 'assigned', 'opinion', 'registered', 'reassigned', 'opinion', 'assigned', 'closed', 'opinion', 'answered'];
    const sent: string[] = ['01'];
    for (const event of events) {
      const code = statusBackFor(event);
      if (code && mayAnswer(sent, code)) sent.push(code);
    }
    assert.deepEqual(sent, ['01', '03', '04', '05', '06']);
    const late: string[] = ['01'];
    for (const event of ['registered', 'opinion', 'assigned', 'closed']) {
      const code = statusBackFor(event);
      if (code && mayAnswer(late, code)) late.push(code);
    }
    assert.deepEqual(late, ['01', '03', '05', '06'], 'the assignment announced after the opinion is not sent');
  });
});

describe('status back: descriptions (Vietnamese, for the sender\'s system)', () => {
  it('03 names the register number, 04 the deadline (Vietnam date), 05 and 06 a short text', () => {
    assert.equal(statusBackDescription('registered', { number: 12, year: 2026 }), 'Đã tiếp nhận, vào sổ văn bản đến số 12/2026');
    assert.equal(statusBackDescription('registered'), 'Đã tiếp nhận, vào sổ văn bản đến');
    // 16:59:59.999 UTC is 23:59:59.999 in Vietnam: the deadline's day.
    assert.equal(statusBackDescription('assigned', { deadline: new Date('2026-12-09T16:59:59.999Z') }), 'Đã phân công xử lý, hạn xử lý 09/12/2026');
    assert.equal(statusBackDescription('reassigned', { deadline: null }), 'Đã phân công xử lý');
    assert.equal(statusBackDescription('opinion'), 'Đang xử lý');
    assert.equal(statusBackDescription('closed'), 'Đã xử lý xong');
    assert.equal(statusBackDescription('answered'), 'Đã xử lý xong, có văn bản trả lời');
    assert.equal(statusBackDescription('routed'), '');
  });
});

describe('incoming events announced', () => {
  const table: Array<[Parameters<typeof eventOf>[0], Parameters<typeof eventOf>[1], string]> = [
    ['route', 'registered', 'routed'],
    ['assign', 'registered', 'assigned'],
    ['assign', 'routed', 'assigned'],
    ['assign', 'assigned', 'reassigned'],
    ['assign', 'in_progress', 'reassigned'],
    ['opinion', 'assigned', 'opinion'],
    ['close', 'in_progress', 'closed'],
  ];
  for (const [action, status, event] of table) {
    it(`${action} from ${status} → ${event}`, () => assert.equal(eventOf(action, status), event));
  }
});
