// Parcours: ask before a destructive action. A form with a data-confirm
// attribute is submitted only when the person agrees to its question. (No
// inline handlers: the Content-Security-Policy allows scripts from this site
// only.)
document.addEventListener(
  "submit",
  function (event) {
    var form = event.target;
    if (
      form instanceof HTMLFormElement &&
      form.dataset.confirm &&
      !window.confirm(form.dataset.confirm)
    ) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true
);
