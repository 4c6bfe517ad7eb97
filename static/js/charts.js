// Draws every chart on the page from its JSON (see templates/partials/chart.html), with our own plotly.js.
(function () {
  function draw(root) {
    root.querySelectorAll(".plot[data-figure]").forEach(function (div) {
      var source = document.getElementById(div.dataset.figure);
      if (!source || div.dataset.drawn) return;
      var figure = JSON.parse(source.textContent);
      div.dataset.drawn = "1";
      Plotly.newPlot(div, figure.data, figure.layout, {
        responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"],
        displayModeBar: window.innerWidth > 600 ? "hover" : false  // on a phone the toolbar would cover the title
      }).then(function () { div.dispatchEvent(new CustomEvent("chart:drawn", { bubbles: true })); });
    });
  }
  window.drawCharts = draw;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
})();
