// Dashboard charts: each canvas[data-chart] is drawn from the JSON of its data-source element.
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var style = getComputedStyle(document.documentElement);
  var colour = function (name, fallback) {
    return style.getPropertyValue(name).trim() || fallback;
  };
  var primary = colour("--tv-brand-2", "#1f6f8b");
  var accent = colour("--tv-accent", "#f4a259");
  var grid = "rgba(0, 0, 0, 0.06)";

  Chart.defaults.font.family = style.getPropertyValue("--bs-body-font-family") || Chart.defaults.font.family;
  Chart.defaults.color = colour("--bs-secondary-color", "#6c757d");
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    Chart.defaults.animation = false;
  }

  function readData(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function money(currency, compact) {
    var format = new Intl.NumberFormat("en-GB", compact ? { notation: "compact" } : { maximumFractionDigits: 0 });
    return function (value) {
      return currency + " " + format.format(value);
    };
  }

  function pipelineChart(canvas, data) {
    var currency = canvas.getAttribute("data-currency") || "";
    var formatMoney = money(currency, false);
    return new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "bar",
            label: "Expected annual spend",
            data: data.spend,
            backgroundColor: primary,
            borderRadius: 4,
            yAxisID: "spend",
            order: 2,
          },
          {
            type: "line",
            label: "Companies",
            data: data.counts,
            borderColor: accent,
            backgroundColor: accent,
            pointRadius: 4,
            showLine: false,
            yAxisID: "count",
            order: 1,
          },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.yAxisID === "spend"
                  ? item.dataset.label + ": " + formatMoney(item.parsed.y)
                  : item.dataset.label + ": " + item.parsed.y;
              },
            },
          },
        },
        scales: {
          x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 45 } },
          spend: {
            position: "left",
            beginAtZero: true,
            grid: { color: grid },
            ticks: { callback: money(currency, true) },
          },
          count: {
            position: "right",
            beginAtZero: true,
            grid: { display: false },
            ticks: { precision: 0 },
            title: { display: true, text: "Companies" },
          },
        },
      },
    });
  }

  function ticketsChart(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Opened", data: data.opened, backgroundColor: primary, borderRadius: 4 },
          { label: "Closed", data: data.closed, backgroundColor: accent, borderRadius: 4 },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, grid: { color: grid }, ticks: { precision: 0 } },
        },
      },
    });
  }

  var draw = { pipeline: pipelineChart, tickets: ticketsChart };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var data = readData(canvas);
    var chart = draw[canvas.getAttribute("data-chart")];
    if (data && chart) {
      chart(canvas, data);
    }
  });
})();
