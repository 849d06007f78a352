// Catalogue filters: when a tower is chosen, the capability list offers only that tower's
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
  const tower = form.querySelector("select[name=tower]");
  const capability = form.querySelector("select[name=capability]");
  if (!tower || !capability) return;
  const narrow = () => {
    for (const option of capability.options) {
      const fits = !tower.value || !option.dataset.tower || option.dataset.tower === tower.value;
      option.hidden = !fits;
      option.disabled = !fits;
    }
    const chosen = capability.selectedOptions[0];
    if (chosen && chosen.disabled) capability.value = "";
  };
  tower.addEventListener("change", narrow, { capture: true });
  narrow();
})();
