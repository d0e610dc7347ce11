import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { allMessageKeys, hasMessage, negotiateLocale, translate } from '../../src/core/i18n.ts';
import { errorCodes, errorDefinition } from '../../src/core/errors.ts';
import '../../src/modules/index.ts';

describe('negotiateLocale', () => {
  const cases: Array<[string | undefined, string | undefined, string]> = [
    [undefined, undefined, 'vi'],
    [undefined, 'en', 'en'],
    [undefined, 'en-GB,en;q=0.9', 'en'],
    [undefined, 'fr-FR, en;q=0.5', 'en'],
    [undefined, 'fr-FR', 'vi'],
    [undefined, 'vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    [undefined, 'en;q=0.2, vi;q=0.8', 'vi'],
    [undefined, 'en;q=0', 'vi'],
    ['en', 'vi', 'en'],
    ['xx', 'en', 'en'],
    ['vi', 'en', 'vi'],
  ];
  for (const [explicit, header, expected] of cases) {
    it(`${explicit ?? '-'} / ${header ?? '-'} → ${expected}`, () => assert.equal(negotiateLocale(explicit, header), expected));
  }
});

describe('message catalogs', () => {
  it('has every Vietnamese message in English too, and the reverse', () => {
    const missingEn = allMessageKeys('vi').filter((key) => !hasMessage('en', key));
    const missingVi = allMessageKeys('en').filter((key) => !hasMessage('vi', key));
    assert.deepEqual(missingEn, []);
    assert.deepEqual(missingVi, []);
  });
  it('interpolates parameters', () => {
    assert.equal(translate('vi', 'validation.minLength', { limit: 3 }), 'Cần ít nhất 3 ký tự.');
    assert.equal(translate('en', 'validation.minLength', { limit: 3 }), 'Needs at least 3 characters.');
  });
  it('gives every error code a status and a message in both languages', () => {
    for (const code of errorCodes()) {
      const def = errorDefinition(code)!;
      assert.ok(def.status >= 400 && def.status < 600, code);
      assert.ok(def.vi.length > 0 && def.en.length > 0, code);
      assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    }
  });
});

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({}, '/srv/opendvc');
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, '/srv/opendvc/data');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.secureCookies, false);
  });
  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SECURE_COOKIES: 'maybe' }, 'SECURE_COOKIES'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
    [{ DEMO: 'perhaps' }, 'DEMO'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
  ];
  for (const [env, variable] of bad) {
    it(`rejects ${JSON.stringify(env)} naming ${variable}`, () => {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.includes(variable));
    });
  }
  it('has demo mode on with the embedded database, off with DATABASE_URL, unless DEMO says otherwise', () => {
    assert.equal(loadConfig({}).demo, true);
    assert.equal(loadConfig({ DEMO: 'false' }).demo, false);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@db/opendvc' }).demo, false);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@db/opendvc', DEMO: 'true' }).demo, true);
    assert.equal(loadConfig({}).metricsToken, undefined);
    assert.equal(loadConfig({ METRICS_TOKEN: ' abcdefghijklmnop1234 ' }).metricsToken, 'abcdefghijklmnop1234');
  });
  it('turns on secure cookies for an https base URL', () => {
    assert.equal(loadConfig({ BASE_URL: 'https://dichvucong.example.gov.vn' }).secureCookies, true);
  });
});
