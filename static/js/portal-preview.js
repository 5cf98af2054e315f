/* The Settings page's live preview of the public portal (templates/projects/project_settings.html).
   It follows the fields as the team edits them: the project's name, the logo URL, the accent
   colour (its light and dark colours come from the server's one contrast rule, the same as
   theme.css: GET settings/portal/theme?accent=) and the default language. Colours are set as
   CSS custom properties through the CSSOM (no style attribute, no inline style: strict CSP). */
(function () {
  "use strict";
  var panel = document.querySelector("[data-portal-preview]");
  if (!panel || !window.fetch) return;
  var preview = panel.querySelector(".portal-preview");
  var note = panel.querySelector("[data-preview-note]");
  var logo = panel.querySelector("[data-preview-logo]");
  var field = function (name) { return document.getElementById("id_" + name); };
  var nameField = field("name"), accentField = field("accent_color"), logoField = field("logo_url"), localeField = field("default_locale");
  var theme = { light: {}, dark: {} }, mode = "light", asked = 0, timer = null;

  var paint = function () {
    var variables = Object.assign({}, theme.light, mode === "dark" ? theme.dark : {});
    Object.keys(variables).forEach(function (name) { preview.style.setProperty(name, variables[name]); });
    preview.setAttribute("data-theme", mode);
  };

  var loadTheme = function () {
    var accent = accentField ? accentField.value : "";
    if (!/^#[0-9a-fA-F]{6}$/.test(accent)) return;
    var ticket = ++asked;
    fetch(panel.getAttribute("data-theme-url") + "?accent=" + encodeURIComponent(accent), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) {
        if (!result || ticket !== asked) return;
        theme = result;
        paint();
        var swapped = [];
        if (result.light["--link"] !== accent.toLowerCase()) swapped.push(result.light["--link"] + " on light backgrounds");
        if (result.dark["--link"] !== accent.toLowerCase()) swapped.push(result.dark["--link"] + " on dark backgrounds");
        note.textContent = swapped.length ? "For readable links (contrast 4.5:1), the portal uses " + swapped.join(" and ") + " instead of this colour." : "";
      })
      .catch(function () {});
  };

  var showName = function () {
    var name = (nameField && nameField.value.trim()) || panel.querySelector("[data-preview-name]").textContent;
    panel.querySelectorAll("[data-preview-name]").forEach(function (element) { element.textContent = name; });
  };

  var showLogo = function () {
    var url = logoField ? logoField.value.trim() : "";
    if (/^https:\/\/[^\s"'<>]+$/i.test(url)) {
      logo.src = url;
      logo.hidden = false;
    } else {
      logo.removeAttribute("src");
      logo.hidden = true;
    }
  };
  logo.addEventListener("error", function () { logo.hidden = true; });

  var showWords = function () {
    var code = localeField ? localeField.value : "en";
    var words = panel.querySelector('[data-preview-words="' + code + '"]') || panel.querySelector("[data-preview-words]");
    preview.setAttribute("lang", code);
    panel.querySelectorAll("[data-preview-word]").forEach(function (element) {
      element.textContent = words.getAttribute("data-" + element.getAttribute("data-preview-word"));
    });
  };

  panel.querySelectorAll("[data-preview-theme]").forEach(function (button) {
    button.addEventListener("click", function () {
      mode = button.getAttribute("data-preview-theme");
      panel.querySelectorAll("[data-preview-theme]").forEach(function (other) { other.setAttribute("aria-pressed", String(other === button)); });
      paint();
    });
  });

  if (nameField) nameField.addEventListener("input", showName);
  if (logoField) logoField.addEventListener("input", showLogo);
  if (localeField) localeField.addEventListener("change", showWords);
  if (accentField) accentField.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(loadTheme, 120); });

  panel.hidden = false;
  showName(); showLogo(); showWords(); loadTheme();
})();
