import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameSummaryFields } from '../../src/http/form-page.ts';

const summary = (links: string) => `<div class="error-summary" role="alert" tabindex="-1"><h2>Có lỗi cần sửa</h2><ul>${links}</ul></div>`;

describe('nameSummaryFields: the error summary names each field as the page labels it', () => {
  const cases: Array<[string, string, string]> = [
    [
      'label of an input, without the "(bắt buộc)" marker',
      summary('<li><a href="#fullName">Vui lòng nhập trường này.</a></li>') + '<label for="fullName">Họ và tên <span class="required">(bắt buộc)</span></label><input id="fullName">',
      '<a href="#fullName">Họ và tên: Vui lòng nhập trường này.</a>',
    ],
    [
      'the question of a radio group (legend), not the first option',
      summary('<li><a href="#q1-1">Vui lòng nhập trường này.</a></li>') + '<fieldset><legend>Thái độ của cán bộ</legend><input type="radio" id="q1-1"><label for="q1-1">Rất hài lòng</label></fieldset>',
      '<a href="#q1-1">Thái độ của cán bộ: Vui lòng nhập trường này.</a>',
    ],
    [
      'a field after a closed fieldset takes its own label',
      summary('<li><a href="#email">Sai.</a></li>') + '<fieldset><legend>Khác</legend></fieldset><label for="email">Thư điện tử</label><input id="email">',
      '<a href="#email">Thư điện tử: Sai.</a>',
    ],
    [
      'a message that already names the field stays as it is',
      summary('<li><a href="#phone">Số điện thoại gồm 10 chữ số.</a></li>') + '<label for="phone">Số điện thoại</label><input id="phone">',
      '<a href="#phone">Số điện thoại gồm 10 chữ số.</a>',
    ],
    [
      'no label on the page: unchanged',
      summary('<li><a href="#main">Có lỗi.</a></li>'),
      '<a href="#main">Có lỗi.</a>',
    ],
  ];
  for (const [name, html, expected] of cases) {
    it(name, () => assert.ok(nameSummaryFields(html).includes(expected), nameSummaryFields(html)));
  }
  it('leaves a page without a summary untouched (same string, no script)', () => {
    const html = '<head></head><label for="a">A</label><a href="#a">x</a>';
    assert.equal(nameSummaryFields(html), html);
  });
  it('loads the focus script on a page with a summary', () => {
    const html = nameSummaryFields(`<html><head><title>x</title></head><body>${summary('<li><a href="#a">x</a></li>')}</body></html>`);
    assert.match(html, /<script src="\/static\/app.js" defer><\/script>\n<\/head>/);
  });
});
