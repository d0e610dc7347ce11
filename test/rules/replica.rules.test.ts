// The replica read path's pure parts: which database a report reads, which errors fall back to the primary, the lag
// from what the replica says about itself, and the line the pages show (src/db/replica.rules.ts, reports.rules.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseReadSource, replicaErrorOutcome, replicaLag, REPLICA_RETRY_AFTER_MS, type ReadSource, type ReplicaProbe } from '../../src/db/replica.rules.ts';
import { clockText, combinedSource, dataSourceField, sourceNote } from '../../src/modules/reports/reports.rules.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const at = (text: string) => new Date(`${text}+07:00`);

describe('DATABASE_REPLICA_URL', () => {
  it('is a postgres: URL, optional, accepted with or without DATABASE_URL', () => {
    const load = (env: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp/test-data', ...env });
    assert.equal(load({}).databaseReplicaUrl, undefined);
    assert.equal(load({ DATABASE_REPLICA_URL: '  ' }).databaseReplicaUrl, undefined);
    assert.equal(load({ DATABASE_REPLICA_URL: 'postgres://r@standby:5432/opendvc' }).databaseReplicaUrl, 'postgres://r@standby:5432/opendvc');
    assert.equal(
      load({ DATABASE_URL: 'postgresql://p@primary/opendvc', DATABASE_REPLICA_URL: 'postgresql://r@standby/opendvc' }).databaseReplicaUrl,
      'postgresql://r@standby/opendvc',
    );
    for (const bad of ['http://standby/opendvc', 'standby:5432', 'not a url']) {
      assert.throws(() => load({ DATABASE_REPLICA_URL: bad }), (error: unknown) => error instanceof ConfigError && error.variable === 'DATABASE_REPLICA_URL', bad);
    }
  });
});

describe('chooseReadSource', () => {
  it('reads the replica when configured and not failed recently; the primary otherwise', () => {
    const cases: Array<[string, Parameters<typeof chooseReadSource>[0], ReturnType<typeof chooseReadSource>]> = [
      ['no replica', { replicaConfigured: false, lastFailureAt: null, now: 1_000 }, 'primary'],
      ['no replica, even after a failure', { replicaConfigured: false, lastFailureAt: 900, now: 1_000 }, 'primary'],
      ['replica, never failed', { replicaConfigured: true, lastFailureAt: null, now: 1_000 }, 'replica'],
      ['failed just now', { replicaConfigured: true, lastFailureAt: 1_000, now: 1_000 }, 'fallback'],
      ['failed within the delay', { replicaConfigured: true, lastFailureAt: 1_000, now: 1_000 + REPLICA_RETRY_AFTER_MS - 1 }, 'fallback'],
      ['the delay has passed: tried again', { replicaConfigured: true, lastFailureAt: 1_000, now: 1_000 + REPLICA_RETRY_AFTER_MS }, 'replica'],
      ['own delay', { replicaConfigured: true, lastFailureAt: 1_000, now: 1_500, retryAfterMs: 400 }, 'replica'],
      ['the clock went back: tried again', { replicaConfigured: true, lastFailureAt: 5_000, now: 1_000 }, 'replica'],
    ];
    for (const [name, input, expected] of cases) assert.equal(chooseReadSource(input), expected, name);
  });
});

describe('replicaErrorOutcome', () => {
  it('falls back on connection failures and a standby that cannot serve; rethrows query errors', () => {
    const error = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'x')), fields);
    const cases: Array<[string, unknown, 'fallback' | 'rethrow']> = [
      ['connection refused (closed port)', error({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' }), 'fallback'],
      ['host unreachable', error({ code: 'EHOSTUNREACH' }), 'fallback'],
      ['unknown host name', error({ code: 'ENOTFOUND' }), 'fallback'],
      ['reset', error({ code: 'ECONNRESET' }), 'fallback'],
      ['pool connect timeout', new Error('timeout exceeded when trying to connect'), 'fallback'],
      ['connection lost', new Error('Connection terminated unexpectedly'), 'fallback'],
      ['connect timeout', new Error('Connection terminated due to connection timeout'), 'fallback'],
      ['SQLSTATE 08006', error({ code: '08006' }), 'fallback'],
      ['SQLSTATE 08001', error({ code: '08001' }), 'fallback'],
      ['shutting down (57P01)', error({ code: '57P01' }), 'fallback'],
      ['starting up (57P03)', error({ code: '57P03' }), 'fallback'],
      ['too many connections (53300)', error({ code: '53300' }), 'fallback'],
      ['conflict with recovery (40001)', error({ code: '40001', message: 'canceling statement due to conflict with recovery' }), 'fallback'],
      ['no such database on the replica (3D000)', error({ code: '3D000' }), 'fallback'],
      ['password refused (28P01)', error({ code: '28P01' }), 'fallback'],
      ['several addresses refused', Object.assign(new AggregateError([error({ code: 'ECONNREFUSED' }), error({ code: 'ECONNREFUSED' })]), { code: 'ECONNREFUSED' }), 'fallback'],
      ['aggregate without a code', new AggregateError([error({ code: 'ECONNREFUSED' })]), 'fallback'],
      ['syntax error (42601)', error({ code: '42601' }), 'rethrow'],
      ['undefined column (42703)', error({ code: '42703' }), 'rethrow'],
      ['division by zero (22012)', error({ code: '22012' }), 'rethrow'],
      ['a plain error', new Error('boom'), 'rethrow'],
      ['not an error', 'ECONNREFUSED', 'rethrow'],
      ['null', null, 'rethrow'],
    ];
    for (const [name, input, expected] of cases) assert.equal(replicaErrorOutcome(input), expected, name);
  });
});

describe('replicaLag', () => {
  it('is 0 when everything received is replayed or the server is not in recovery, else now − last replayed', () => {
    const now = at('2026-12-05T19:30:10');
    const probe = (p: Partial<ReplicaProbe>): ReplicaProbe => ({ inRecovery: true, replayDelaySeconds: null, replayedAt: null, caughtUp: null, now, ...p });
    const replayed = at('2026-12-05T19:29:58');
    const cases: Array<[string, ReplicaProbe, ReadSource]> = [
      ['not in recovery (a primary): 0, as of now', probe({ inRecovery: false }), { kind: 'replica', lagSeconds: 0, asOf: now }],
      ['idle primary: replay timestamp old but all received is replayed', probe({ replayDelaySeconds: 3_600, replayedAt: at('2026-12-05T18:30:10'), caughtUp: true }), { kind: 'replica', lagSeconds: 0, asOf: now }],
      ['behind: 12.7 s → 12', probe({ replayDelaySeconds: 12.7, replayedAt: replayed, caughtUp: false }), { kind: 'replica', lagSeconds: 12, asOf: replayed }],
      ['not streaming (receive LSN null): the replay delay', probe({ replayDelaySeconds: 95, replayedAt: replayed, caughtUp: null }), { kind: 'replica', lagSeconds: 95, asOf: replayed }],
      ['clocks apart: never below 0', probe({ replayDelaySeconds: -0.4, replayedAt: replayed, caughtUp: false }), { kind: 'replica', lagSeconds: 0, asOf: replayed }],
      ['nothing replayed yet: unknown', probe({ caughtUp: false }), { kind: 'replica', lagSeconds: null, asOf: null }],
      ['a delay that is not a number: unknown', probe({ replayDelaySeconds: Number.NaN, replayedAt: replayed, caughtUp: false }), { kind: 'replica', lagSeconds: null, asOf: null }],
    ];
    for (const [name, input, expected] of cases) assert.deepEqual(replicaLag(input), expected, name);
  });
});

describe('the source line of the report pages', () => {
  it('formats hh:mm:ss dd/mm/yyyy in Vietnam time', () => {
    const cases: Array<[Date, string]> = [
      [at('2026-12-05T09:03:07'), '09:03:07 05/12/2026'],
      [new Date('2026-12-31T17:00:00Z'), '00:00:00 01/01/2027'],
      [new Date('2026-12-31T16:59:59.999Z'), '23:59:59 31/12/2026'],
    ];
    for (const [input, expected] of cases) assert.equal(clockText(input), expected);
  });

  it('names the replica and its lag, the fallback, or nothing without a replica', () => {
    const asOf = at('2026-12-05T19:29:58');
    const cases: Array<[string, ReadSource, 'vi' | 'en', ReturnType<typeof sourceNote>]> = [
      ['no replica configured', { kind: 'primary', lagSeconds: null, asOf: null }, 'vi', null],
      ['fallback', { kind: 'fallback', lagSeconds: null, asOf: null }, 'vi', { key: 'reports.source.fallback', params: {} }],
      ['behind', { kind: 'replica', lagSeconds: 12, asOf }, 'vi', { key: 'reports.source.replica', params: { seconds: '12', asOf: '19:29:58 05/12/2026' } }],
      ['far behind, vi digits', { kind: 'replica', lagSeconds: 7_384, asOf }, 'vi', { key: 'reports.source.replica', params: { seconds: '7.384', asOf: '19:29:58 05/12/2026' } }],
      ['far behind, en digits', { kind: 'replica', lagSeconds: 7_384, asOf }, 'en', { key: 'reports.source.replica', params: { seconds: '7,384', asOf: '19:29:58 05/12/2026' } }],
      ['up to date', { kind: 'replica', lagSeconds: 0, asOf }, 'vi', { key: 'reports.source.upToDate', params: { seconds: '0', asOf: '19:29:58 05/12/2026' } }],
      ['unknown lag', { kind: 'replica', lagSeconds: null, asOf: null }, 'en', { key: 'reports.source.lagUnknown', params: {} }],
    ];
    for (const [name, source, locale, expected] of cases) assert.deepEqual(sourceNote(source, locale), expected, name);
  });

  it('one line for several reads: a fallback first, else the replica furthest behind', () => {
    const asOf = at('2026-12-05T19:29:58');
    const primary: ReadSource = { kind: 'primary', lagSeconds: null, asOf: null };
    const fallback: ReadSource = { kind: 'fallback', lagSeconds: null, asOf: null };
    const r3: ReadSource = { kind: 'replica', lagSeconds: 3, asOf };
    const r9: ReadSource = { kind: 'replica', lagSeconds: 9, asOf };
    const unknown: ReadSource = { kind: 'replica', lagSeconds: null, asOf: null };
    const cases: Array<[string, ReadSource[], ReadSource]> = [
      ['nothing', [], primary],
      ['primary only', [primary, primary], primary],
      ['one fell back', [r3, fallback], fallback],
      ['the furthest behind', [r3, r9, r3], r9],
      ['unknown counts as furthest', [r9, unknown], unknown],
    ];
    for (const [name, input, expected] of cases) assert.deepEqual(combinedSource(input), expected, name);
  });

  it("gives the API's dataSource only with a replica configured", () => {
    const asOf = new Date('2026-12-05T12:29:58.000Z');
    assert.deepEqual(dataSourceField({ kind: 'primary', lagSeconds: null, asOf: null }), {});
    assert.deepEqual(dataSourceField({ kind: 'fallback', lagSeconds: null, asOf: null }), { dataSource: { from: 'primary_fallback', replicaLagSeconds: null, asOf: null } });
    assert.deepEqual(dataSourceField({ kind: 'replica', lagSeconds: 4, asOf }), { dataSource: { from: 'replica', replicaLagSeconds: 4, asOf: '2026-12-05T12:29:58.000Z' } });
    assert.deepEqual(dataSourceField({ kind: 'replica', lagSeconds: null, asOf: null }), { dataSource: { from: 'replica', replicaLagSeconds: null, asOf: null } });
  });
});
