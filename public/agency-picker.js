// The agency picker, enhanced (issue 16): a filter box above every select[data-agency-picker]. Typing keeps the
// agencies whose name or code contains every word typed, accents and case ignored ("ha noi" finds "Hà Nội",
// "000.00.12" a code), with their parents (the tree stays readable); the chosen agency always stays. Without
// JavaScript the select is complete. `AgencyPicker.fold` / `matches` are the rules (test/rules/agency-picker.test.ts).
var AgencyPicker = (function () {
  function fold(text) {
    return String(text)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}.]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  /** Every word of the query (folded) appears in the text (folded); an empty query matches everything. */
  function matches(query, text) {
    var words = fold(query).split(' ').filter(Boolean);
    var hay = fold(text);
    for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) return false;
    return true;
  }
  function enhance(select, index) {
    if (select.getAttribute('data-enhanced')) return;
    select.setAttribute('data-enhanced', '1');
    var id = (select.id || 'agency-picker-' + index) + '-filter';
    var wrap = document.createElement('div');
    wrap.className = 'agency-picker-filter';
    var label = document.createElement('label');
    label.setAttribute('for', id);
    label.textContent = select.getAttribute('data-filter-label') || '';
    var input = document.createElement('input');
    input.type = 'search';
    input.id = id;
    input.autocomplete = 'off';
    input.setAttribute('aria-controls', select.id);
    var status = document.createElement('p');
    status.className = 'hint';
    status.setAttribute('aria-live', 'polite');
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    select.parentNode.insertBefore(wrap, select);
    var options = Array.prototype.slice.call(select.options);
    input.addEventListener('input', function () {
      var query = input.value;
      var shown = 0;
      var parents = [];
      var keep = options.map(function (o) {
        var depth = Number(o.getAttribute('data-depth') || 0);
        parents.length = depth;
        var hit = o.value === '' || o.selected || matches(query, o.textContent);
        if (hit && o.value !== '') for (var p = 0; p < parents.length; p++) if (parents[p] !== undefined) parents[p].keep = true;
        var entry = { option: o, keep: hit };
        parents[depth] = entry;
        return entry;
      });
      keep.forEach(function (e) {
        e.option.hidden = !e.keep;
        e.option.disabled = !e.keep && !e.option.selected;
        if (e.keep && e.option.value !== '') shown++;
      });
      status.textContent = shown === 0 ? select.getAttribute('data-filter-none') || '' : '';
    });
  }
  if (typeof document !== 'undefined') {
    var run = function () {
      Array.prototype.forEach.call(document.querySelectorAll('select[data-agency-picker]'), enhance);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }
  return { fold: fold, matches: matches };
})();
