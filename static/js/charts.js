// Draws every chart on the page from its JSON (see templates/partials/chart.html), with our own plotly.js.
(function () {
  // Dates and the toolbar in Simplified Chinese when the page is (plotly's own zh-CN locale, inlined:
  // the pinned plotly package ships no locale files).
  var language = (document.documentElement.lang || "en").toLowerCase();
  var locale = language.indexOf("zh") === 0 ? "zh-CN" : "en";
  if (locale === "zh-CN") {
    Plotly.register({
      moduleType: "locale", name: "zh-CN",
      dictionary: {
        "Autoscale": "自动缩放", "Download plot as a png": "下载图表为 PNG 图片", "Pan": "平移",
        "Reset axes": "重置坐标轴", "Zoom": "缩放", "Zoom in": "放大", "Zoom out": "缩小",
        "Toggle Spike Lines": "切换辅助线", "Show closest data on hover": "悬停时显示最近的数据",
        "Compare data on hover": "悬停时比较数据", "Produced with Plotly.js": "由 Plotly.js 生成"
      },
      format: {
        days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
        shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
        date: "%Y-%m-%d"
      }
    });
  }
  // A chart narrower than its figure's `narrow.below` is drawn with its phone layout (portal/charts/base.py:
  // phone_layout), merged over the figure; it is drawn again when a rotation or resize crosses that width.
  function merged(base, patch) {
    if (!isObject(base) || !isObject(patch)) return patch === undefined ? base : patch;
    var out = Object.assign({}, base);
    Object.keys(patch).forEach(function (key) { out[key] = merged(base[key], patch[key]); });
    return out;
  }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function fitted(div, source) {
    var figure = JSON.parse(source.textContent);  // afresh each time: plotly writes into what it is given
    var box = div.closest("figure.chart") || div;  // what shows of it: a wide chart may scroll in its box
    if (!figure.narrow || box.clientWidth >= figure.narrow.below) {
      return { data: figure.data, layout: figure.layout, narrow: false };
    }
    return {
      data: figure.data.map(function (trace, n) { return merged(trace, figure.narrow.data[n]); }),
      layout: merged(figure.layout, figure.narrow.layout), narrow: true
    };
  }
  function config() {
    return {
      responsive: true, displaylogo: false, locale: locale, modeBarButtonsToRemove: ["lasso2d", "select2d"],
      displayModeBar: window.innerWidth > 600 ? "hover" : false  // on a phone the toolbar would cover the title
    };
  }
  var drawn = [];
  function draw(root) {
    root.querySelectorAll(".plot[data-figure]").forEach(function (div) {
      var source = document.getElementById(div.dataset.figure);
      if (!source || div.dataset.drawn) return;
      div.style.minHeight = div.dataset.height + "px";  // here, not in a style attribute: the CSP allows none
      div.dataset.drawn = "1";
      var figure = fitted(div, source);
      drawn.push({ div: div, source: source, narrow: figure.narrow });
      Plotly.newPlot(div, figure.data, figure.layout, config()).then(function () {
        div.dispatchEvent(new CustomEvent("chart:drawn", { bubbles: true }));
      });
    });
  }
  var waiting = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(waiting);
    waiting = window.setTimeout(function () {
      drawn.forEach(function (chart) {
        var figure = fitted(chart.div, chart.source);
        if (figure.narrow === chart.narrow) return;
        chart.narrow = figure.narrow;
        Plotly.react(chart.div, figure.data, figure.layout, config());
      });
    }, 200);
  });
  window.drawCharts = draw;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
})();
