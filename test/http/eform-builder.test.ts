// The e-form builder page (issue 15), driven as a browser without JavaScript drives it: every step posts the
// builder's form as the page drew it (hidden inputs, text boxes, chosen options, ticked boxes) plus one button.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { summaryLinks } from '../helpers/forms.ts';

const COPYRIGHT = '1.001823';
const HTML = { accept: 'text/html' };
const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The builder form's controls as a browser would post them, in document order. */
function formControls(html: string): Array<[string, string]> {
  const start = html.indexOf('data-eform-builder');
  const form = html.slice(start, html.indexOf('</form>', start));
  const pairs: Array<[string, string]> = [];
  for (const m of form.matchAll(/<input([^>]*)>|<select([^>]*)>([\s\S]*?)<\/select>/g)) {
    const attrs = m[1] ?? m[2]!;
    const name = /\sname="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    if (m[1] !== undefined) {
      const type = /\stype="([^"]*)"/.exec(attrs)?.[1] ?? 'text';
      if (type === 'checkbox' && !/\schecked/.test(attrs)) continue;
      pairs.push([decode(name), decode(/\svalue="([^"]*)"/.exec(attrs)?.[1] ?? '')]);
    } else {
      const options = [...m[3]!.matchAll(/<option value="([^"]*)"([^>]*)>/g)];
      const chosen = options.find((o) => /\sselected/.test(o[2]!)) ?? options[0];
      pairs.push([decode(name), decode(chosen?.[1] ?? '')]);
    }
  }
  return pairs;
}

describe('the e-form builder', async () => {
  const { app } = await createTestApp({ demo: true });
  const manager = await login(app, 'demo.danhmuc');
  const created = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${COPYRIGHT}/versions`, headers: authHeaders(manager) });
  assert.equal(created.statusCode, 201, created.body);
  const version = created.json().version as number;
  const url = `/quan-tri/thu-tuc/${COPYRIGHT}/phien-ban/${version}/bieu-mau`;

  /** Posts the page's form with `changes` (name → value; a value of null drops the control) and one button. */
  async function press(session: Session, html: string, action: string, changes: Record<string, string | null> = {}) {
    const pairs = formControls(html).filter(([name]) => name !== 'action' && !(name in changes && changes[name] === null));
    const body = new URLSearchParams();
    const done = new Set<string>();
    for (const [name, value] of pairs) {
      if (name in changes && changes[name] !== null) {
        if (!done.has(name)) body.append(name, changes[name]!);
        done.add(name);
      } else body.append(name, value);
    }
    for (const [name, value] of Object.entries(changes)) if (value !== null && !done.has(name)) body.append(name, value);
    body.set('_csrf', session.csrfToken);
    body.append('action', action);
    return app.inject({ method: 'POST', url: `${url}/thiet-ke`, headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }

  const open = async () => {
    const page = await app.inject({ method: 'GET', url, headers: { ...HTML, cookie: manager.cookie } });
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    return page.body;
  };

  it('is the default editor: the stored form as fields, addresses and groups kept, the JSON editor as an advanced link', async () => {
    const html = await open();
    assert.match(html, /<h1>Trình tạo biểu mẫu điện tử<\/h1>/);
    assert.match(html, new RegExp(`href="${url.replace(/\./g, '\\.')}/nang-cao">Trình soạn JSON \\(nâng cao`));
    assert.doesNotMatch(html, /<textarea id="schema"/);
    assert.match(html, /<input id="f-0-key" name="f\.0\.key" type="text" value="[a-zA-Z]+"/);
    assert.match(html, /Loại: Nhóm lặp/, 'a repeatable group is a locked item');
    assert.match(html, /<script src="\/static\/eform-builder\.js" defer><\/script>/);
    const advanced = await app.inject({ method: 'GET', url: `${url}/nang-cao`, headers: { ...HTML, cookie: manager.cookie } });
    assert.equal(advanced.statusCode, 200);
    assert.match(advanced.body, /<textarea id="schema" name="schema"/);
    // Saving the stored form unchanged through the builder keeps it (groups, addresses, hints, conditions).
    const before = (await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/${version}/form`, headers: { cookie: manager.cookie } })).json();
    const saved = await press(manager, html, 'save');
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
    const after = (await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/${version}/form`, headers: { cookie: manager.cookie } })).json();
    assert.deepEqual(after.applicantSchemas, before.applicantSchemas);
  });

  it('without JavaScript: adds a field of each kind, sets options, a preset, a condition; reorders; saves; reload shows them', async () => {
    let html = await open();
    // Start from an empty form: remove every item.
    while (/name="order"/.test(html)) {
      const removed = await press(manager, html, 'remove:0');
      assert.equal(removed.statusCode, 200);
      html = removed.body;
    }
    assert.match(html, /Biểu mẫu chưa có trường nào/);
    for (const kind of ['text', 'textarea', 'number', 'date', 'select', 'boolean', 'section']) {
      const added = await press(manager, html, `add:${kind}`);
      assert.equal(added.statusCode, 200, added.body.slice(0, 500));
      html = added.body;
    }
    assert.match(html, /<select id="f-4-kind" name="f\.4\.kind"[^>]*>[\s\S]*?<option value="select" selected>Lựa chọn<\/option>/);
    assert.match(html, /id="f-6-labelVi"[^>]*autofocus/, 'the added item gets the focus');
    // Fill them in (one post), add a third choice.
    html = (
      await press(manager, html, 'addOption:4', {
        'f.0.labelVi': 'Số định danh cá nhân', 'f.0.labelEn': 'Personal ID', 'f.0.preset': 'cccd', 'f.0.required': 'true',
        'f.1.labelVi': 'Nội dung đề nghị', 'f.1.max': '2000',
        'f.2.labelVi': 'Số bản', 'f.2.min': '1', 'f.2.max': '10', 'f.2.default': '1', 'f.2.width': 'half',
        'f.3.labelVi': 'Ngày công bố',
        'f.4.labelVi': 'Loại hình tác phẩm', 'f.4.o.0.label': 'Văn học', 'f.4.o.0.labelEn': 'Literature', 'f.4.o.1.label': 'Âm nhạc',
        'f.5.labelVi': 'Đã công bố',
        'f.6.labelVi': 'Thông tin tác phẩm', 'f.6.labelEn': 'About the work',
      })
    ).body;
    assert.match(html, /id="f-0-key" name="f\.0\.key" type="text" value="soDinhDanhCaNhan"/, 'the key is made from the label');
    assert.match(html, /id="f-0-hintVi" name="f\.0\.hintVi" type="text" value="12 chữ số/, 'the preset fills the applicant\'s hint');
    assert.match(html, /id="f-4-o-0-value" name="f\.4\.o\.0\.value" type="text" value="vanHoc"/);
    assert.match(html, /id="f-4-o-2-label"[^>]*autofocus/);
    // "Required when" is chosen among the values of the choice and check-box fields.
    assert.match(html, /<optgroup label="Đã công bố"><option value="5\|true">Đã công bố: Có<\/option>/);
    html = (await press(manager, html, 'refresh', { 'f.4.o.2.label': 'Mỹ thuật', 'f.3.when': '5|true', 'f.1.officer': 'true', 'f.4.default': 'amNhac' })).body;
    // Move the heading to the top (three times up), then the date below the choice.
    for (const action of ['up:6', 'up:5', 'up:4', 'up:3', 'up:2', 'up:1', 'down:4']) {
      const moved = await press(manager, html, action);
      assert.equal(moved.statusCode, 200);
      html = moved.body;
    }
    const labels = [...html.matchAll(/id="f-(\d+)-labelVi" name="f\.\d+\.labelVi" type="text" value="([^"]*)"/g)].map((m) => m[2]);
    assert.deepEqual(labels, ['Thông tin tác phẩm', 'Số định danh cá nhân', 'Nội dung đề nghị', 'Số bản', 'Loại hình tác phẩm', 'Ngày công bố', 'Đã công bố']);
    assert.match(html, /<option value="6\|true" selected>Đã công bố: Có<\/option>/, 'the condition follows the fields it names');

    const preview = await press(manager, html, 'preview');
    assert.equal(preview.statusCode, 200, preview.body.slice(0, 1000));
    assert.match(preview.body, /Xem trước biểu mẫu/);
    assert.match(preview.body, /<h3 class="ef-section">Thông tin tác phẩm<\/h3>/);
    assert.match(preview.body, /id="preview-soDinhDanhCaNhan"/);
    assert.match(preview.body, /Bắt buộc nếu “Đã công bố” là “Có”/);

    const saved = await press(manager, preview.body, 'save');
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
    assert.equal(saved.headers.location, `${url}?thongbao=luu`);
    const api = (await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/${version}/form`, headers: { cookie: manager.cookie } })).json();
    assert.deepEqual(Object.keys(api.schema.properties), ['soDinhDanhCaNhan', 'noiDungDeNghi', 'soBan', 'loaiHinhTacPham', 'ngayCongBo', 'daCongBo']);
    const p = api.schema.properties;
    assert.equal(p.soDinhDanhCaNhan.pattern, '^[0-9]{12}$');
    assert.equal(p.soDinhDanhCaNhan['x-section'], 'Thông tin tác phẩm');
    assert.equal(p.soDinhDanhCaNhan['x-title-en'], 'Personal ID');
    assert.deepEqual(api.schema.required, ['soDinhDanhCaNhan']);
    assert.equal(p.noiDungDeNghi['x-widget'], 'textarea');
    assert.equal(p.noiDungDeNghi.maxLength, 2000);
    assert.equal(p.noiDungDeNghi['x-officer'], true);
    assert.deepEqual([p.soBan.type, p.soBan.minimum, p.soBan.maximum, p.soBan.default, p.soBan['x-columns']], ['number', 1, 10, 1, 2]);
    assert.equal(p.ngayCongBo.format, 'date');
    assert.deepEqual(p.loaiHinhTacPham.enum, ['vanHoc', 'amNhac', 'myThuat']);
    assert.deepEqual(p.loaiHinhTacPham['x-enumNames'], ['Văn học', 'Âm nhạc', 'Mỹ thuật']);
    assert.deepEqual(p.loaiHinhTacPham['x-enumNames-en'], ['Literature', '', ''], 'an "English name" per option');
    assert.equal(p.loaiHinhTacPham.default, 'amNhac');
    assert.equal(p.daCongBo.type, 'boolean');
    assert.deepEqual(api.schema.allOf, [{ if: { properties: { daCongBo: { const: true } }, required: ['daCongBo'] }, then: { required: ['ngayCongBo'] } }]);

    const reloaded = (await app.inject({ method: 'GET', url: saved.headers.location as string, headers: { ...HTML, cookie: manager.cookie } })).body;
    assert.match(reloaded, /Đã lưu biểu mẫu điện tử/);
    const again = [...reloaded.matchAll(/id="f-(\d+)-labelVi" name="f\.\d+\.labelVi" type="text" value="([^"]*)"/g)].map((m) => m[2]);
    assert.deepEqual(again, labels);
    assert.match(reloaded, /<option value="6\|true" selected>/);
    assert.match(reloaded, /<option value="cccd" selected>/);
    assert.match(reloaded, /<label for="f-4-o-0-labelEn">Tên tiếng Anh của lựa chọn 1 \(không bắt buộc\)<\/label><input id="f-4-o-0-labelEn" name="f\.4\.o\.0\.labelEn" type="text" lang="en" value="Literature"/);
    assert.match(reloaded, /id="f-2-officer" name="f\.2\.officer" value="true" checked/);
  });

  it('names every problem at once, each linked to its control: a default failing its pattern, a condition never met, a duplicate id', async () => {
    const html = await open();
    const id = (label: string) => new RegExp(`id="f-(\\d+)-labelVi" name="f\\.\\d+\\.labelVi" type="text" value="${label}"`).exec(html)![1]!;
    const [pid, amount, kind, date] = [id('Số định danh cá nhân'), id('Số bản'), id('Loại hình tác phẩm'), id('Ngày công bố')];
    const bad = await press(manager, html, 'save', {
      [`f.${pid}.default`]: 'YÊN BÁI',
      [`f.${date}.when`]: `${kind}|khongCo`,
      [`f.${amount}.key`]: 'loaiHinhTacPham',
      [`f.${amount}.min`]: 'mười',
    });
    assert.equal(bad.statusCode, 422, bad.body.slice(0, 500));
    const links = summaryLinks(bad.body);
    const hrefs = links.map((l) => l.href).sort();
    // The later of two fields with one id is the one named.
    assert.deepEqual(hrefs, [`#f-${Math.max(Number(amount), Number(kind))}-key`, `#f-${amount}-min`, `#f-${date}-when`, `#f-${pid}-default`].sort(), JSON.stringify(links));
    for (const link of links) assert.match(bad.body, new RegExp(`id="${link.href.slice(1)}"`));
    const text = (href: string) => decode(links.find((l) => l.href === href)!.text);
    assert.match(text(`#f-${pid}-default`), /^Trường \d+: Số định danh cá nhân › Giá trị mặc định: Giá trị mặc định của trường "soDinhDanhCaNhan" không thỏa/);
    assert.match(text(`#f-${date}-when`), /Ngày công bố › Bắt buộc khi: Điều kiện bắt buộc với trường "loaiHinhTacPham" không bao giờ được đáp ứng/);
    assert.match(text(`#f-${Math.max(Number(amount), Number(kind))}-key`), /Mã trường "loaiHinhTacPham" đã dùng/);
    assert.match(bad.body, /<div class="error-summary"/);
    assert.match(bad.body, /<script src="\/static\/app\.js" defer>/, 'the summary gets the focus (app.js)');
    assert.match(bad.body, new RegExp(`<input id="f-${pid}-default" name="f\\.${pid}\\.default" type="text" value="YÊN BÁI" aria-describedby=" f-${pid}-default-error" aria-invalid="true"`));
    // Nothing was saved.
    const api = (await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/${version}/form`, headers: { cookie: manager.cookie } })).json();
    assert.equal(api.schema.properties.soDinhDanhCaNhan.default, undefined);
  });

  it('a heading with no field after it, and a field without a label, are named', async () => {
    const html = await open();
    const withHeading = await press(manager, html, 'add:section');
    const bad = await press(manager, (await press(manager, withHeading.body, 'add:text')).body, 'save');
    assert.equal(bad.statusCode, 422);
    const texts = summaryLinks(bad.body).map((l) => decode(l.text));
    assert.ok(texts.some((t) => /Tiêu đề phần \d+: \(chưa có nhãn\) › Tiêu đề phần \(tiếng Việt\): Vui lòng nhập/.test(t)), JSON.stringify(texts));
    assert.ok(texts.some((t) => /Trường \d+: \(chưa có nhãn\) › Nhãn \(tiếng Việt\): Vui lòng nhập/.test(t)), JSON.stringify(texts));
  });

  it('"use the generated form again" from the builder goes back to the builder', async () => {
    const other = (await app.inject({ method: 'POST', url: '/api/catalog/procedures/1.001824/versions', headers: authHeaders(manager) })).json().version as number;
    const page = `/quan-tri/thu-tuc/1.001824/phien-ban/${other}/bieu-mau`;
    const html = (await app.inject({ method: 'GET', url: page, headers: { ...HTML, cookie: manager.cookie } })).body;
    const saved = await app.inject({ method: 'POST', url: `${page}/thiet-ke`, headers: { ...HTML, cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([...formControls(html).filter(([n]) => n !== '_csrf' && n !== 'action'), ['_csrf', manager.csrfToken], ['action', 'save']]).toString() });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 1000));
    const custom = (await app.inject({ method: 'GET', url: page, headers: { ...HTML, cookie: manager.cookie } })).body;
    assert.match(custom, /name="from" value="builder">\s*<button type="submit" class="button button-warning" name="action" value="reset">/);
    const reset = await app.inject({ method: 'POST', url: page, headers: { ...HTML, cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: manager.csrfToken, from: 'builder', action: 'reset' }).toString() });
    assert.equal(reset.statusCode, 303);
    assert.equal(reset.headers.location, `${page}?thongbao=luu`);
    const api = (await app.inject({ method: 'GET', url: `/api/procedures/1.001824/versions/${other}/form`, headers: { cookie: manager.cookie } })).json();
    assert.equal(api.custom, false);
  });

  it('hostile posts are refused or ignored, never a 500; a published version shows the builder read-only', async () => {
    const junk = await app.inject({ method: 'POST', url: `${url}/thiet-ke`, headers: { ...HTML, cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: manager.csrfToken, order: '0', 'f.0.kind': 'locked', 'f.0.base': '{"kind":"locked","node":{"type":"object","__proto__":{"x":1}}}', 'f.0.labelVi': 'X', 'f.0.key': '9', 'f.0.when': '0|x', action: 'save' }).toString() });
    assert.equal(junk.statusCode, 422, junk.body.slice(0, 300));
    const moves = await app.inject({ method: 'POST', url: `${url}/thiet-ke`, headers: { ...HTML, cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${manager.csrfToken}&order=99999&order=x&action=down%3A-1` });
    assert.equal(moves.statusCode, 200);
    const published = await app.inject({ method: 'GET', url: `/quan-tri/thu-tuc/${COPYRIGHT}/phien-ban/1/bieu-mau`, headers: { ...HTML, cookie: manager.cookie } });
    assert.equal(published.statusCode, 200);
    assert.doesNotMatch(published.body, /value="save"|value="add:text"/);
    assert.match(published.body, /id="f-0-labelVi" name="f\.0\.labelVi" type="text" value="[^"]*" readonly/);
  });
});
