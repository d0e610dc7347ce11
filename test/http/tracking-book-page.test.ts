// The tracking book (form 07) from the officer pages: the period form on the queue page (dd/mm/yyyy), its
// redirect to the PDF / Excel of the JSON API, and the problems (422, linked to the fields) of a bad period.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bookDefaults, bookPeriod } from '../../src/modules/handling/handling.pages.ts';
import { createTestApp, login, type Session } from '../helpers/app.ts';

const { app } = await createTestApp({ demo: true });
const reception = await login(app, 'demo.motcua');

function get(url: string, session: Session) {
  return app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });
}

describe('tracking book from the officer pages', () => {
  it('the queue page has the period form (dd/mm/yyyy, PDF or Excel)', async () => {
    const response = await get('/can-bo', reception);
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes('action="/can-bo/so-theo-doi"'));
    assert.ok(response.body.includes('<label for="from">') && response.body.includes('<label for="to">'));
    assert.ok(response.body.includes('name="format" value="pdf"') && response.body.includes('name="format" value="xlsx"'));
  });

  for (const [format, type] of [['pdf', 'application/pdf'], ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']] as const) {
    it(`a period → 303 to the ${format} download, which answers 200 with ${type} for a receptionist`, async () => {
      const response = await get(`/can-bo/so-theo-doi?from=01%2F11%2F2026&to=30%2F11%2F2026&format=${format}`, reception);
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, `/api/officer/tracking-book.${format}?from=2026-11-01&to=2026-11-30`);
      const file = await get(response.headers.location as string, reception);
      assert.equal(file.statusCode, 200, file.body.slice(0, 300));
      assert.equal((file.headers['content-type'] as string).split(';')[0], type);
      assert.ok(file.rawPayload.length > 100);
    });
  }

  it('a bad period → 422 with the problems linked to the fields', async () => {
    const response = await get('/can-bo/so-theo-doi?from=31%2F02%2F2026&to=&format=pdf', reception);
    assert.equal(response.statusCode, 422);
    assert.ok(response.body.includes('href="#from"') && response.body.includes('href="#to"'));
    assert.match(response.body, /id="from"[^>]*value="31\/02\/2026"[^>]*aria-invalid="true"/);
    const reversed = await get('/can-bo/so-theo-doi?from=30%2F11%2F2026&to=01%2F11%2F2026', reception);
    assert.equal(reversed.statusCode, 422);
    assert.ok(reversed.body.includes('href="#to"'));
  });

  it('without a period: the form with this month so far', async () => {
    const response = await get('/can-bo/so-theo-doi', reception);
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes('<h1 id="of-book-title">'));
    assert.deepEqual(bookDefaults(new Date('2026-11-23T20:00:00Z')), { from: '01/11/2026', to: '24/11/2026' });
    assert.deepEqual(bookPeriod('1/11/2026', '30/11/2026'), { period: { from: '2026-11-01', to: '2026-11-30' }, problems: [] });
  });
});
