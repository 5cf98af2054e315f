/* Pulse dashboard: progressive enhancement only. Every page works without this file. */
(function () {
  "use strict";

  // Copy buttons: <button data-copy="element-id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = "value" in source && source.value !== undefined ? source.value : source.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.setAttribute("aria-live", "polite");
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      if (source.select) { source.select(); } else {
        var range = document.createRange(); range.selectNodeContents(source);
        var selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
      }
      try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
    }
  });

  // Destructive forms: <form data-confirm="Really?">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // New project: suggest a slug from the name until the slug is edited by hand.
  document.querySelectorAll("form[data-slug-from]").forEach(function (form) {
    var from = document.getElementById(form.getAttribute("data-slug-from"));
    var to = document.getElementById(form.getAttribute("data-slug-to"));
    if (!from || !to) return;
    var touched = to.value !== "";
    to.addEventListener("input", function () { touched = true; });
    from.addEventListener("input", function () {
      if (touched) return;
      to.value = from.value.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
        .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    });
  });
})();
