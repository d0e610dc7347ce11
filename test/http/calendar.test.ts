import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'form has a CSRF field');
  return token;
}

describe('calendar over HTTP', async () => {
  const { app } = await createTestApp({ demo: true });
  const admin = await login(app, 'demo.quantri');
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('lists the holidays of a year', async () => {
    const response = await get('/api/calendar/holidays?year=2026');
    assert.equal(response.statusCode, 200);
    const list = response.json() as Array<{ date: string; name: string; kind: string }>;
    assert.deepEqual(Object.keys(list[0]!).sort(), ['date', 'kind', 'name']);
    assert.deepEqual(list.filter((h) => h.kind === 'tet').map((h) => h.date), ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    assert.ok(list.some((h) => h.date === '2026-04-27' && h.kind === 'compensatory'));
  });

  for (const query of ['year=1899', 'year=2101', 'year=abc', '']) {
    it(`answers 422 for holidays?${query}`, async () => {
      const response = await get(`/api/calendar/holidays?${query}`);
      assert.equal(response.statusCode, 422);
      assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
      const problem = response.json() as { code: string; errors: Array<{ path: string }> };
      assert.equal(problem.code, 'VALIDATION_FAILED');
      assert.equal(problem.errors[0]!.path, '/year');
    });
  }

  const dueCases: Array<[string, string, string]> = [
    ['a deadline crossing Tết', 'from=2026-02-13T10:00:00%2B07:00&workingDays=3', '2026-02-25T17:00:00+07:00'],
    ['received on Saturday', 'from=2026-11-21T10:00:00%2B07:00&workingDays=1', '2026-11-24T17:00:00+07:00'],
    ['the 15:00 rule', 'from=2026-11-16T15:00:00%2B07:00&workingDays=0', '2026-11-17T17:00:00+07:00'],
    ['hours across the weekend, from UTC', 'from=2026-11-20T09:30:00Z&workingHours=1', '2026-11-23T08:30:00+07:00'],
    ['half-days', 'from=2026-11-16T14:00:00%2B07:00&halfDays=1', '2026-11-17T12:00:00+07:00'],
  ];
  for (const [title, query, due] of dueCases) {
    it(`computes a due date: ${title}`, async () => {
      const response = await get(`/api/calendar/due?${query}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { due, dueDate: due.slice(0, 10) });
    });
  }

  const badDue: Array<[string, string[]]> = [
    ['from=2026-11-16T09:00:00%2B07:00', ['/workingDays']],
    ['from=2026-11-16T09:00:00%2B07:00&workingDays=1&workingHours=2', ['/workingHours']],
    ['from=2026-11-16&workingDays=1', ['/from']],
    ['from=2026-11-16T09:00:00%2B07:00&workingDays=-1', ['/workingDays']],
    ['from=2026-11-16T09:00:00%2B07:00&workingDays=', ['/workingDays']],
    ['from=2026-11-16T09:00:00%2B07:00&workingHours=x', ['/workingHours']],
    ['workingDays=1', ['/from']],
    ['from=2026-11-16T09:00:00%2B07:00&workingDays=1&agency=NOPE.1', ['/agency']],
  ];
  for (const [query, paths] of badDue) {
    it(`answers 422 for due?${query}`, async () => {
      const response = await get(`/api/calendar/due?${query}`);
      assert.equal(response.statusCode, 422, response.body);
      assert.deepEqual((response.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path), paths);
    });
  }

  it('publishes the calendar endpoints in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    assert.deepEqual(doc.paths['/api/v1/calendar/holidays']?.get?.tags, ['calendar']);
    assert.ok(doc.paths['/api/v1/calendar/due']?.get);
    assert.ok(doc.paths['/api/v1/calendar/years/{year}']?.put);
  });

  it('lets an administrator replace a year schedule, and refuses anonymous and non-admin requests', async () => {
    const body = { entries: [{ date: '2027-02-04', kind: 'tet', name: 'Tết <b>28</b> & "Chạp"' }, { date: '20/02/2027', kind: 'working_saturday' }] };
    const anonymous = await app.inject({ method: 'PUT', url: '/api/calendar/years/2027', payload: body });
    assert.equal(anonymous.statusCode, 403); // no CSRF token without a session
    const manager = await login(app, 'demo.danhmuc');
    const forbidden = await app.inject({ method: 'PUT', url: '/api/calendar/years/2027', payload: body, headers: authHeaders(manager) });
    assert.equal(forbidden.statusCode, 403);
    assert.equal((forbidden.json() as { code: string }).code, 'FORBIDDEN');
    const response = await app.inject({ method: 'PUT', url: '/api/calendar/years/2027', payload: body, headers: authHeaders(admin) });
    assert.equal(response.statusCode, 200, response.body);
    const saved = response.json() as { year: number; entries: Array<{ date: string; kind: string }>; holidays: Array<{ date: string; kind: string }> };
    assert.deepEqual(saved.entries.map((e) => `${e.date} ${e.kind}`), ['2027-02-04 tet', '2027-02-20 working_saturday']);
    const holidays = (await get('/api/calendar/holidays?year=2027')).json() as Array<{ date: string; kind: string }>;
    assert.ok(holidays.some((h) => h.date === '2027-02-20' && h.kind === 'working_saturday'));
    const due = (await get('/api/calendar/due?from=2027-02-03T09:00:00%2B07:00&workingDays=1')).json() as { dueDate: string };
    assert.equal(due.dueDate, '2027-02-12');
  });

  it('answers 422 with field errors for overlapping or impossible dates', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/calendar/years/2026',
      headers: authHeaders(admin),
      payload: {
        entries: [
          { date: '2026-02-09', to: '2026-02-13', kind: 'extra_day_off', name: 'A' },
          { date: '2026-02-11', to: '2026-02-12', kind: 'extra_day_off', name: 'B' },
          { date: '31/02/2026', kind: 'holiday', name: 'C' },
          { date: '2026-03-02', kind: 'extra_day_off', name: 'D' },
          { date: '02/03/2026', kind: 'working_day' },
        ],
      },
    });
    assert.equal(response.statusCode, 422);
    const problem = response.json() as { code: string; errors: Array<{ path: string; code: string; message: string }> };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors.map((e) => `${e.path}:${e.code}`), [
      '/entries/1/date:CALENDAR_DATE_OVERLAP',
      '/entries/2/date:CALENDAR_DATE_INVALID',
      '/entries/4/date:CALENDAR_DATE_DUPLICATE',
    ]);
    assert.match(problem.errors[0]!.message, /dòng 1/);
    const outOfRange = await app.inject({ method: 'PUT', url: '/api/calendar/years/2200', headers: authHeaders(admin), payload: { entries: [] } });
    assert.equal(outOfRange.statusCode, 422);
  });

  it('renders the public page of a year, escaped, with links to the neighbouring years', async () => {
    const response = await get('/lich-nghi-le?nam=2027', { accept: 'text/html' });
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /<h1>Lịch nghỉ lễ, Tết năm 2027<\/h1>/);
    assert.match(html, /<time datetime="2027-02-06">06\/02\/2027<\/time><\/td>\s*<td>Thứ Bảy<\/td>\s*<td>Tết Nguyên Đán \(mùng 1 tháng Giêng\)<\/td>\s*<td><span[^>]*>Nghỉ Tết<\/span>/);
    assert.match(html, /Làm bù/);
    assert.ok(html.includes('Tết &lt;b&gt;28&lt;/b&gt; &amp; &quot;Chạp&quot;'), 'administrator text is escaped');
    assert.ok(!html.includes('<b>28</b>'));
    assert.match(html, /href="\/lich-nghi-le\?nam=2026"/);
    assert.match(html, /href="\/lich-nghi-le\?nam=2028"/);
    const english = await get('/lich-nghi-le?nam=2026&lang=en', { accept: 'text/html' });
    assert.match(english.body, /Public holidays 2026/);
    assert.match(english.body, /Compensatory day off/);
    const first = await get('/lich-nghi-le?nam=1900', { accept: 'text/html' });
    assert.equal(first.statusCode, 200);
    assert.doesNotMatch(first.body, /nam=1899/);
    const bad = await get('/lich-nghi-le?nam=%3Cscript%3E', { accept: 'text/html' });
    assert.equal(bad.statusCode, 422);
    assert.ok(!bad.body.includes('<script>'));
  });

  it('lets the administrator edit a year with rows of dates, kinds chosen from a list and names; errors on the row\'s field', async () => {
    const page = await get('/quan-tri/lich-nam/2029', { cookie: admin.cookie, accept: 'text/html' });
    assert.equal(page.statusCode, 200);
    // No syntax to learn: a kind is chosen from the list, in words.
    assert.match(page.body, /<select id="entries-0-kind" name="entries.0.kind">/);
    assert.match(page.body, /<option value="extra_day_off">Nghỉ thêm<\/option>/);
    assert.doesNotMatch(page.body, /<textarea id="schedule"/);
    const csrf = csrfFrom(page.body);
    const post = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/quan-tri/lich-nam/2029',
        headers: { cookie: admin.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    const failed = await post({
      'entries.0.date': '01/02/2029', 'entries.0.to': '05/02/2029', 'entries.0.kind': 'extra_day_off', 'entries.0.name': 'A',
      'entries.1.date': '', 'entries.1.kind': 'holiday', 'entries.1.name': '',
      'entries.2.date': '03/02/2029', 'entries.2.kind': 'holiday', 'entries.2.name': 'B',
      'entries.3.date': '31/02/2029', 'entries.3.kind': 'holiday', 'entries.3.name': '<i>C</i>',
    });
    assert.equal(failed.statusCode, 422);
    assert.match(failed.body, /class="error-summary"/);
    // Each problem links to its row's field and names it (label "Ngày (hoặc từ ngày) (dòng 3)").
    assert.match(failed.body, /<a href="#entries-2-date">Ngày \(hoặc từ ngày\) \(dòng 3\): Khoảng ngày trùng với dòng 1/);
    assert.match(failed.body, /<a href="#entries-3-date">Ngày \(hoặc từ ngày\) \(dòng 4\): Ngày không hợp lệ/);
    assert.match(failed.body, /aria-describedby="schedule-hint entries-3-date-error"/);
    assert.ok(failed.body.includes('value="&lt;i&gt;C&lt;/i&gt;"'), 'the submitted rows are kept, escaped');
    // "Thêm dòng" keeps the rows and adds blank ones, saving nothing.
    const more = await post({ action: 'add', 'entries.0.date': '01/02/2029', 'entries.0.kind': 'extra_day_off', 'entries.0.name': 'A' });
    assert.equal(more.statusCode, 200);
    assert.match(more.body, /name="entries.3.date"/);
    assert.match(more.body, /id="entries-0-date" name="entries.0.date"[^>]*value="01\/02\/2029"/);
    const saved = await post({
      'entries.0.date': '01/02/2029', 'entries.0.to': '02/02/2029', 'entries.0.kind': 'extra_day_off', 'entries.0.name': 'Nghỉ thêm',
      'entries.1.date': '09/02/2029', 'entries.1.kind': 'holiday', 'entries.1.name': 'Bỏ', 'entries.1.remove': '1',
      'entries.2.date': '', 'entries.2.kind': 'holiday', 'entries.2.name': '',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/quan-tri/lich-nam/2029?ok=1');
    const after = await get('/quan-tri/lich-nam/2029?ok=1', { cookie: admin.cookie, accept: 'text/html' });
    assert.match(after.body, /Đã lưu lịch nghỉ chính thức năm 2029/);
    // The two saved days come back as one row (a range), the removed row is gone.
    assert.match(after.body, /name="entries.0.date"[^>]*value="01\/02\/2029"/);
    assert.match(after.body, /name="entries.0.to"[^>]*value="02\/02\/2029"/);
    assert.doesNotMatch(after.body, /value="Bỏ"/);
    const manager = await login(app, 'demo.danhmuc');
    assert.equal((await get('/quan-tri/lich-nam/2029', { cookie: manager.cookie, accept: 'text/html' })).statusCode, 403);
    const anonymous = await get('/quan-tri/lich-nam/2029', { accept: 'text/html' });
    assert.equal(anonymous.statusCode, 303);
  });
});
