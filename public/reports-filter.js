// The report page's period picker, enhanced: only the fields of the chosen period are shown (the year for a
// year, the year and the month for a month …; the dates for "custom"). Without JavaScript every field is there.
(function () {
  var form = document.querySelector('form[data-period-picker]');
  if (!form) return;
  var preset = form.querySelector('#preset');
  var needs = {
    custom: ['custom'],
    month: ['year', 'month'],
    quarter: ['year', 'quarter'],
    cutoff_quarter: ['year', 'quarter'],
  };
  function update() {
    var shown = needs[preset.value] || ['year'];
    form.querySelectorAll('[data-period]').forEach(function (el) {
      var on = shown.indexOf(el.getAttribute('data-period')) >= 0;
      el.hidden = !on;
      if (el.tagName === 'DETAILS' && on) el.open = true;
    });
  }
  preset.addEventListener('change', update);
  update();
})();
