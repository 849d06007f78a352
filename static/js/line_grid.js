// The line grid of the IT cost areas and business functions steps (Tabulator, MIT licence).
// Data comes from the page's JSON (json_script), never from inline script (CSP). The grid
// posts every row as one JSON document; the server validates them with the same forms as the
// workbook import and answers with where to go next, or the errors at row and column.
"use strict";
(() => {
  const source = document.getElementById("line-grid-data");
  const holder = document.querySelector("[data-line-grid]");
  const form = document.querySelector("form.js-line-grid-form");
  if (!source || !holder || !form || typeof Tabulator === "undefined") return;
  const payload = JSON.parse(source.textContent);
  const texts = payload.texts;
  const language = document.documentElement.lang || undefined;

  // --- Reading amounts as the server does (outsourcing/money.py); the server stays the judge. ---
  const CURRENCY = /^(US\$|S\$|USD|SGD|IDR|EUR|Rp\.|Rp|\$|€)\s*/i;
  const CURRENCY_END = /\s*(US\$|S\$|USD|SGD|IDR|EUR|Rp\.|Rp|\$|€)$/i;
  function groupsOk(integerPart, separator) {
    const groups = integerPart.split(separator);
    return groups[0].length >= 1 && groups[0].length <= 3 && groups.slice(1).every((g) => g.length === 3);
  }
  // A number, null when empty, NaN when the server would refuse it (ambiguous or malformed).
  function parseAmount(raw, whole) {
    let text = String(raw ?? "").trim();
    if (!text) return null;
    let sign = 1;
    if (/^[+-]/.test(text)) { sign = text[0] === "-" ? -1 : 1; text = text.slice(1).trim(); }
    let money = false;
    const start = text.match(CURRENCY);
    if (start) { money = true; text = text.slice(start[0].length); } else {
      const end = text.match(CURRENCY_END);
      if (end) { money = true; text = text.slice(0, text.length - end[0].length); }
    }
    text = text.trim();
    if (/[.,]-$/.test(text)) { text = text.slice(0, -2); money = true; }
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
      return money || whole ? sign * Number(integerPart + fraction) : NaN;
    }
    return sign * Number((integerPart || "0") + "." + fraction);
  }
  window.assessmentParseAmount = parseAmount;
  const formatNumber = (value, digits) =>
    new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

  // --- Capabilities: names in the reader's language shown, codes stored. ---
  const capabilityNames = {};
  const capabilityUnits = {};
  const capabilityByText = {};
  payload.capabilities.forEach(({ code, name, unit }) => {
    capabilityNames[code] = name;
    capabilityUnits[code] = unit || "";
    capabilityByText[code.toLowerCase()] = code;
    capabilityByText[name.trim().toLowerCase()] = code;
  });
  const capabilityCode = (value) => {
    const text = String(value ?? "").trim();
    return capabilityByText[text.toLowerCase()] || text;
  };

  // --- Cells the server refused, by row key and field; cleared when the cell changes. ---
  const serverErrors = new Map();
  let nextKey = 1;
  const keyed = (row) => ({ ...row, _key: nextKey++ });
  const errorKey = (rowKey, field) => `${rowKey}:${field}`;

  // Yes / no cells: what a checkbox, a spreadsheet or a typist sends (the server's YesNoField reads the same words).
  const YES_NO = new Set(["true", "yes", "ya", "y", "1", "on", "x", "false", "no", "tidak", "n", "0", "off"]);
  const isYes = (value) => value === true || ["true", "yes", "ya", "y", "1", "on", "x"].includes(String(value ?? "").trim().toLowerCase());

  function localProblem(column, value) {
    const text = String(value ?? "").trim();
    if (!text) return "";
    if (column.kind === "amount" || column.kind === "whole") {
      return Number.isNaN(parseAmount(text, column.kind === "whole")) ? texts.unreadable : "";
    }
    if (column.kind === "score") return /^[1-5]$/.test(text) ? "" : "1–5";
    if (column.kind === "boolean") return YES_NO.has(text.toLowerCase()) ? "" : `${texts.yes} / ${texts.no}`;
    return "";
  }

  function formatterFor(column) {
    return (cell) => {
      const value = cell.getValue();
      const element = cell.getElement();
      const rowKey = cell.getRow().getData()._key;
      const problem = serverErrors.get(errorKey(rowKey, column.field)) || localProblem(column, value);
      element.classList.toggle("is-invalid-cell", Boolean(problem));
      if (problem) element.setAttribute("title", problem); else element.removeAttribute("title");
      if (value === null || value === undefined || value === "") return "";
      if (column.kind === "capability") return capabilityNames[value] || String(value);
      if (column.kind === "boolean") return isYes(value) ? texts.yes : (YES_NO.has(String(value).trim().toLowerCase()) ? texts.no : String(value));
      if (column.kind === "amount" || column.kind === "whole") {
        const number = parseAmount(value, column.kind === "whole");
        if (number === null || Number.isNaN(number)) return String(value);
        const shown = formatNumber(number, column.kind === "whole" ? 0 : column.decimals ?? 2);
        // A volume is in its line's capability's unit (kW of IT load, servers ...): shown beside it, as text.
        const unit = column.per_capability_unit ? capabilityUnits[cell.getRow().getData().capability] : "";
        if (!unit) return shown;
        const text = document.createElement("span");
        text.textContent = `${shown} ${unit}`;
        if (!problem) element.setAttribute("title", text.textContent); // the whole unit, when the column cuts it short
        return text;
      }
      return String(value);
    };
  }

  // Advanced columns (exit costs, the regulator's condition) start hidden unless a saved line fills one.
  const advancedFields = payload.columns.filter((column) => column.advanced).map((column) => column.field);
  const filled = (value) => value !== null && value !== undefined && !["", "false"].includes(String(value).trim());
  let advancedShown = payload.rows.some((row) => advancedFields.some((name) => filled(row[name])));

  // Minimum widths: the widest grid (business functions, thirteen columns) must fit a 1366 px screen.
  const WIDTHS = { capability: 160, annual_cost: 120, notes: 100, annual_volume: 90, volume: 150 };
  const columns = payload.columns.map((column) => {
    const numeric = column.kind !== "capability" && column.kind !== "text";
    const definition = {
      title: column.unit ? `${column.short} (${column.unit})` : column.short,
      field: column.field,
      headerTooltip: column.help ? `${column.title}: ${column.help}` : column.title,
      hozAlign: numeric ? "right" : "left",
      minWidth: WIDTHS[column.field] || (column.kind === "score" ? 62 : 70),
      widthGrow: column.field === "notes" ? 2 : 1,
      formatter: formatterFor(column),
      editor: "input",
      headerWordWrap: true,
    };
    if (column.kind === "capability") {
      definition.frozen = true;
      definition.editor = "list";
      definition.editorParams = {
        values: [{ label: texts.choose, value: "" },
                 ...payload.capabilities.map(({ code, name }) => ({ label: name, value: code }))],
        autocomplete: true,
        allowEmpty: true,
        listOnEmpty: true,
        freetext: false,
      };
      definition.mutator = (value) => (value === undefined ? value : capabilityCode(value));
    }
    if (column.advanced) definition.visible = advancedShown;
    if (column.kind === "boolean") {
      definition.hozAlign = "center";
      definition.editor = "list";
      // Text, as the server reads the grid's cells: "true" / "false" (grid_forms refuses JSON booleans).
      definition.editorParams = { values: [{ label: texts.no, value: "false" }, { label: texts.yes, value: "true" }] };
    }
    return definition;
  });
  const fields = payload.columns.map((column) => column.field);
  const blankRow = () => keyed({ id: null, ...Object.fromEntries(fields.map((name) => [name, ""])) });

  // Spreadsheets copy a block as tab-separated lines; cells holding tabs or line breaks come quoted.
  function parseBlock(text) {
    const rows = [];
    let row = [];
    let cell = "";
    let quoted = false;
    const body = text.replace(/\r\n?/g, "\n");
    for (let i = 0; i < body.length; i += 1) {
      const char = body[i];
      if (quoted) {
        if (char === '"' && body[i + 1] === '"') { cell += '"'; i += 1; } else if (char === '"') quoted = false;
        else cell += char;
      } else if (char === '"' && cell === "") quoted = true;
      else if (char === "\t") { row.push(cell); cell = ""; } else if (char === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; } else cell += char;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  let table;
  function startOfSelection() {
    const ranges = table.getRanges();
    const range = ranges[ranges.length - 1];
    if (!range) return { rowIndex: 0, fieldIndex: 0 };
    const field = range.getColumns().map((column) => column.getField()).find((name) => fields.includes(name));
    return { rowIndex: Math.max(range.getTopEdge(), 0), fieldIndex: Math.max(fields.indexOf(field), 0) };
  }

  // Paste: the block lands at the selected cell and fills as many lines as it holds, adding lines.
  function pasteParser(clipboard) {
    const block = parseBlock(clipboard);
    if (!block.length) return false;
    const { fieldIndex } = startOfSelection();
    return block.map((cells) => {
      const row = {};
      cells.forEach((value, offset) => {
        const name = fields[fieldIndex + offset];
        if (name) row[name] = value.trim();
      });
      return row;
    });
  }
  function pasteAction(data) {
    const { rowIndex } = startOfSelection();
    const rows = table.getRows("active");
    const room = payload.max_rows - rows.length;
    const extra = Math.max(rowIndex + data.length - rows.length, 0);
    if (extra > room) { announce(texts.too_many); return []; }
    table.blockRedraw();
    const changed = [];
    data.forEach((values, offset) => {
      const row = rows[rowIndex + offset];
      if (row) { row.update(values); changed.push(row); }
    });
    table.restoreRedraw();
    if (extra) table.addData(data.slice(data.length - extra).map((values) => ({ ...blankRow(), ...values })), false);
    changed.forEach((row) => clearRowErrors(row));
    markDirty();
    return changed;
  }

  table = new Tabulator("#line-grid", {
    data: payload.rows.length ? payload.rows.map(keyed) : [blankRow()],
    index: "_key",
    columns,
    layout: "fitColumns",
    height: "min(60vh, 38rem)",
    rowHeader: { resizable: false, frozen: true, width: 44, hozAlign: "center", formatter: "rownum", headerSort: false, editor: false, cssClass: "range-header-col" },
    columnDefaults: { headerSort: false, resizable: "header" },
    selectableRange: 1,
    selectableRangeColumns: true,
    selectableRangeRows: true,
    selectableRangeClearCells: true,
    selectableRangeClearCellsValue: "",
    editTriggerEvent: "dblclick",
    clipboard: true,
    clipboardCopyStyled: false,
    clipboardCopyConfig: { rowHeaders: false, columnHeaders: false },
    clipboardCopyRowRange: "range",
    clipboardPasteParser: pasteParser,
    clipboardPasteAction: pasteAction,
    history: true,
  });

  const status = holder.querySelector("[data-grid-status]");
  function announce(message) { if (status) { status.textContent = ""; status.textContent = message; } }

  // --- Totals as you type. ---
  const totalsOut = holder.querySelector("[data-grid-totals]");
  const warningOut = holder.querySelector("[data-grid-warning]");
  function updateTotals() {
    let cost = 0;
    let ftes = 0;
    let lines = 0;
    let unreadable = 0;
    table.getData().forEach((row) => {
      if (fields.some((name) => String(row[name] ?? "").trim())) lines += 1;
      [["annual_cost", (v) => { cost += v; }], ["ftes", (v) => { ftes += v; }]].forEach(([name, add]) => {
        const value = parseAmount(row[name]);
        if (Number.isNaN(value)) unreadable += 1; else if (value !== null) add(value);
      });
    });
    const currency = (payload.columns.find((c) => c.field === "annual_cost") || {}).unit || "";
    totalsOut.textContent = `${texts.total}: ${formatNumber(cost, 2)} ${currency} · FTE ${formatNumber(ftes, 1)} · ${lines} ${texts.lines}`;
    totalsOut.dataset.annualCost = String(cost);
    warningOut.textContent = unreadable ? texts.unreadable : "";
  }

  // --- Unsaved changes. ---
  let dirty = false;
  let leaving = false;
  function markDirty() { dirty = true; updateTotals(); }
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !leaving) { event.preventDefault(); event.returnValue = ""; }
  });

  function clearRowErrors(row) {
    const key = row.getData()._key;
    fields.forEach((name) => serverErrors.delete(errorKey(key, name)));
    row.reformat();
  }
  table.on("cellEdited", (cell) => {
    serverErrors.delete(errorKey(cell.getRow().getData()._key, cell.getField()));
    cell.getRow().reformat();
    markDirty();
  });
  table.on("dataChanged", () => markDirty());
  table.on("tableBuilt", () => {
    holder.hidden = false;
    document.querySelector("[data-line-grid-help]")?.removeAttribute("hidden");
    table.redraw(true);
    updateTotals();
  });

  // --- Advanced columns: shown on request, or when the server names a problem in one. ---
  const advancedToggle = holder.querySelector("[data-grid-advanced]");
  function showAdvanced(shown) {
    advancedShown = shown;
    table.blockRedraw();
    advancedFields.forEach((name) => (shown ? table.showColumn(name) : table.hideColumn(name)));
    table.restoreRedraw();
    if (advancedToggle) advancedToggle.setAttribute("aria-pressed", String(shown));
  }
  if (advancedToggle) {
    if (!advancedFields.length) advancedToggle.hidden = true;
    advancedToggle.textContent = texts.advanced;
    advancedToggle.title = texts.advanced_help;
    advancedToggle.setAttribute("aria-pressed", String(advancedShown));
    advancedToggle.addEventListener("click", () => showAdvanced(!advancedShown));
  }

  // --- Toolbar: add, remove, fill down. ---
  holder.querySelector("[data-grid-add]").addEventListener("click", () => {
    if (table.getDataCount() >= payload.max_rows) { announce(texts.too_many); return; }
    table.addRow(blankRow(), false).then((row) => {
      table.scrollToRow(row, "bottom", false);
      const first = row.getCells().find((cell) => cell.getField() === fields[0]);
      if (first) first.edit();
      announce(texts.added);
      markDirty();
    });
  });
  function removeSelected() {
    const rows = new Set();
    table.getRanges().forEach((range) => range.getRows().forEach((row) => rows.add(row)));
    rows.forEach((row) => row.delete());
    if (!table.getDataCount()) table.addRow(blankRow());
    announce(texts.removed);
    markDirty();
  }
  holder.querySelector("[data-grid-remove]").addEventListener("click", removeSelected);
  function fillDown() {
    table.getRanges().forEach((range) => {
      const cells = range.getStructuredCells();
      if (cells.length < 2) return;
      table.blockRedraw();
      cells[0].forEach((top, column) => {
        cells.slice(1).forEach((row) => { if (row[column]) row[column].setValue(top.getValue()); });
      });
      table.restoreRedraw();
    });
    markDirty();
  }
  holder.querySelector("[data-grid-fill]").addEventListener("click", fillDown);
  // Typing on a selected cell replaces its value, as in a spreadsheet (Enter or a double click edits it).
  function typeOver(event) {
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
    if (document.activeElement && document.activeElement.closest(".tabulator-editing")) return;
    const ranges = table.getRanges();
    const range = ranges[ranges.length - 1];
    const cell = range && range.getStructuredCells()[0]?.[0];
    if (!cell || !fields.includes(cell.getField())) return;
    event.preventDefault();
    cell.edit(true);
    const input = cell.getElement().querySelector("input");
    if (!input) return;
    input.value = event.key;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keyup", { key: event.key, bubbles: true }));
  }
  document.getElementById("line-grid").addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && (event.key === "d" || event.key === "D")) {
      event.preventDefault();
      fillDown();
      return;
    }
    typeOver(event);
  });

  // --- Saving: every row as one JSON document; errors come back at row and column. ---
  const errorBox = holder.querySelector("[data-grid-errors]");
  function showErrors(message, errors, rowKeys) {
    serverErrors.clear();
    errorBox.querySelector("[data-grid-errors-title]").textContent = message;
    const list = errorBox.querySelector("[data-grid-errors-list]");
    list.replaceChildren();
    const titles = Object.fromEntries(payload.columns.map((column) => [column.field, column.title]));
    errors.forEach(({ row, field, message: text }) => {
      const key = rowKeys[row];
      if (key !== undefined) serverErrors.set(errorKey(key, field || fields[0]), text);
      const item = document.createElement("li");
      const place = texts.row.replace("%(number)s", String(row + 1));
      item.textContent = `${place}${field ? ` · ${titles[field] || field}` : ""}: ${text}`;
      item.dataset.row = String(row);
      item.dataset.field = field;
      list.appendChild(item);
    });
    errorBox.hidden = false;
    if (!advancedShown && errors.some(({ field }) => advancedFields.includes(field))) showAdvanced(true);
    table.getRows().forEach((row) => row.reformat());
    const first = errors[0];
    if (first && rowKeys[first.row] !== undefined) table.scrollToRow(rowKeys[first.row], "center", false);
  }

  const lockInput = form.querySelector("[data-grid-lock]");
  let saving = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving) return;
    const action = event.submitter?.value || "save";
    const data = table.getData();
    const body = {
      lock_version: Number(lockInput.value),
      action,
      rows: data.map((row) => ({ id: row.id, ...Object.fromEntries(fields.map((name) => [name, row[name] ?? ""])) })),
    };
    const rowKeys = data.map((row) => row._key);
    saving = true;
    announce(texts.saving);
    let response;
    let answer = {};
    try {
      response = await fetch(window.location.pathname, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
        },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      answer = await response.json().catch(() => ({}));
    } catch (error) {
      response = null;
    }
    saving = false;
    if (response && response.redirected) {
      // The draft can no longer be edited (submitted meanwhile): the server sent its page instead.
      leaving = true;
      window.location.assign(response.url);
      return;
    }
    if (response && response.ok && answer.redirect) {
      leaving = true;
      window.location.assign(answer.redirect);
      return;
    }
    if (response && answer.redirect) { leaving = true; window.location.assign(answer.redirect); return; }
    showErrors(answer.message || texts.failed, answer.errors || [], rowKeys);
    errorBox.scrollIntoView({ block: "nearest" });
  });
  updateTotals();
})();
