// Assessment capture: add and remove line rows in place, live totals, Enter moves down a row,
// and a warning before leaving a page with unsaved changes. No inline scripts (CSP).
"use strict";
(() => {
  const CURRENCY = /^(US\$|S\$|USD|SGD|IDR|EUR|Rp\.|Rp|\$|€)\s*/i;
  const CURRENCY_END = /\s*(US\$|S\$|USD|SGD|IDR|EUR|Rp\.|Rp|\$|€)$/i;

  function groupsOk(integerPart, separator) {
    const groups = integerPart.split(separator);
    return groups[0].length >= 1 && groups[0].length <= 3 && groups.slice(1).every((g) => g.length === 3);
  }

  // Mirrors outsourcing/money.py for the live totals: a number, null when empty, NaN when the
  // server would refuse it (ambiguous or malformed). The server stays the judge.
  function parseAmount(raw) {
    let text = (raw || "").trim();
    if (!text) return null;
    let sign = 1;
    if (/^[+-]/.test(text)) { sign = text[0] === "-" ? -1 : 1; text = text.slice(1).trim(); }
    let money = false;
    const start = text.match(CURRENCY);
    if (start) { money = true; text = text.slice(start[0].length); }
    else {
      const end = text.match(CURRENCY_END);
      if (end) { money = true; text = text.slice(0, text.length - end[0].length); }
    }
    text = text.trim();
    if (/[.,]-$/.test(text)) { text = text.slice(0, -2); money = true; }
    if (/^[+-]/.test(text)) { sign = text[0] === "-" ? -1 : 1; text = text.slice(1).trim(); }
    if (/[\s'’]/.test(text)) {
      if (!/^\d{1,3}([\s'’]\d{3})+([.,]\d+)?$/.test(text)) return NaN;
      return sign * Number(text.replace(/[\s'’]/g, "").replace(",", "."));
    }
    if (!/^[0-9.,]+$/.test(text) || !/\d/.test(text)) return NaN;
    const dots = (text.match(/\./g) || []).length;
    const commas = (text.match(/,/g) || []).length;
    if (dots && commas) {
      const decimal = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
      const thousands = decimal === "." ? "," : ".";
      const parts = text.split(decimal);
      if (parts.length !== 2 || !parts[1] || parts[1].includes(thousands) || !groupsOk(parts[0], thousands)) return NaN;
      return sign * Number(parts[0].split(thousands).join("") + "." + parts[1]);
    }
    if (!dots && !commas) return sign * Number(text);
    const separator = dots ? "." : ",";
    if (dots + commas > 1) return groupsOk(text, separator) ? sign * Number(text.split(separator).join("")) : NaN;
    const [integerPart, fraction] = text.split(separator);
    if (!fraction) return NaN;
    if (fraction.length === 3 && integerPart.length >= 1 && integerPart.length <= 3 && integerPart[0] !== "0") {
      return money ? sign * Number(integerPart + fraction) : NaN;
    }
    return sign * Number((integerPart || "0") + "." + fraction);
  }

  const language = document.documentElement.lang || undefined;
  const formatNumber = (value, digits) =>
    new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

  function setupFormset(form) {
    const prefix = form.dataset.prefix;
    const body = form.querySelector("[data-formset-body]");
    const template = document.getElementById(`${prefix}-empty-row`);
    const total = form.querySelector(`#id_${prefix}-TOTAL_FORMS`);
    const status = form.querySelector("[data-formset-status]");
    const announce = (message) => { if (status) { status.textContent = ""; status.textContent = message; } };
    const rows = () => Array.from(body.querySelectorAll("[data-formset-row]"));
    const liveRows = () => rows().filter((row) => !row.classList.contains("is-removed"));

    function updateTotals() {
      let cost = 0;
      let ftes = 0;
      let unreadable = 0;
      let lines = 0;
      liveRows().forEach((row) => {
        const capability = row.querySelector("[data-field='capability']");
        const costInput = row.querySelector("[data-field='annual_cost']");
        const fteInput = row.querySelector("[data-field='ftes']");
        if (capability && capability.value) lines += 1;
        [[costInput, (v) => { cost += v; }], [fteInput, (v) => { ftes += v; }]].forEach(([input, add]) => {
          if (!input) return;
          const value = parseAmount(input.value);
          const bad = Number.isNaN(value);
          input.classList.toggle("border-warning", bad);
          if (bad) unreadable += 1;
          else if (value !== null) add(value);
        });
      });
      const set = (name, text) => { const cell = form.querySelector(`[data-total='${name}']`); if (cell) cell.textContent = text; };
      set("annual_cost", formatNumber(cost, 2));
      set("ftes", formatNumber(ftes, 1));
      set("lines", `(${lines})`);
      const warning = form.querySelector("[data-total-warning]");
      if (warning) warning.textContent = unreadable ? form.dataset.msgUnreadable : "";
    }

    function focusFirst(row) {
      const field = row.querySelector("select, input:not([type=hidden]):not([type=checkbox])");
      if (field) field.focus();
    }

    function addRow() {
      const index = Number(total.value);
      const holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      const row = holder.querySelector("[data-formset-row]");
      body.appendChild(row);
      total.value = String(index + 1);
      focusFirst(row);
      updateTotals();
      announce(form.dataset.msgAdded);
      form.dispatchEvent(new Event("input", { bubbles: true }));
      return row;
    }

    function toggleRemove(button) {
      const row = button.closest("[data-formset-row]");
      const checkbox = row.querySelector("input[type=checkbox][name$='-DELETE']");
      const removed = !row.classList.contains("is-removed");
      row.classList.toggle("is-removed", removed);
      if (checkbox) checkbox.checked = removed;
      button.setAttribute("aria-pressed", String(removed));
      button.textContent = removed ? button.dataset.labelUndo : button.dataset.labelRemove;
      row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), select").forEach((field) => {
        field.tabIndex = removed ? -1 : 0;
      });
      button.focus();
      updateTotals();
      announce(removed ? form.dataset.msgRemoved : form.dataset.msgRestored);
      form.dispatchEvent(new Event("input", { bubbles: true }));
    }

    form.querySelector("[data-formset-add]")?.addEventListener("click", () => addRow());
    body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-formset-remove]");
      if (button) toggleRemove(button);
    });
    body.addEventListener("input", updateTotals);
    body.addEventListener("change", updateTotals);
    // Enter moves down a row in the same column, like a spreadsheet; on the last row it adds one.
    body.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
      const field = event.target;
      if (!(field instanceof HTMLInputElement) || field.type === "checkbox") return;
      event.preventDefault();
      const row = field.closest("[data-formset-row]");
      const name = field.dataset.field;
      const live = liveRows();
      const next = live[live.indexOf(row) + 1];
      if (next) {
        next.querySelector(`[data-field='${name}']`)?.focus();
      } else {
        addRow();
      }
    });
    rows().filter((row) => row.classList.contains("is-removed")).forEach((row) => {
      row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), select").forEach((f) => { f.tabIndex = -1; });
    });
    updateTotals();
  }

  function watchDirty(form) {
    let dirty = false;
    let submitting = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("change", () => { dirty = true; });
    form.addEventListener("submit", () => { submitting = true; });
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  document.querySelectorAll("form.js-line-formset").forEach(setupFormset);
  document.querySelectorAll("form.js-dirty-watch").forEach(watchDirty);
  // Exposed for the browser tests that compare it with the server's parser.
  window.assessmentParseAmount = parseAmount;
})();
