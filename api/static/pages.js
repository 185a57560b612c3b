// Explore: a ticked or cleared facet value applies at once (the form's button does the
// same without scripts), keeping the focus on the facet it came from.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("filters");
  if (!form) return;
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") {
      sessionStorage.setItem("accordgraph-focus", event.target.id);
      form.requestSubmit();
    }
  });
  const focus = sessionStorage.getItem("accordgraph-focus");
  if (focus) {
    sessionStorage.removeItem("accordgraph-focus");
    document.getElementById(focus)?.focus({ preventScroll: false });
  }
});
