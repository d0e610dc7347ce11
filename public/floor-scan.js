// Scan to open (/can-bo/quet): progressive enhancement only. Without JavaScript the field takes a USB scanner's
// typing and its Enter submits the form. Here: keep the field focused (a scanner types wherever the focus is), and
// where the browser has the BarcodeDetector API, a camera button reads the QR code or Code 128 of a receipt.
(function () {
  'use strict';
  var form = document.querySelector('[data-scan-form]');
  if (!form) return;
  var input = form.querySelector('input[name="ma"]');
  var button = form.querySelector('[data-scan-camera]');
  var video = document.querySelector('[data-scan-video]');
  var unavailable = document.querySelector('[data-scan-unavailable]');
  // Back to the field after a click elsewhere on the page (not while another control is in use).
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('a, button, input, select, textarea, video')) return;
    if (input) input.focus();
  });
  if (!button || !video) return;
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    if (unavailable) unavailable.hidden = false;
    return;
  }
  button.hidden = false;
  var stream = null;
  var timer = null;
  var detector = null;
  function stop() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    button.textContent = button.getAttribute('data-label-start');
  }
  function tick() {
    detector.detect(video).then(function (codes) {
      var found = codes && codes.length ? codes[0].rawValue : '';
      if (found) {
        stop();
        input.value = found;
        form.submit();
        return;
      }
      timer = setTimeout(tick, 250);
    }).catch(function () { timer = setTimeout(tick, 500); });
  }
  button.addEventListener('click', function () {
    if (stream) { stop(); return; }
    try {
      detector = new window.BarcodeDetector({ formats: ['qr_code', 'code_128'] });
    } catch (e) {
      if (unavailable) unavailable.hidden = false;
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      button.textContent = button.getAttribute('data-label-stop');
      return video.play();
    }).then(tick).catch(function () {
      stop();
      if (unavailable) unavailable.hidden = false;
    });
  });
})();
