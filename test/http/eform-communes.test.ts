// The e-form's address widget offers the communes of every province (the 3,321 of the official list of 1 July
// 2025, src/core/communes-2025.csv — the same rows as the postal service's), not only those of the demo provinces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login, type Session } from '../helpers/app.ts';

const COPYRIGHT = '1.001823';
const HTML = { accept: 'text/html' };

function form(session: Session, fields: Record<string, string>) {
  return {
    headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
  };
}

describe('e-form address: communes of every province', async () => {
  const { app } = await createTestApp({ demo: true });
  const citizen = await login(app, 'demo.congdan');
  const base = { fullName: 'Nguyễn Văn An', personalId: '079090001234', phone: '0912345678', address: 'Số 5 Nguyễn Du, Cà Mau', requestContent: 'Đăng ký quyền tác giả' };

  async function startDraft(): Promise<string> {
    const response = await app.inject({ method: 'POST', url: `/nop-ho-so/${COPYRIGHT}`, ...form(citizen, {}) });
    assert.equal(response.statusCode, 303, response.body);
    return /\/ho-so\/([0-9a-f-]{36})\/to-khai$/.exec(response.headers.location as string)![1]!;
  }

  const options = (html: string) => {
    const list = /<datalist id="residence-communes">([\s\S]*?)<\/datalist>/.exec(html)?.[1] ?? '';
    return [...list.matchAll(/<option value="([^"]+)"><\/option>/g)].map((m) => m[1]!);
  };

  for (const [province, count, example] of [
    ['Tỉnh Cà Mau', 64, 'Phường An Xuyên'],
    ['Tỉnh Quảng Ninh', 54, 'Đặc khu Vân Đồn'],
    ['Tỉnh Vĩnh Long', 124, 'Xã Long Hồ'],
  ] as const) {
    it(`${province}: its ${count} communes are offered once the province is chosen`, async () => {
      const id = await startDraft();
      const saved = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...form(citizen, { ...base, 'residence.province': province, action: 'add:coAuthors' }) });
      assert.equal(saved.statusCode, 200, saved.body.slice(0, 500));
      assert.match(saved.body, /list="residence-communes"/);
      const offered = options(saved.body);
      assert.equal(offered.length, count);
      assert.ok(offered.includes(example), example);
      // Read back on a fresh GET of the page (the answer was saved).
      const page = await app.inject({ method: 'GET', url: `/ho-so/${id}/to-khai`, headers: { ...HTML, cookie: citizen.cookie } });
      assert.deepEqual(options(page.body), offered);
    });
  }

  it('an unknown province offers no list (and does not fail)', async () => {
    const id = await startDraft();
    const saved = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...form(citizen, { ...base, 'residence.province': 'constructor', action: 'add:coAuthors' }) });
    assert.ok(saved.statusCode < 500, String(saved.statusCode));
    assert.deepEqual(options(saved.body), []);
  });
});
