// Practice mode from the keyboard: Space reveals the sample answer, 1-4 rate it (Again,
// Hard, Good, Easy), N goes to the next question, ? opens the list of shortcuts. Each
// shortcut presses a button or follows a link already on the page, so without this
// file nothing is lost. No shortcut fires while the candidate types in a field.
(function () {
  "use strict";
  var dialog = document.getElementById("shortcuts-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var opener = document.getElementById("shortcuts-open");
  var ratings = { "1": "again", "2": "hard", "3": "good", "4": "easy" };

  function isTyping(target) {
    return !!(target && target.closest &&
      target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
  }

  function openHelp() {
    if (!dialog.open) dialog.showModal();
  }

  function targetFor(event) {
    var key = event.key;
    if (key === " ") {
      // Space already presses a focused button or link; only take it over elsewhere.
      if (event.target.closest && event.target.closest("button, a, summary")) return null;
      return document.getElementById("reveal-button");
    }
    if (ratings[key]) return document.querySelector('.rating-form button[name="rating"][value="' + ratings[key] + '"]');
    if (key === "n" || key === "N") return document.querySelector('.practice-next a[rel="next"]');
    return null;
  }

  if (opener) {
    opener.hidden = false;
    opener.addEventListener("click", openHelp);
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (dialog.open || isTyping(event.target)) return;
    if (event.key === "?") {
      event.preventDefault();
      openHelp();
      return;
    }
    var target = targetFor(event);
    if (target) {
      event.preventDefault();
      target.click();
    }
  });
})();
