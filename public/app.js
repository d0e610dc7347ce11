// Enhancements for every page (the pages work without them).
// A form sent back with errors: the error summary takes the focus, so keyboard and screen-reader users start there
// and its links lead to the fields.
(function () {
  var summary = document.querySelector('.error-summary[tabindex]');
  if (summary && typeof summary.focus === 'function') summary.focus();
})();
