// Small behaviours for the pages, kept out of inline attributes so the CSP can forbid eval.
document.addEventListener("htmx:afterRequest", (event) => {
  const target = event.detail.elt;
  if (target && target.id === "readiness") {
    const state = document.getElementById("ready-state");
    if (state) state.textContent = event.detail.successful ? "Ready" : "Starting…";
  }
});
document.addEventListener("htmx:xhr:progress", (event) => {
  const bar = document.getElementById("upload-progress");
  if (bar && event.detail.total) bar.value = (event.detail.loaded / event.detail.total) * 100;
});
