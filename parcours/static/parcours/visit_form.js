// Parcours: the visit form's services. Changing a quantity ticks its service;
// ticking the naloxone training ticks the kit. The form works without this
// script (a ticked service counts 1 unless its quantity is changed).
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.form || input.form.id !== "visit-form") {
    return;
  }
  var row = input.closest("[data-service]");
  if (!row) {
    return;
  }
  var tick = row.querySelector("input[type=checkbox][name^=svc_]");
  if (input.classList.contains("quantity") && tick && input.value && Number(input.value) > 0) {
    tick.checked = true;
  } else if (input.name === "naloxone_training" && input.checked && tick) {
    tick.checked = true;
  }
});
