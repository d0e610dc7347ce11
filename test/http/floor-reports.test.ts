// The floor's reports over HTTP (issue 20): the page with its period picker, charts and tables, the Excel export and
// the JSON API for a department head; refused to a receptionist; a bad period answered on its field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login } from '../helpers/app.ts';

const { app } = await createTestApp({ demo: true });
const head = await login(app, 'demo.truongphong');
const reception = await login(app, 'demo.motcua');

describe('the floor reports pages', () => {
  it('shows the page, the Excel and the JSON to a department head', async () => {
    const page = await app.inject({ method: 'GET', url: '/can-bo/quay/bao-cao?from=2026-01-01&to=2026-01-31', headers: { accept: 'text/html', cookie: head.cookie } });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /<input id="from" name="from" type="date" value="2026-01-01">/);
    assert.match(page.body, /href="\/can-bo\/quay\/bao-cao.xlsx\?from=2026-01-01&amp;to=2026-01-31"/);
    const xlsx = await app.inject({ method: 'GET', url: '/can-bo/quay/bao-cao.xlsx?from=2026-01-01&to=2026-01-31', headers: { cookie: head.cookie } });
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
    const json = await app.inject({ method: 'GET', url: '/api/floor/reports?from=2026-01-01&to=2026-01-31', headers: { cookie: head.cookie } });
    assert.equal(json.statusCode, 200, json.body);
    assert.deepEqual(json.json().period, { from: '2026-01-01', to: '2026-01-31' });
  });

  it('refuses a receptionist and answers a reversed period on its field', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/floor/reports', headers: { cookie: reception.cookie } })).statusCode, 403);
    const bad = await app.inject({ method: 'GET', url: '/api/floor/reports?from=2026-02-01&to=2026-01-01', headers: { cookie: head.cookie } });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/to', 'FLOOR_REPORT_PERIOD']]);
    // The officers' queue links the scan page and, for a head, the reports.
    const queue = await app.inject({ method: 'GET', url: '/can-bo', headers: { accept: 'text/html', cookie: head.cookie } });
    assert.match(queue.body, /href="\/can-bo\/quet"/);
    assert.match(queue.body, /href="\/can-bo\/quay\/bao-cao"/);
  });
});
