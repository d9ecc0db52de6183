// Optional: the pages work without it. Filters apply as soon as a select changes.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.form && el.form.classList.contains("filters")) {
    el.form.requestSubmit();
  }
});
