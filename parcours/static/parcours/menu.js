// Parcours: the main menu collapses behind a "Menu" button on narrow screens
// (below 768 px). Loaded in <head> without defer so the page is marked as
// scripted before it is first painted: without JavaScript the menu simply
// stays open. No inline handlers (the Content-Security-Policy allows scripts
// from this site only).
document.documentElement.classList.add("js");
document.addEventListener("click", function (event) {
  var target = event.target;
  if (!(target instanceof Element)) {
    return;
  }
  var toggle = target.closest(".menu-toggle");
  if (toggle === null) {
    return;
  }
  var nav = toggle.closest("nav");
  if (nav === null) {
    return;
  }
  var open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  nav.classList.toggle("menu-open", open);
});
