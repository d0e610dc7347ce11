// Progressive enhancement of the commune an agency serves (agency form, /quan-tri/co-quan/…/sua): choosing a province
// loads its communes into the commune select at once (GET /api/postal/provinces/{code}/communes, the official list).
// Without this script the "show the communes" button re-renders the form with the list.
(function () {
  'use strict';
  if (!window.fetch) return;

  function enhance() {
    var province = document.getElementById('adminUnitProvince');
    var commune = document.getElementById('adminUnitCode');
    var button = document.querySelector('button[name="showCommunes"]');
    if (!province || !commune) return;
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
            option.textContent = item.name + ' (' + item.code + ')';
            commune.appendChild(option);
          });
        })
        .catch(function () {
          if (button) button.style.display = '';
        });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();
})();
