// Progressive enhancement of the delivery address form (/ho-so/{id}/buu-chinh): choosing a province loads its
// communes into the commune list at once (GET /api/postal/provinces/{code}/communes). Without this script the
// "show the communes" button re-renders the form with the list.
(function () {
  'use strict';
  if (!window.fetch) return;

  function enhance() {
    var form = document.querySelector('form[data-postal-address]');
    if (!form) return;
    var province = form.querySelector('select[name="provinceCode"]');
    var commune = form.querySelector('select[name="communeCode"]');
    var button = form.querySelector('button[value="communes"]');
    if (!province || !commune) return;
    var placeholder = commune.options.length ? commune.options[0].text : '';
    if (button) button.style.display = 'none';

    province.addEventListener('change', function () {
      var code = province.value;
      while (commune.options.length > 1) commune.remove(1);
      commune.value = '';
      if (!/^[0-9]{2}$/.test(code)) return;
      fetch('/api/postal/provinces/' + code + '/communes', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          return response.ok ? response.json() : { items: [] };
        })
        .then(function (body) {
          if (province.value !== code) return;
          (body.items || []).forEach(function (item) {
            var option = document.createElement('option');
            option.value = item.code;
            option.textContent = item.name;
            commune.appendChild(option);
          });
          commune.options[0].text = placeholder;
        })
        .catch(function () {
          if (button) button.style.display = '';
        });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();
})();
