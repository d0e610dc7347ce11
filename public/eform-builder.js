// The e-form builder, enhanced (catalog-admin-eform-builder.njk). Without JavaScript every change is a submit
// button the server applies. With it: "move up/down" moves the field on the page without a reload (the hidden
// `order` inputs travel with their fields, so the server reads the new order when the form is next posted), and
// a new field's id is made from its label as the label is typed (until the id is edited by hand).
(function () {
  var form = document.querySelector('form[data-eform-builder]');
  if (!form) return;
  var list = form.querySelector('[data-efb-list]');
  var status = form.querySelector('[data-efb-status]');

  // The same rule as keyFromLabel (catalog.eform.builder.ts): "Số điện thoại" → "soDienThoai".
  function keyFromLabel(label) {
    var words = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').split(/[^A-Za-z0-9]+/).filter(Boolean);
    var key = words.map(function (w, i) { return i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(); }).join('');
    if (key && !/^[A-Za-z]/.test(key)) key = 'f' + key;
    return key.slice(0, 56);
  }

  // Legends and the up/down buttons follow the new order.
  function refresh() {
    var items = list.querySelectorAll('[data-efb-item]');
    items.forEach(function (li, i) {
      var up = li.querySelector('[data-efb-move="up"]');
      var down = li.querySelector('[data-efb-move="down"]');
      if (up) up.hidden = i === 0;
      if (down) down.hidden = i === items.length - 1;
    });
  }

  form.addEventListener('click', function (event) {
    var button = event.target.closest('[data-efb-move]');
    if (!button) return;
    var li = button.closest('[data-efb-item]');
    var other = button.getAttribute('data-efb-move') === 'up' ? li.previousElementSibling : li.nextElementSibling;
    if (!other) return;
    event.preventDefault();
    if (button.getAttribute('data-efb-move') === 'up') list.insertBefore(li, other);
    else list.insertBefore(other, li);
    refresh();
    var visible = button.hidden ? li.querySelector('[data-efb-move]:not([hidden])') : button;
    if (visible) visible.focus();
    var title = li.querySelector('[data-efb-title]');
    if (status && title) status.textContent = form.getAttribute('data-moved').replace('{title}', title.textContent);
  });

  list && list.querySelectorAll('[data-efb-item]').forEach(function (li) {
    var label = li.querySelector('[data-efb-label]');
    var key = li.querySelector('[data-efb-key]');
    if (!label || !key || key.readOnly) return;
    var auto = key.value === '' || key.value === keyFromLabel(label.value);
    key.addEventListener('input', function () { auto = key.value === ''; });
    label.addEventListener('input', function () { if (auto) key.value = keyFromLabel(label.value); });
  });
  refresh();
})();
