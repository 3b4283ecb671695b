// Live progress of long work: every element with data-progress-url polls its JSON record
// (/api/progress/<id>, same origin) and updates in place until the work is finished.
(() => {
  if (window.hireflowProgress) return;
  window.hireflowProgress = true;
  const INTERVAL_MS = 1000;

  function show(element, visible) {
    if (element) element.hidden = !visible;
  }

  function update(card, data) {
    const bar = card.querySelector("progress");
    if (bar) {
      bar.max = data.total || 1;
      bar.value = data.total ? data.done + data.failed : 1;
      bar.textContent = data.percent + " %";
    }
    const words = card.querySelector("[data-progress-words]");
    if (words && words.textContent !== data.words) words.textContent = data.words;
    const error = card.querySelector("[data-progress-error]");
    if (error) {
      error.textContent = data.error || "";
      if (data.error) error.setAttribute("role", "alert");
      else error.removeAttribute("role");
      show(error, Boolean(data.error));
    }
    show(card.querySelector("[data-progress-refresh]"), !data.finished);
    show(card.querySelector("[data-progress-link]"), data.finished);
    card.dataset.progressState = data.state;
  }

  function watch(card) {
    const url = card.dataset.progressUrl;
    const tick = async () => {
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          return; // signed out, or the record is gone: the refresh link stays
        }
        if (response.ok) {
          const data = await response.json();
          update(card, data);
          if (data.finished) {
            // a page whose report is rendered by the server shows it once the work is done
            if (card.hasAttribute("data-progress-reload")) window.location.reload();
            return;
          }
        }
      } catch (_) {
        // offline for a moment: try again on the next tick
      }
      window.setTimeout(tick, INTERVAL_MS);
    };
    const state = card.dataset.progressState;
    if (state !== "done" && state !== "failed") window.setTimeout(tick, INTERVAL_MS);
  }

  function start() {
    document.querySelectorAll("[data-progress-url]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
