// The practice page: typeset the mathematics ($...$, from the local KaTeX) and send an answer only once.
(function () {
  "use strict";
  var page = document.querySelector(".practice");
  if (!page) return;
  if (window.renderMathInElement) {
    window.renderMathInElement(page, {
      delimiters: [{left: "$$", right: "$$", display: true}, {left: "$", right: "$", display: false}],
      throwOnError: false,
    });
  }
  var form = page.querySelector("form.answer");
  if (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      window.setTimeout(function () { button.disabled = true; }, 0);  // after the browser has read the form
    });
  }
})();
