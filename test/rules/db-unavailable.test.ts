// The database away (stopped, restarting, unreachable) is told apart from a failing statement: 503
// DATABASE_UNAVAILABLE with Retry-After instead of a 500 (src/db/errors.ts, src/http/problem.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable } from '../../src/db/errors.ts';
import { toProblem } from '../../src/http/problem.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable (src/db/errors.ts)', () => {
  const cases: Array<[string, unknown, boolean]> = [
    // Socket errors of the connection, as pg throws them.
    ['connect refused', Object.assign(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), { syscall: 'connect' }), true],
    ['reset', withCode('read ECONNRESET', 'ECONNRESET'), true],
    ['timed out', withCode('connect ETIMEDOUT 10.0.0.5:5432', 'ETIMEDOUT'), true],
    ['broken pipe', withCode('write EPIPE', 'EPIPE'), true],
    ['host unreachable', withCode('connect EHOSTUNREACH', 'EHOSTUNREACH'), true],
    ['Unix socket gone', Object.assign(withCode('connect ENOENT /tmp/pg/.s.PGSQL.5432', 'ENOENT'), { syscall: 'connect' }), true],
    ['DNS for now', withCode('getaddrinfo EAI_AGAIN db', 'EAI_AGAIN'), true],
    ['several addresses refused (AggregateError)', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')]), true],
    // The driver's own messages (no code).
    ['terminated unexpectedly', new Error('Connection terminated unexpectedly'), true],
    ['terminated', new Error('Connection terminated'), true],
    ['pool: connect timeout', new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }), true],
    ['pool: waited too long', new Error('timeout exceeded when trying to connect'), true],
    ['client broken', new Error('Client has encountered a connection error and is not queryable'), true],
    ['client closed', new Error('Client was closed and is not queryable'), true],
    // SQLSTATEs of a server going away or refusing us.
    ['08006 connection_failure', withCode('connection failure', '08006'), true],
    ['08001 cannot establish', withCode('could not connect', '08001'), true],
    ['08P01 protocol violation', withCode('protocol violation', '08P01'), true],
    ['57P01 admin_shutdown', withCode('terminating connection due to administrator command', '57P01'), true],
    ['57P02 crash_shutdown', withCode('terminating connection because of crash of another server process', '57P02'), true],
    ['57P03 cannot_connect_now', withCode('the database system is shutting down', '57P03'), true],
    ['53300 too_many_connections', withCode('sorry, too many clients already', '53300'), true],
    ['SQLSTATE as the cause', new Error('wrapped', { cause: withCode('the database system is starting up', '57P03') }), true],
    // Not the database being away: the statement, the data, another system, nothing.
    ['unique violation', withCode('duplicate key value violates unique constraint', '23505'), false],
    ['serialization failure', withCode('could not serialize access', '40001'), false],
    ['deadlock', withCode('deadlock detected', '40P01'), false],
    ['statement timeout (57014)', withCode('canceling statement due to statement timeout', '57014'), false],
    ['syntax error', withCode('syntax error at or near "SELEC"', '42601'), false],
    ['another system refused (fetch failed, socket error as cause)', new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED 10.1.1.1:443', 'ECONNREFUSED') }), false],
    ['a message that only mentions a connection', new Error('Connection to the SMS gateway terminated'), false],
    ['a missing file (ENOENT of open)', Object.assign(withCode("ENOENT: no such file or directory, open '/data/files/x'", 'ENOENT'), { syscall: 'open' }), false],
    ['a plain error', new Error('boom'), false],
    ['a string', 'ECONNREFUSED', false],
    ['null', null, false],
    ['a cycle of causes', (() => {
      const e = new Error('a') as Error & { cause?: unknown };
      e.cause = e;
      return e;
    })(), false],
  ];
  for (const [name, error, expected] of cases) {
    it(`${name} → ${expected ? 'unavailable' : 'not unavailable'}`, () => assert.equal(isDatabaseUnavailable(error), expected));
  }
});

describe('toProblem: the database away is a 503 DATABASE_UNAVAILABLE, in both languages', () => {
  it('maps a refused connection and a terminated one to 503, and leaves other errors alone', () => {
    for (const error of [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), new Error('Connection terminated unexpectedly'), withCode('terminating connection due to administrator command', '57P01')]) {
      const vi = toProblem(error, 'vi', 'r1');
      assert.equal(vi.status, 503);
      assert.equal(vi.code, 'DATABASE_UNAVAILABLE');
      assert.equal(vi.type, 'urn:opendvc:problem:database-unavailable');
      assert.match(vi.title, /cơ sở dữ liệu/);
      assert.match(toProblem(error, 'en', 'r1').title, /database/);
    }
    assert.equal(toProblem(withCode('duplicate key', '23505'), 'en', 'r1').status, 500);
    assert.equal(toProblem(new Error('boom'), 'en', 'r1').code, 'INTERNAL');
  });
});
