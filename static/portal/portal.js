// The portal's one script (pulse/portal.py): votes without leaving the page, and similar
// ideas suggested while a new idea's title is typed. Without it the same forms post and come
// back (303), so everything works with JavaScript off.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("vote") || !window.fetch) return;
    var button = event.submitter;
    if (!button || !button.value) return;
    event.preventDefault();
    var body = new FormData(form);
    body.append("vote_type", button.value);
    fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (result) {
        form.querySelector(".count").textContent = String(result.vote_count);
        form.querySelectorAll("button[data-vote]").forEach(function (other) {
          other.setAttribute("aria-pressed", String(other.value === result.user_vote));
        });
      })
      .catch(function () {
        var field = document.createElement("input");
        field.type = "hidden"; field.name = "vote_type"; field.value = button.value;
        form.appendChild(field);
        HTMLFormElement.prototype.submit.call(form);
      });
  });

  // The new-idea form (feedback/portal.py): ideas like the title, from `ideas/similar/`.
  // Their titles go in as text, never as HTML.
  var form = document.getElementById("idea-form");
  var title = form && form.querySelector("input[name=title]");
  var box = document.getElementById("similar");
  if (!title || !box || !window.fetch) return;
  var list = document.getElementById("similar-list");
  var field = title.closest(".field");
  if (field) field.after(box);
  var timer = null, asked = "";
  function show(ideas) {
    list.replaceChildren();
    ideas.forEach(function (idea) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = idea.url;
      link.textContent = idea.title;
      var votes = document.createElement("span");
      votes.className = "votes";
      votes.textContent = "▲ " + idea.vote_count;
      item.append(link, votes);
      list.appendChild(item);
    });
    box.hidden = ideas.length === 0;
  }
  function ask() {
    var text = title.value.trim();
    if (text === asked) return;
    asked = text;
    if (text.length < 3) return show([]);
    fetch(form.getAttribute("data-similar") + "?title=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : { data: [] }; })
      .then(function (body) { if (asked === text) show(body.data || []); })
      .catch(function () {});
  }
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
})();
