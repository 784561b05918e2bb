// Guide answers in place. Without JavaScript each question's heading links to its page,
// where the answer is. With it, this script adds a disclosure button under each question:
// the first press has htmx load the question page's fragment (sample answer, tips,
// mistakes) into a panel below the button (data-hx-get here; target and swap come from
// the list); later presses hide and show the panel without fetching again. Focus stays
// on the button, aria-expanded says whether the answer is shown, and the answer follows
// the button in reading order. A failed fetch opens the question page instead.
(function () {
  "use strict";
  if (!window.htmx) return;
  document.querySelectorAll(".guide-question").forEach(function (item) {
    var link = item.querySelector("h3 a[href]");
    if (!link) return;
    var button = document.createElement("button");
    var hint = document.createElement("span");
    var panel = document.createElement("div");
    button.type = "button";
    button.className = "answer-toggle link-button";
    button.textContent = "Sample answer, tips and mistakes";
    hint.className = "visually-hidden";
    hint.textContent = " for question " + item.id.replace(/^q-/, "");
    button.appendChild(hint);
    panel.className = "guide-answer";
    panel.id = item.id + "-answer";
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", panel.id);
    button.setAttribute("data-hx-get", link.getAttribute("href"));
    item.append(button, panel);

    function expand(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }
    function openPage() {
      window.location.assign(link.href);
    }
    button.addEventListener("htmx:beforeRequest", function (event) {
      if (!panel.hasChildNodes()) return;
      event.preventDefault();
      expand(panel.hidden);
    });
    panel.addEventListener("htmx:afterSwap", function (event) {
      if (event.target === panel) expand(true);
    });
    button.addEventListener("htmx:responseError", openPage);
    button.addEventListener("htmx:sendError", openPage);
    window.htmx.process(button);
  });
})();
