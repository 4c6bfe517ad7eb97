// Exercises on a page (practice, a teacher's exercises and their preview): typeset the mathematics ($...$, from
// the local KaTeX) in every .practice and .math element, and send an answer only once.
(function () {
  "use strict";
  var blocks = document.querySelectorAll(".practice, .math");
  if (window.renderMathInElement) {
    blocks.forEach(function (block) {
      window.renderMathInElement(block, {
        delimiters: [{left: "$$", right: "$$", display: true}, {left: "$", right: "$", display: false}],
        throwOnError: false,
      });
    });
  }
  var form = document.querySelector(".practice form.answer");
  if (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      window.setTimeout(function () { button.disabled = true; }, 0);  // after the browser has read the form
    });
  }
})();
