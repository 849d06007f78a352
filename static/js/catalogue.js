// Catalogue filters: when a kind is chosen, the capability list offers only that kind's
// capabilities; empty filters stay out of the address, so links to a filtered view stay short.
"use strict";
(() => {
  const form = document.getElementById("catalogue-filters");
  if (!form) return;
  form.addEventListener("formdata", (event) => {
    for (const [name, value] of Array.from(event.formData.entries())) {
      if (value === "") event.formData.delete(name);
    }
  });
  const kind = form.querySelector("select[name=kind]");
  const capability = form.querySelector("select[name=capability]");
  if (!kind || !capability) return;
  const narrow = () => {
    for (const option of capability.options) {
      const fits = !kind.value || !option.dataset.kind || option.dataset.kind === kind.value;
      option.hidden = !fits;
      option.disabled = !fits;
    }
    const chosen = capability.selectedOptions[0];
    if (chosen && chosen.disabled) capability.value = "";
  };
  kind.addEventListener("change", narrow, { capture: true });
  narrow();
})();
