// Roadmap status page: poll the JSON status endpoint while the computation is queued or
// running, show its message, and reload the page once it is done or failed.
"use strict";
(() => {
  const panel = document.getElementById("roadmap-progress");
  if (!panel) {
    return;
  }
  const url = panel.dataset.statusUrl;
  const message = document.getElementById("roadmap-status-message");
  const badge = document.getElementById("roadmap-status-badge");
  const bar = document.getElementById("roadmap-progress-bar");
  let delay = 1500;
  const maxDelay = 10000;

  const show = (status) => {
    if (message && status.message) {
      message.textContent = status.message;
    }
    if (badge && status.status_label) {
      badge.textContent = status.status_label;
    }
    if (bar) {
      bar.classList.toggle("w-75", status.status === "running");
      bar.classList.toggle("w-25", status.status !== "running");
    }
  };

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const status = await response.json();
        if (status.finished) {
          window.location.reload();
          return;
        }
        show(status);
        delay = status.status === panel.dataset.status ? Math.min(delay * 1.5, maxDelay) : 1500;
        panel.dataset.status = status.status;
      } else {
        delay = maxDelay;
      }
    } catch (error) {
      // Network hiccup: keep trying, more slowly.
      delay = maxDelay;
    }
    window.setTimeout(poll, delay);
  };

  window.setTimeout(poll, delay);
})();
