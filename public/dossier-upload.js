// Progressive enhancement of the attachments page (/ho-so/{id}/giay-to): shows the upload progress.
// Without this script (or without XMLHttpRequest/FormData) the form posts as a normal multipart form.
(function () {
  'use strict';
  if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;

  function enhance() {
    var form = document.querySelector('form[data-upload-progress]');
    var box = document.getElementById('upload-progress');
    if (!form || !box) return;
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-progress-text]');
    var submitter = null;
    // The attribute, not the property: the submit buttons are named "action" and shadow it.
    var target = new URL(form.getAttribute('action'), window.location.href).href;

    form.addEventListener('click', function (event) {
      var target = event.target;
      if (target && target.name === 'action') submitter = target;
    });

    form.addEventListener('submit', function (event) {
      var inputs = form.querySelectorAll('input[type=file]');
      var chosen = false;
      for (var i = 0; i < inputs.length; i++) if (inputs[i].files && inputs[i].files.length) chosen = true;
      if (!chosen) return; // nothing to upload: the ordinary submission
      event.preventDefault();
      var data = new FormData(form);
      if (submitter) data.append(submitter.name, submitter.value);
      var buttons = form.querySelectorAll('button');
      for (var b = 0; b < buttons.length; b++) buttons[b].disabled = true;
      box.hidden = false;
      bar.value = 0;
      text.textContent = box.getAttribute('data-label-progress').replace('{percent}', '0');

      var xhr = new XMLHttpRequest();
      xhr.open('POST', target);
      xhr.setRequestHeader('Accept', 'text/html');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        text.textContent = box.getAttribute('data-label-progress').replace('{percent}', String(percent));
      });
      xhr.addEventListener('load', function () {
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL && xhr.responseURL !== target) {
          // Redirected (303) to the next page or back here: show it as a normal navigation.
          window.location.assign(xhr.responseURL);
          return;
        }
        // An error page or the form with its error summary: replace the page's content with it.
        var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        var main = doc.getElementById('main');
        var current = document.getElementById('main');
        if (!main || !current) {
          window.location.reload();
          return;
        }
        current.parentNode.replaceChild(document.importNode(main, true), current);
        document.title = doc.title;
        var summary = document.querySelector('.error-summary');
        if (summary) summary.focus();
        enhance();
      });
      xhr.addEventListener('error', function () {
        // No answer (the server closes the connection on a refused large upload, or the network failed).
        bar.value = 0;
        text.textContent = box.getAttribute('data-label-error');
        for (var k = 0; k < buttons.length; k++) buttons[k].disabled = false;
      });
      xhr.send(data);
    });
  }

  enhance();
})();
