// Mock interview countdown. The server says how many seconds were left when it sent the
// page (data-seconds-left, worked out from when the question's clock began), so a reload
// or a reopened tab carries on with the time that was really left. At zero the answer
// form is submitted as it is: the server keeps the answer and marks it over time if it
// arrives late. Without this file the form still works and the server still times it.
(function () {
  "use strict";
  var countdown = document.getElementById("mock-countdown");
  var form = document.getElementById("mock-answer-form");
  if (!countdown || !form) return;
  var left = parseInt(countdown.dataset.secondsLeft, 10);
  if (isNaN(left)) return;
  var end = Date.now() + left * 1000;
  var submitted = false;
  form.addEventListener("submit", function () { submitted = true; });

  function pad(number) { return number < 10 ? "0" + number : String(number); }
  function show(seconds) {
    countdown.textContent = Math.floor(seconds / 60) + ":" + pad(seconds % 60) + " left";
    countdown.setAttribute("data-seconds-left", String(seconds));
  }
  function timeUp() {
    if (submitted) return;
    submitted = true;
    countdown.textContent = "Time is up: your answer is being kept.";
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  }
  function tick() {
    var seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    show(seconds);
    if (seconds === 0) {
      window.clearInterval(timer);
      timeUp();
    }
  }
  var timer = window.setInterval(tick, 1000);
  tick();
})();
