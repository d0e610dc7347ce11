// The live board (/quay/{agency}/bang): progressive enhancement. Without JavaScript the page reloads every 15 s
// (<noscript> meta refresh). Here: one EventSource on the board's stream (it reconnects by itself, also after a
// server restart), the snapshot redrawn with textContent only, and a chime (Web Audio API) when a new call arrives —
// once the "turn the chime on" button was pressed (browsers let a page make sound only after a gesture).
(function () {
  'use strict';
  var body = document.querySelector('[data-board]');
  if (!body || !window.EventSource) return;
  var calls = document.querySelector('[data-board-calls]');
  var ready = document.querySelector('[data-board-ready]');
  var announce = document.querySelector('[data-board-announce]');
  var updated = document.querySelector('[data-board-updated]');
  var soundButton = document.querySelector('[data-board-sound]');
  var text = function (name) { return body.getAttribute('data-text-' + name) || ''; };
  var audio = null;
  var lastKey = calls && calls.firstElementChild ? calls.firstElementChild.getAttribute('data-key') : null;

  if (soundButton && (window.AudioContext || window.webkitAudioContext)) {
    soundButton.hidden = false;
    soundButton.addEventListener('click', function () {
      if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
      audio.resume();
      soundButton.textContent = text('sound-on');
      chime();
    });
  }

  function chime() {
    if (!audio || audio.state !== 'running') return;
    var t = audio.currentTime;
    [660, 880].forEach(function (freq, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.35);
      gain.gain.exponentialRampToValueAtTime(0.4, t + i * 0.35 + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.35 + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + i * 0.35);
      osc.stop(t + i * 0.35 + 0.65);
    });
  }

  function cell(row, value) {
    var td = document.createElement('td');
    td.textContent = String(value);
    row.appendChild(td);
  }

  function draw(s) {
    if (calls) {
      calls.textContent = '';
      if (!s.calls.length) {
        var empty = document.createElement('tr');
        var td = document.createElement('td');
        td.colSpan = 2;
        td.textContent = text('no-calls');
        empty.appendChild(td);
        calls.appendChild(empty);
      }
      s.calls.forEach(function (c, i) {
        var row = document.createElement('tr');
        if (i === 0) row.className = 'board-latest';
        row.setAttribute('data-key', c.key);
        cell(row, c.ticket);
        cell(row, c.counter);
        calls.appendChild(row);
      });
    }
    if (ready) {
      ready.textContent = '';
      if (!s.ready.length) {
        var none = document.createElement('li');
        none.textContent = text('no-ready');
        ready.appendChild(none);
      }
      s.ready.forEach(function (r) {
        var li = document.createElement('li');
        var code = document.createElement('span');
        code.className = 'board-code';
        code.textContent = r.code;
        var name = document.createElement('span');
        name.className = 'board-name';
        name.textContent = r.name;
        li.appendChild(code);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(name);
        ready.appendChild(li);
      });
    }
    ['issued', 'served', 'waiting'].forEach(function (k) {
      var dd = document.querySelector('[data-stat="' + k + '"]');
      if (dd) dd.textContent = String(s.stats[k]);
    });
    var wait = document.querySelector('[data-stat="averageWaitMinutes"]');
    if (wait) wait.textContent = s.stats.averageWaitMinutes === null ? '—' : text('minutes').replace('{n}', String(s.stats.averageWaitMinutes));
    if (updated) updated.textContent = text('updated').replace('{time}', new Date().toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
    var newest = s.calls[0];
    if (newest && newest.key !== lastKey) {
      if (announce) announce.textContent = text('announce').replace('{ticket}', newest.ticket).replace('{counter}', String(newest.counter));
      chime();
    }
    lastKey = newest ? newest.key : null;
  }

  var source = new EventSource(body.getAttribute('data-events'));
  source.addEventListener('snapshot', function (event) {
    body.classList.remove('board-offline');
    try { draw(JSON.parse(event.data)); } catch (e) { /* a malformed frame: keep the last board */ }
  });
  source.addEventListener('error', function () {
    body.classList.add('board-offline');
    if (updated) updated.textContent = text('offline');
  });
})();
