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

  // Form errors: the summary at the top of the form takes focus (screen readers read it, the
  // page scrolls to it); its links move focus to the field they name.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); summary.scrollIntoView({ block: "start" }); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-focus-field]");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("data-focus-field"));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({ block: "center" }); }
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

  // Markdown editor: live preview rendered (and sanitised) by the server.
  var preview = document.getElementById("markdown-preview");
  var source = document.getElementById("id_content_markdown");
  if (preview && source && window.fetch) {
    var timer = null;
    var render = function () {
      var body = new FormData();
      body.append("content_markdown", source.value);
      body.append("csrfmiddlewaretoken", source.form.querySelector("[name=csrfmiddlewaretoken]").value);
      fetch(preview.getAttribute("data-preview-url"), { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null) preview.innerHTML = html || "<p class=\"muted\">Nothing to preview yet.</p>"; });
    };
    source.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(render, 300); });
  }

  // Announcement editor: the banner preview follows the form as you type.
  document.querySelectorAll("form[data-banner-preview]").forEach(function (form) {
    var banner = document.getElementById(form.getAttribute("data-banner-preview"));
    if (!banner) return;
    var update = function () {
      banner.querySelectorAll("[data-preview-of]").forEach(function (node) {
        var field = document.getElementById(node.getAttribute("data-preview-of"));
        if (field) node.textContent = field.value || (field.id === "id_title" ? "Your title" : "");
      });
      // The widget's rule (static/widget/banner-colors.js): own colour or the type's, readable text.
      var byType = document.getElementById("id_type_color"), color = document.getElementById("id_banner_color");
      var type = document.getElementById("id_type");
      var colors = pulseBannerColors(color && !(byType && byType.checked) ? color.value : "", type ? type.value : "info");
      banner.style.setProperty("--banner", colors[0]);
      banner.style.setProperty("color", colors[1]);
      if (color) color.disabled = !!byType && byType.checked;
      var dismissible = document.getElementById("id_is_dismissible");
      var close = banner.querySelector(".banner-close");
      if (dismissible && close) close.hidden = !dismissible.checked;
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });

  // Colour swatches of the announcement list, painted by the same rule (no inline styles: CSP).
  document.querySelectorAll("[data-banner-type]").forEach(function (swatch) {
    swatch.style.background = pulseBannerColors(swatch.getAttribute("data-banner-color"), swatch.getAttribute("data-banner-type"))[0];
  });

  // Selects marked data-autosubmit submit their form on change (the button stays for no-JS).
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
  });
})();
