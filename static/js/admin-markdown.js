// Inline rows added with "Add another" are new DOM: let htmx wire their Markdown previews.
document.addEventListener("formset:added", (event) => {
  if (window.htmx) window.htmx.process(event.target);
});
