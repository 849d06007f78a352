// Draws every plotly figure on the page from its json_script element. No inline script (CSP):
// a chart is a <div data-figure-id="ID"> next to <script type="application/json" id="ID">.
"use strict";
(() => {
  const plots = [];
  // Below this chart width (a phone; a half-width chart on a laptop is wider) a figure's `narrow`
  // layout is merged into its layout: labels above the bars instead of in a margin that would
  // squeeze them (assessments/roadmaps/charts/base.py).
  const NARROW = 480;

  const merged = (base, extra) => {
    const out = Object.assign({}, base);
    Object.entries(extra).forEach(([key, value]) => {
      const nested = (item) => item && typeof item === "object" && !Array.isArray(item);
      out[key] = nested(value) && nested(base[key]) ? merged(base[key], value) : value;
    });
    return out;
  };

  const isNarrow = (element) => (Number(element.dataset.width) || element.clientWidth) < NARROW;

  // A long legend name cut into lines on a phone (figure.narrow_traces, one override a trace).
  const tracesFor = (element, figure) =>
    (figure.data || []).map((trace, index) =>
      figure.narrow_traces && isNarrow(element) ? merged(trace, figure.narrow_traces[index] || {}) : trace,
    );

  const layoutFor = (element, figure) => {
    const narrow = Boolean(figure.narrow) && isNarrow(element);
    element.dataset.narrow = String(narrow);
    const layout = narrow ? merged(figure.layout || {}, figure.narrow) : Object.assign({}, figure.layout || {});
    if (element.dataset.width) {
      layout.width = Number(element.dataset.width);
      layout.autosize = false;
    }
    return layout;
  };

  const showTable = (element) => {
    // Without plotly (blocked, failed to load) the numbers are still there: open the table.
    const details = document.querySelector(`[data-chart-table="${element.id}"]`);
    if (details) {
      details.open = true;
    }
    element.classList.add("chart-unavailable");
  };

  const draw = (element) => {
    const source = document.getElementById(element.dataset.figureId);
    if (!source) {
      return;
    }
    if (typeof window.Plotly === "undefined") {
      showTable(element);
      return;
    }
    let figure;
    try {
      figure = JSON.parse(source.textContent);
    } catch (error) {
      showTable(element);
      return;
    }
    const layout = layoutFor(element, figure);
    const config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
    if (element.dataset.width) {
      // A page laid out as paper (the board pack): the chart keeps one width on screen and in
      // print, so printing never depends on a resize finishing before the page is captured.
      config.responsive = false;
    }
    window.Plotly.newPlot(element, tracesFor(element, figure), layout, config).then(
      () => {
        element.dataset.rendered = "true";
        plots.push({ element, figure, config });
      },
      () => showTable(element),
    );
  };

  const resizeAll = () => {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    plots
      .filter(({ element }) => !element.dataset.width)
      .forEach(({ element }) => window.Plotly.Plots.resize(element));
  };

  // A window turned or resized across the phone width: redraw with the other layout.
  const relayout = () => {
    plots
      .filter(({ element, figure }) => figure.narrow && String(isNarrow(element)) !== element.dataset.narrow)
      .forEach(({ element, figure, config }) => {
        window.Plotly.react(element, tracesFor(element, figure), layoutFor(element, figure), config);
      });
  };
  let pending = null;
  window.addEventListener("resize", () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(relayout, 150);
  });

  document.querySelectorAll("[data-figure-id]").forEach(draw);

  // Printing changes the page width: redraw the charts to the paper's width.
  if (window.matchMedia) {
    const print = window.matchMedia("print");
    const onChange = () => resizeAll();
    if (print.addEventListener) {
      print.addEventListener("change", onChange);
    } else if (print.addListener) {
      print.addListener(onChange);
    }
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);

  document.querySelectorAll("[data-action='print']").forEach((button) => {
    button.addEventListener("click", () => {
      resizeAll();
      window.print();
    });
  });
})();
