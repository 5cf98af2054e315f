// The portal's one script (pulse/portal.py): votes without leaving the page. Without it
// the same forms post and come back (303), so everything works with JavaScript off.
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
})();
