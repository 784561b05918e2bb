// Practice page timer: shows minutes and seconds since the attempt began. The server
// keeps the start time itself (the "started" field), so nothing depends on this script.
(function () {
  "use strict";
  var timer = document.getElementById("practice-timer");
  if (!timer) return;
  var started = parseInt(timer.dataset.started, 10) * 1000;
  function pad(number) { return number < 10 ? "0" + number : String(number); }
  function tick() {
    var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
    timer.textContent = Math.floor(seconds / 60) + ":" + pad(seconds % 60);
    timer.setAttribute("datetime", "PT" + seconds + "S");
  }
  tick();
  window.setInterval(tick, 1000);
})();
